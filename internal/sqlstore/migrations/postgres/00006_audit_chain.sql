-- Operation history as a hash chain per tenant (tenant 0: operators and
-- platform). seq numbers each tenant's events 1, 2, 3 … without gaps;
-- prev_hash and hash (columns since 00001) link each event to the one
-- before it. audit_heads keeps each chain's end: the writer bumps it with
-- the event, in the same transaction, and its row lock serialises the
-- writers of one tenant until commit.
--
-- Existing rows get their seq here, in the order they happened; their
-- hashes need the server's secret key, which SQL never sees, so
-- sqlstore.Migrate seals them in Go right after (chainUnchained).

-- +goose Up
ALTER TABLE audit_events ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;

-- FORCE would hide every row from the owner running this (no tenant is
-- set during a migration); lifted for the numbering only.
ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
UPDATE audit_events SET seq = r.n
FROM (SELECT tenant_id, id, row_number() OVER (PARTITION BY tenant_id ORDER BY at, id) AS n
      FROM audit_events) AS r
WHERE r.tenant_id = audit_events.tenant_id AND r.id = audit_events.id;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;

CREATE UNIQUE INDEX audit_events_seq ON audit_events (tenant_id, seq);

CREATE TABLE audit_heads (
    tenant_id BIGINT PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL
);

-- Row-level security as on every tenant table. Tenant 0's head is reached
-- the same way as tenant 0's events: with app.tenant_id set to 0.
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_heads
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE audit_heads;
DROP INDEX audit_events_seq;
ALTER TABLE audit_events DROP COLUMN seq;
