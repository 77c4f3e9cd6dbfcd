-- Backups (`oroshi backup create` and the daily job): one row per run, in
-- the operators' scope (tenant_id 0). status is 'running', 'ok' or
-- 'failed'; file is the encrypted file's name in the backup directory.

-- +goose Up
CREATE TABLE backup_runs (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      TEXT NOT NULL,
    file        TEXT NOT NULL DEFAULT '',
    bytes       BIGINT NOT NULL DEFAULT 0,
    sha256      TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX backup_runs_started ON backup_runs (tenant_id, started_at);

-- Row-level security on every new tenant table.
ALTER TABLE backup_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON backup_runs
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE backup_runs;
