-- Monitoring (watchdog, SLO figures, incidents). Platform tables: no
-- tenant_id, no row-level security — only operators and the watchdog use
-- them, in the platform scope (tenant 0), like mail_outbox.
--
-- leases: one row per leader lease ("watchdog"); an instance takes or
-- renews it with a conditional UPDATE (holder is itself or expires_at has
-- passed), or INSERT when no row exists yet.
-- slo_probes: per-hour aggregates of the watchdog's readiness probes (an
-- hour rather than a minute keeps a 12-month report at 8,760 rows).
-- slo_requests: per-route, per-hour request aggregates; each instance adds
-- its counts every minute (upsert adding), so instances add up. Buckets
-- b0..b9 count durations ≤ 50, 100, 200, 300, 500, 1000, 2000, 3000,
-- 5000 ms and above.
-- incidents: 障害 records, opened by the watchdog or by an operator.
-- affected is 'all' or a comma-separated list of tenant IDs.

-- +goose Up
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE slo_probes (
    hour           TIMESTAMP PRIMARY KEY,
    total          BIGINT NOT NULL DEFAULT 0,
    ok             BIGINT NOT NULL DEFAULT 0,
    latency_ms_sum BIGINT NOT NULL DEFAULT 0,
    latency_ms_max BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE slo_requests (
    hour     TIMESTAMP NOT NULL,
    route    TEXT NOT NULL,
    total    BIGINT NOT NULL DEFAULT 0,
    under_3s BIGINT NOT NULL DEFAULT 0,
    b0 BIGINT NOT NULL DEFAULT 0, b1 BIGINT NOT NULL DEFAULT 0, b2 BIGINT NOT NULL DEFAULT 0,
    b3 BIGINT NOT NULL DEFAULT 0, b4 BIGINT NOT NULL DEFAULT 0, b5 BIGINT NOT NULL DEFAULT 0,
    b6 BIGINT NOT NULL DEFAULT 0, b7 BIGINT NOT NULL DEFAULT 0, b8 BIGINT NOT NULL DEFAULT 0,
    b9 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, route)
);

CREATE TABLE incidents (
    id           BIGINT PRIMARY KEY,
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    cause        TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    affected     TEXT NOT NULL DEFAULT 'all',
    source       TEXT NOT NULL,
    check_name   TEXT NOT NULL DEFAULT '',
    announced    BOOLEAN NOT NULL DEFAULT 0,
    announced_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX incidents_started ON incidents (started_at);

-- +goose Down
DROP TABLE incidents;
DROP TABLE slo_requests;
DROP TABLE slo_probes;
DROP TABLE leases;
