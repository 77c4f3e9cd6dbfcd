-- Backups (`oroshi backup create` and the daily job): one row per run, in
-- the operators' scope (tenant_id 0). status is 'running', 'ok' or
-- 'failed'; file is the encrypted file's name in the backup directory.

-- +goose Up
CREATE TABLE backup_runs (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      TEXT NOT NULL,
    file        TEXT NOT NULL DEFAULT '',
    bytes       BIGINT NOT NULL DEFAULT 0,
    sha256      TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX backup_runs_started ON backup_runs (tenant_id, started_at);

-- +goose Down
DROP TABLE backup_runs;
