-- Closing runs (締め処理) asked for on the admin's page: the run is a job,
-- and this row is what its page shows while it works and after. Dates are
-- TEXT 'YYYY-MM-DD'; result is the run's summary as JSON ('{}' until done).
-- One live (queued or running) run per closing date: a second submit for
-- the same date is refused instead of racing the first.

-- +goose Up
CREATE TABLE billing_runs (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    closing_date TEXT NOT NULL,
    buyer_id     BIGINT NOT NULL DEFAULT 0,
    buyer_code   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    done         INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL DEFAULT 0,
    result       TEXT NOT NULL DEFAULT '{}',
    message      TEXT NOT NULL DEFAULT '',
    created_realm TEXT NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX billing_runs_created ON billing_runs (tenant_id, created_at);
CREATE UNIQUE INDEX billing_runs_live ON billing_runs (tenant_id, closing_date)
    WHERE status IN ('queued', 'running');

-- Row-level security on every new tenant table.
ALTER TABLE billing_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_runs
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE billing_runs;
