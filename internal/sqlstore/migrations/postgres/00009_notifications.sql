-- In-site notices (お知らせ・通知) of sales events, one row per recipient
-- user with its own read state, and the record of what each dispatcher
-- did for a sales event (mail queued, notices made, webhooks published),
-- so that a retried dispatch job never sends anything twice.
-- link is a path below the recipient's area ("/orders/123"), never a full
-- URL, so a notice cannot point outside the site.

-- +goose Up
CREATE TABLE notifications (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    event_id   BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, event_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
-- A user's list, newest first (IDs are time-ordered), and the badge count.
CREATE INDEX notifications_user ON notifications (tenant_id, user_id, id);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id) WHERE read_at IS NULL;

CREATE TABLE sales_event_dispatches (
    tenant_id BIGINT NOT NULL,
    event_id  BIGINT NOT NULL,
    channel   TEXT NOT NULL,
    items     INTEGER NOT NULL DEFAULT 0,
    done_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, event_id, channel),
    FOREIGN KEY (tenant_id, event_id) REFERENCES sales_events (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notifications
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE sales_event_dispatches ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_event_dispatches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_event_dispatches
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE sales_event_dispatches;
DROP TABLE notifications;
