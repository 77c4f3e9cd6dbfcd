-- Operation history as a hash chain per tenant (tenant 0: operators and
-- platform). seq numbers each tenant's events 1, 2, 3 … without gaps;
-- prev_hash and hash (columns since 00001) link each event to the one
-- before it. audit_heads keeps each chain's end: the writer bumps it with
-- the event, in the same transaction, which also serialises writers.
--
-- Existing rows get their seq here, in the order they happened; their
-- hashes need the server's secret key, which SQL never sees, so
-- sqlstore.Migrate seals them in Go right after (chainUnchained).

-- +goose Up
ALTER TABLE audit_events ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;

UPDATE audit_events SET seq = r.n
FROM (SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id ORDER BY at, id) AS n
      FROM audit_events) AS r
WHERE r.tenant_id = audit_events.tenant_id AND r.id = audit_events.id;

CREATE UNIQUE INDEX audit_events_seq ON audit_events (tenant_id, seq);

CREATE TABLE audit_heads (
    tenant_id BIGINT PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_heads;
DROP INDEX audit_events_seq;
ALTER TABLE audit_events DROP COLUMN seq;
