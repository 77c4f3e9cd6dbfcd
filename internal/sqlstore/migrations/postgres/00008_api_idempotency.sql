-- Answers to API requests sent with an Idempotency-Key (internal/idempotency).
-- status 0 marks a claim whose request is still running.

-- +goose Up
CREATE TABLE api_idempotency (
    tenant_id    BIGINT NOT NULL,
    caller       TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  BYTEA NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, caller, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (tenant_id, created_at);

ALTER TABLE api_idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_idempotency FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_idempotency
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE api_idempotency;
