-- Credit notes (返還請求書): money given back to a buyer for returns or
-- discounts, with per-rate amounts and the tax once per rate. A credit
-- note lowers what the buyer owes (the next closing's ご入金額 includes
-- it); it is never changed once written. Money is BIGINT yen; dates are
-- TEXT 'YYYY-MM-DD'.

-- +goose Up
CREATE TABLE credit_notes (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    number       TEXT COLLATE "C" NOT NULL,
    buyer_id     BIGINT NOT NULL,
    buyer_code   TEXT NOT NULL,
    buyer_name   TEXT NOT NULL,
    invoice_id   BIGINT NOT NULL DEFAULT 0,
    credit_date  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    tax_rounding TEXT NOT NULL,
    subtotal     BIGINT NOT NULL,
    tax          BIGINT NOT NULL,
    total        BIGINT NOT NULL,
    subtotal10   BIGINT NOT NULL DEFAULT 0,
    tax10        BIGINT NOT NULL DEFAULT 0,
    subtotal8    BIGINT NOT NULL DEFAULT 0,
    tax8         BIGINT NOT NULL DEFAULT 0,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);
CREATE INDEX credit_notes_buyer ON credit_notes (tenant_id, buyer_id, id);

CREATE TABLE credit_note_lines (
    tenant_id      BIGINT NOT NULL,
    credit_note_id BIGINT NOT NULL,
    line_no        INTEGER NOT NULL,
    description    TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    tax_rate       INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, credit_note_id, line_no),
    FOREIGN KEY (tenant_id, credit_note_id) REFERENCES credit_notes (tenant_id, id) ON DELETE CASCADE
);

-- Row-level security on every new tenant table.
ALTER TABLE credit_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credit_notes
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE credit_note_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE credit_note_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON credit_note_lines
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE credit_note_lines;
DROP TABLE credit_notes;
