-- The version of each tenant's catalogue as a buyer sees it (issue 8):
-- bumped in the same transaction as any change to categories, products'
-- status, visibility or category, or product_visibility. Readers read it
-- first and keep what they derived from the catalogue (the buyer's
-- category tree and counts) keyed by it, so several instances never serve
-- a tree older than the version they read. Stock is not part of it.

-- +goose Up
CREATE TABLE catalog_versions (
    tenant_id BIGINT PRIMARY KEY,
    version   BIGINT NOT NULL
);

ALTER TABLE catalog_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE catalog_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON catalog_versions
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE catalog_versions;
