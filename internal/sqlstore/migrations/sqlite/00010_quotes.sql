-- Quotes (見積): one row per quote, its versions and their lines. A
-- version is the draft while issued_at is NULL; once issued it is frozen
-- and kept (a revision is a new version). Money is BIGINT yen; civil dates
-- are TEXT 'YYYY-MM-DD' ('' when unset). Quote numbers come from the same
-- per-tenant counters as order numbers (name 'quote').

-- +goose Up
CREATE TABLE quotes (
    tenant_id        BIGINT NOT NULL,
    id               BIGINT NOT NULL,
    number           TEXT NOT NULL,
    buyer_id         BIGINT NOT NULL,
    status           TEXT NOT NULL,
    row_version      BIGINT NOT NULL DEFAULT 1,
    latest_version   INTEGER NOT NULL DEFAULT 1,
    issued_version   INTEGER NOT NULL DEFAULT 0,
    valid_until      TEXT NOT NULL DEFAULT '',
    total            BIGINT NOT NULL DEFAULT 0,
    requested_by     BIGINT NOT NULL DEFAULT 0,
    request_note     TEXT NOT NULL DEFAULT '',
    created_by       BIGINT NOT NULL DEFAULT 0,
    withdraw_reason  TEXT NOT NULL DEFAULT '',
    order_id         BIGINT NOT NULL DEFAULT 0,
    accepted_version INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);
CREATE INDEX quotes_updated ON quotes (tenant_id, updated_at, id);
CREATE INDEX quotes_status ON quotes (tenant_id, status, updated_at, id);
CREATE INDEX quotes_buyer ON quotes (tenant_id, buyer_id, updated_at, id);

CREATE TABLE quote_versions (
    tenant_id    BIGINT NOT NULL,
    quote_id     BIGINT NOT NULL,
    version      INTEGER NOT NULL,
    valid_until  TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    tax_rounding TEXT NOT NULL,
    subtotal10   BIGINT NOT NULL DEFAULT 0,
    tax10        BIGINT NOT NULL DEFAULT 0,
    subtotal8    BIGINT NOT NULL DEFAULT 0,
    tax8         BIGINT NOT NULL DEFAULT 0,
    total        BIGINT NOT NULL DEFAULT 0,
    line_count   INTEGER NOT NULL DEFAULT 0,
    issued_at    TIMESTAMP,
    issued_by    BIGINT NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, quote_id, version),
    FOREIGN KEY (tenant_id, quote_id) REFERENCES quotes (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE quote_lines (
    tenant_id    BIGINT NOT NULL,
    quote_id     BIGINT NOT NULL,
    version      INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    sku_id       BIGINT NOT NULL,
    code         TEXT NOT NULL,
    jan          TEXT NOT NULL DEFAULT '',
    product_name TEXT NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    case_qty     INTEGER NOT NULL DEFAULT 1,
    quantity     BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    price_rule   TEXT NOT NULL DEFAULT '',
    tax_rate     INTEGER NOT NULL,
    amount       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, quote_id, version, line_no),
    FOREIGN KEY (tenant_id, quote_id, version) REFERENCES quote_versions (tenant_id, quote_id, version) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE quote_lines;
DROP TABLE quote_versions;
DROP TABLE quotes;
