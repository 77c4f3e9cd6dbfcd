-- Foundation: tenants, users of the three realms, sessions, tokens, API keys,
-- audit events, notices, mail outbox and login attempts.
-- Tenant tables lead with tenant_id; tenant_id 0 is the operators' scope.

-- +goose Up
CREATE TABLE tenants (
    id             BIGINT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'active',
    require_2fa    BOOLEAN NOT NULL DEFAULT false,
    public_notices BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE buyers (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kana       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'active',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE users (
    tenant_id     BIGINT NOT NULL,
    id            BIGINT NOT NULL,
    realm         TEXT NOT NULL,
    buyer_id      BIGINT,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    totp_secret   TEXT NOT NULL DEFAULT '',
    totp_enabled  BOOLEAN NOT NULL DEFAULT false,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'active',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, realm, email),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);

CREATE TABLE sessions (
    tenant_id    BIGINT NOT NULL,
    id           TEXT NOT NULL,
    realm        TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    csrf_token   TEXT NOT NULL,
    mfa_pending  BOOLEAN NOT NULL DEFAULT false,
    client_addr  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE user_tokens (
    tenant_id  BIGINT NOT NULL,
    id         TEXT NOT NULL,
    user_id    BIGINT NOT NULL,
    purpose    TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, secret_hash)
);

CREATE TABLE audit_events (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor_realm TEXT NOT NULL,
    actor_id    BIGINT NOT NULL DEFAULT 0,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',
    client_addr TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL DEFAULT '',
    hash        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_at ON audit_events (tenant_id, at);

CREATE TABLE notices (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    audience     TEXT NOT NULL DEFAULT 'all',
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    public       BOOLEAN NOT NULL DEFAULT false,
    published_at TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notices_published ON notices (tenant_id, published_at);

CREATE TABLE mail_outbox (
    id         BIGINT PRIMARY KEY,
    tenant_id  BIGINT,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    text_body  TEXT NOT NULL,
    html_body  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'pending',
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
CREATE INDEX mail_outbox_pending ON mail_outbox (status, created_at);

CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

-- Row-level security: the second wall behind the tenant filter of every query.
-- FORCE makes it apply to the table owner too; the app runs as oroshi_app.
ALTER TABLE buyers ENABLE ROW LEVEL SECURITY;
ALTER TABLE buyers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON buyers
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE user_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_tokens
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE notices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notices
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE login_attempts;
DROP TABLE mail_outbox;
DROP TABLE notices;
DROP TABLE audit_events;
DROP TABLE api_keys;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE buyers;
DROP TABLE tenants;
