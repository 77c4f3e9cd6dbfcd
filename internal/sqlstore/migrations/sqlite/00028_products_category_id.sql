-- A category's listing, newest first, straight from an index (issue 8).
-- products_category (tenant_id, category_id, status) found a category's
-- products but not in id order: a listing page sorted all of them (SQLite:
-- a temporary B-tree, 1.3 ms for a leaf category of 455 products at
-- 100,000 SKUs). With id last, one category's page reads its 21 rows in
-- order and stops (0.10 ms). The new index serves every use of the old one
-- (its prefix), which goes.

-- +goose Up
CREATE INDEX products_category_id ON products (tenant_id, category_id, status, id);
DROP INDEX products_category;

-- +goose Down
CREATE INDEX products_category ON products (tenant_id, category_id, status);
DROP INDEX products_category_id;
