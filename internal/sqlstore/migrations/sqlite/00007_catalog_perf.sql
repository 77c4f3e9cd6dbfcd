-- The shop's category sidebar counts, per category, the published products
-- a buyer may see (sqlstore.BuyerCategoryCounts). This index holds every
-- column that count reads, published products together and in category
-- order: the count reads the index alone, where products_category made it
-- visit every product row (37 ms at 25,000 products on SQLite).

-- +goose Up
CREATE INDEX products_published ON products (tenant_id, status, category_id, visibility, id);

-- +goose Down
DROP INDEX products_published;
