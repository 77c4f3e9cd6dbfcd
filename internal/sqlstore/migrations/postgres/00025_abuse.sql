-- Rate limits and automatic blocks of abusive clients (issue 7, SLA 6-12).
-- Platform data shared by every instance, like login_attempts: no tenant,
-- no row-level security; only the abuse guard and the operator console
-- read it.
--
-- rate_counters: one fixed-window counter per (key, window start), bumped
-- by one upsert; max_hits is the limit in force, so that the console can
-- list the windows that went over it. Old windows are pruned.
-- abuse_blocks: one row per client address, blocked until blocked_until
-- unless an operator lifted it.

-- +goose Up
CREATE TABLE rate_counters (
    key          TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    hits         INTEGER NOT NULL,
    max_hits     INTEGER NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_window ON rate_counters (window_start);

CREATE TABLE abuse_blocks (
    address       TEXT PRIMARY KEY,
    reason        TEXT NOT NULL,
    blocked_at    TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ NOT NULL,
    hits          INTEGER NOT NULL,
    lifted_at     TIMESTAMPTZ,
    lifted_by     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX abuse_blocks_until ON abuse_blocks (blocked_until);

-- +goose Down
DROP TABLE abuse_blocks;
DROP TABLE rate_counters;
