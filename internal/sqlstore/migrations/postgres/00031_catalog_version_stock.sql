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
--
-- The trigger is deferred to COMMIT: the version row is shared by the
-- tenant's writers, and taken at the end it is taken after every SKU row
-- the transaction locks, as bumpCatalog takes it after a product's SKUs.
-- Two orders that each sell out a SKU cannot then hold it crosswise.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM tenants WHERE id = NEW.tenant_id AND status = 'deleted') THEN
        RETURN NULL;
    END IF;
    INSERT INTO catalog_versions AS v (tenant_id, version) VALUES (NEW.tenant_id, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER catalog_version_stock AFTER UPDATE OF stock ON skus
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((CASE WHEN NOT OLD.track_stock THEN -1 WHEN OLD.stock <= 0 THEN 0 WHEN OLD.stock <= 10 THEN 1 ELSE 2 END)
       <> (CASE WHEN NOT NEW.track_stock THEN -1 WHEN NEW.stock <= 0 THEN 0 WHEN NEW.stock <= 10 THEN 1 ELSE 2 END))
    EXECUTE FUNCTION bump_catalog_version();

-- +goose Down
DROP TRIGGER catalog_version_stock ON skus;
DROP FUNCTION bump_catalog_version();
