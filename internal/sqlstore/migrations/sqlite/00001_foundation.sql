-- Foundation: tenants, users of the three realms, sessions, tokens, API keys,
-- audit events, notices, mail outbox and login attempts.
-- Tenant tables lead with tenant_id; tenant_id 0 is the operators' scope.

-- +goose Up
CREATE TABLE tenants (
    id             BIGINT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'active',
    require_2fa    BOOLEAN NOT NULL DEFAULT 0,
    public_notices BOOLEAN NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE buyers (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kana       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
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
    totp_enabled  BOOLEAN NOT NULL DEFAULT 0,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'active',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
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
    mfa_pending  BOOLEAN NOT NULL DEFAULT 0,
    client_addr  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
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
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
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
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, secret_hash)
);

CREATE TABLE audit_events (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    at          TIMESTAMP NOT NULL,
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
    public       BOOLEAN NOT NULL DEFAULT 0,
    published_at TIMESTAMP NOT NULL,
    created_at   TIMESTAMP NOT NULL,
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
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
CREATE INDEX mail_outbox_pending ON mail_outbox (status, created_at);

CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

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
