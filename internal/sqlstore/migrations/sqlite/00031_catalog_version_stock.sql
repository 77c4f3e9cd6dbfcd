-- A tracked SKU's stock label (在庫あり / 残りわずか / 在庫なし, or none when
-- stock is not tracked) is part of what buyers see of the catalogue
-- (issue 8): when a change of stock moves a SKU to another label, this
-- trigger moves the catalogue version on in the same transaction,
-- whichever code wrote the stock (orders, cancellations, adjustments,
-- imports). A change of tracking is a product edit, which bumps the
-- version itself (bumpCatalog). Stock that moves within one label moves nothing,
-- so the shop's cached listings stay valid through most orders. The
-- bounds repeat catalog.StockClassOf (10 is catalog.LowStock); the store
-- test TestCatalogVersion crosses each of them.
-- (SQLite: no ON CONFLICT in the trigger, as in 00029.)

-- +goose Up
-- +goose StatementBegin
CREATE TRIGGER catalog_version_stock AFTER UPDATE OF stock ON skus
WHEN (CASE WHEN NOT OLD.track_stock THEN -1 WHEN OLD.stock <= 0 THEN 0 WHEN OLD.stock <= 10 THEN 1 ELSE 2 END)
  <> (CASE WHEN NOT NEW.track_stock THEN -1 WHEN NEW.stock <= 0 THEN 0 WHEN NEW.stock <= 10 THEN 1 ELSE 2 END)
 AND (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO catalog_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM catalog_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE catalog_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER catalog_version_stock;
