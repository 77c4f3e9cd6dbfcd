-- Order lines carry their order's placed_at (issue: the seller's order
-- list filtered by product must not grow with the orders). The index
-- (tenant_id, sku_id, placed_at, order_id) hands out each SKU's orders
-- newest first, so the first page of a product is a few index entries per
-- matching SKU instead of every order of the product. An order's
-- placed_at never changes after it is placed; every writer of order lines
-- copies it from the order, in the order's transaction. The table keeps
-- its row-level security policy (it covers every column).

-- +goose Up
ALTER TABLE order_lines ADD COLUMN placed_at TIMESTAMPTZ;
-- The owner (who migrates) reads every tenant's orders for the backfill:
-- row-level security is lifted for this transaction only.
ALTER TABLE orders NO FORCE ROW LEVEL SECURITY;
ALTER TABLE order_lines NO FORCE ROW LEVEL SECURITY;
-- backfill:begin
UPDATE order_lines l SET placed_at = o.placed_at FROM orders o
    WHERE o.tenant_id = l.tenant_id AND o.id = l.order_id;
-- backfill:end
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
ALTER TABLE order_lines FORCE ROW LEVEL SECURITY;
ALTER TABLE order_lines ALTER COLUMN placed_at SET NOT NULL;
CREATE INDEX order_lines_sku_placed ON order_lines (tenant_id, sku_id, placed_at, order_id);
-- The new index answers every lookup by (tenant_id, sku_id).
DROP INDEX order_lines_sku;

-- +goose Down
CREATE INDEX order_lines_sku ON order_lines (tenant_id, sku_id);
DROP INDEX order_lines_sku_placed;
ALTER TABLE order_lines DROP COLUMN placed_at;
