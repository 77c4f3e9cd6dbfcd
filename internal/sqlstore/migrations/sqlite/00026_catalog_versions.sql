-- The version of each tenant's catalogue as a buyer sees it (issue 8):
-- bumped in the same transaction as any change to categories, products'
-- status, visibility or category, or product_visibility. Readers read it
-- first and keep what they derived from the catalogue (the buyer's
-- category tree and counts) keyed by it. Stock is not part of it.

-- +goose Up
CREATE TABLE catalog_versions (
    tenant_id INTEGER PRIMARY KEY,
    version   INTEGER NOT NULL
);

-- +goose Down
DROP TABLE catalog_versions;
