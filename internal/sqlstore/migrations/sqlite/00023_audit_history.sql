-- Indexes for browsing the operation history (操作履歴), newest first by
-- (at, seq): each filter reads its own index in that order, a date range
-- being a range of it, so a filtered page is a short index range whatever
-- the size of the history. The time index gains seq as its tie-breaker.

-- +goose Up
DROP INDEX audit_events_at;
CREATE INDEX audit_events_at ON audit_events (tenant_id, at, seq);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_id, at, seq);
CREATE INDEX audit_events_action ON audit_events (tenant_id, action, at, seq);
CREATE INDEX audit_events_target ON audit_events (tenant_id, target_type, target_id, at, seq);

-- +goose Down
DROP INDEX audit_events_target;
DROP INDEX audit_events_action;
DROP INDEX audit_events_actor;
DROP INDEX audit_events_at;
CREATE INDEX audit_events_at ON audit_events (tenant_id, at);
