-- Access log, operator access grants and support inquiries (SLA 7-3, 7-4,
-- 7-8, 5-1, 5-2).
--
-- access_log: one row per HTTP request, kept five years. One table, not one
-- per month: IDs are time-ordered (sqlstore/ids.go), so every query turns
-- its date range into an ID range and walks an index whose last column is
-- the ID — by tenant (the primary key), by user, or by ID alone — and the
-- retention job deletes the oldest IDs in small batches. On ~1M rows a
-- filtered page reads only the rows it shows (see access_bench_test.go).
-- Rows of all tenants are written by one multi-row INSERT per batch from
-- the operators' side (tenant 0), so the table has no row-level security:
-- it is platform data that only the operator console and the store's
-- tenant-filtered methods read. route is the ServeMux pattern, never a URL.

-- +goose Up
CREATE TABLE access_log (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    at          TIMESTAMP NOT NULL,
    realm       TEXT NOT NULL DEFAULT '',
    user_id     BIGINT NOT NULL DEFAULT 0,
    client_addr TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL,
    route       TEXT NOT NULL,
    status      INTEGER NOT NULL,
    duration_us BIGINT NOT NULL,
    bytes       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX access_log_id ON access_log (id);
CREATE INDEX access_log_user ON access_log (user_id, id);

-- An operator's time-limited, reasoned access to one tenant's data. Rows
-- belong to the tenant so that its admins see them.
CREATE TABLE operator_grants (
    tenant_id     BIGINT NOT NULL,
    id            BIGINT NOT NULL,
    operator_id   BIGINT NOT NULL,
    operator_name TEXT NOT NULL,
    reason        TEXT NOT NULL,
    started_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    ended_at      TIMESTAMP,
    ended_by      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX operator_grants_operator ON operator_grants (tenant_id, operator_id, expires_at);

-- Inquiries. Sellers' inquiries to the operators live in tenant 0 (from_tenant_id
-- says whose); buyers' inquiries to their seller live in the seller's tenant.
CREATE TABLE inquiries (
    tenant_id      BIGINT NOT NULL,
    id             BIGINT NOT NULL,
    number         BIGINT NOT NULL,
    from_tenant_id BIGINT NOT NULL,
    from_realm     TEXT NOT NULL,
    from_user_id   BIGINT NOT NULL,
    from_name      TEXT NOT NULL,
    buyer_id       BIGINT NOT NULL DEFAULT 0,
    reply_email    TEXT NOT NULL,
    category       TEXT NOT NULL,
    subject        TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    memo           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number)
);
CREATE INDEX inquiries_sender ON inquiries (tenant_id, from_user_id, created_at);

-- +goose Down
DROP TABLE inquiries;
DROP TABLE operator_grants;
DROP TABLE access_log;
