-- Maintenance (issue 6, SLA 1-1/1-2/1-3/1-7): maintenance windows and the
-- service-end notice, the maintenance-mode switch shared by every instance,
-- and operator announcements (運営からのお知らせ). All are the operators'
-- own data, kept in tenant 0 (the platform); announcements name the tenant
-- they are for in target_tenant (0: every tenant).

-- +goose Up
CREATE TABLE maintenance_windows (
    tenant_id   BIGINT NOT NULL DEFAULT 0,
    id          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    message     TEXT NOT NULL,
    stop        BOOLEAN NOT NULL DEFAULT 0,
    mails       INTEGER NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    canceled_at TIMESTAMP,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX maintenance_windows_end ON maintenance_windows (tenant_id, ends_at);

CREATE TABLE maintenance_mode (
    tenant_id  BIGINT NOT NULL DEFAULT 0,
    on_now     BOOLEAN NOT NULL DEFAULT 0,
    message    TEXT NOT NULL DEFAULT '',
    until_at   TIMESTAMP,
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE announcements (
    tenant_id     BIGINT NOT NULL DEFAULT 0,
    id            BIGINT NOT NULL,
    target_tenant BIGINT NOT NULL DEFAULT 0,
    audience      TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    publish_at    TIMESTAMP NOT NULL,
    created_by    BIGINT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX announcements_publish ON announcements (tenant_id, target_tenant, publish_at);

-- +goose Down
DROP TABLE announcements;
DROP TABLE maintenance_mode;
DROP TABLE maintenance_windows;
