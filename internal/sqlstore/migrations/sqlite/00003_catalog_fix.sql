-- Catalogue search, second version.
--
-- sku_search gains the SKU's product (product_id), so a search finds
-- products without visiting skus, and sku_search_terms lists the trigrams
-- it holds, so that a term of one or two characters is looked up as the
-- trigrams that start with it rather than by a LIKE over every SKU (the
-- store pads the indexed text with two trailing spaces, so that every
-- character starts a trigram). On PostgreSQL the migration of the same name
-- gives the search text a table of its own, for row-level security.

-- +goose Up
DROP TABLE sku_search;
CREATE VIRTUAL TABLE sku_search USING fts5 (search_text, tenant_id UNINDEXED, sku_id UNINDEXED,
    product_id UNINDEXED, tokenize = 'trigram');
CREATE VIRTUAL TABLE sku_search_terms USING fts5vocab (sku_search, 'row');
INSERT INTO sku_search (rowid, search_text, tenant_id, sku_id, product_id)
    SELECT id, search_text || '  ', tenant_id, id, product_id FROM skus;

-- +goose Down
DROP TABLE sku_search_terms;
DROP TABLE sku_search;
CREATE VIRTUAL TABLE sku_search USING fts5 (search_text, tenant_id UNINDEXED, sku_id UNINDEXED, tokenize = 'trigram');
INSERT INTO sku_search (rowid, search_text, tenant_id, sku_id) SELECT id, search_text, tenant_id, id FROM skus;
