-- Order lines carry their order's placed_at (issue: the seller's order
-- list filtered by product must not grow with the orders). The index
-- (tenant_id, sku_id, placed_at, order_id) hands out each SKU's orders
-- newest first, so the first page of a product is a few index entries per
-- matching SKU instead of every order of the product. An order's
-- placed_at never changes after it is placed; every writer of order lines
-- copies it from the order, in the order's transaction.
--
-- SQLite cannot add a NOT NULL column without a default: the triggers
-- refuse a line without placed_at, as NOT NULL does on PostgreSQL.

-- +goose Up
ALTER TABLE order_lines ADD COLUMN placed_at TIMESTAMP;
-- backfill:begin
UPDATE order_lines SET placed_at = (SELECT o.placed_at FROM orders o
    WHERE o.tenant_id = order_lines.tenant_id AND o.id = order_lines.order_id);
-- backfill:end
CREATE INDEX order_lines_sku_placed ON order_lines (tenant_id, sku_id, placed_at, order_id);
-- The new index answers every lookup by (tenant_id, sku_id).
DROP INDEX order_lines_sku;

-- +goose StatementBegin
CREATE TRIGGER order_lines_placed_at_insert BEFORE INSERT ON order_lines
WHEN NEW.placed_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'NOT NULL constraint failed: order_lines.placed_at');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER order_lines_placed_at_update BEFORE UPDATE OF placed_at ON order_lines
WHEN NEW.placed_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'NOT NULL constraint failed: order_lines.placed_at');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER order_lines_placed_at_update;
DROP TRIGGER order_lines_placed_at_insert;
CREATE INDEX order_lines_sku ON order_lines (tenant_id, sku_id);
DROP INDEX order_lines_sku_placed;
ALTER TABLE order_lines DROP COLUMN placed_at;
