-- Answers to API requests sent with an Idempotency-Key (internal/idempotency).
-- status 0 marks a claim whose request is still running.

-- +goose Up
CREATE TABLE api_idempotency (
    tenant_id    BIGINT NOT NULL,
    caller       TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  BLOB NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, caller, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (tenant_id, created_at);

-- +goose Down
DROP TABLE api_idempotency;
