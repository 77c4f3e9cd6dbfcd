-- The version of each tenant's prices (issue 8): it moves on with every
-- change that can change what a buyer pays: buyer prices, price lists and
-- their items, a SKU's list price (or the SKU's deletion) and a buyer's
-- price group. Triggers bump it, so no writer (imports, cascades, future
-- code) can forget to; pricing.Service reads it before the rows and keeps
-- resolved prices keyed by it. A tenant being purged (status 'deleted')
-- bumps nothing, so its row does not come back after the purge deleted it.
-- (SQLite: no OR IGNORE / ON CONFLICT in the triggers: an outer UPSERT's
-- conflict policy would override theirs.)

-- +goose Up
CREATE TABLE price_versions (
    tenant_id BIGINT PRIMARY KEY,
    version   BIGINT NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER price_version_buyer_prices_insert AFTER INSERT ON buyer_prices
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_buyer_prices_update AFTER UPDATE ON buyer_prices
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_buyer_prices_delete AFTER DELETE ON buyer_prices
WHEN (SELECT status FROM tenants WHERE id = OLD.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT OLD.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = OLD.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = OLD.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_list_items_insert AFTER INSERT ON price_list_items
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_list_items_update AFTER UPDATE ON price_list_items
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_list_items_delete AFTER DELETE ON price_list_items
WHEN (SELECT status FROM tenants WHERE id = OLD.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT OLD.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = OLD.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = OLD.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_lists_insert AFTER INSERT ON price_lists
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_lists_update AFTER UPDATE ON price_lists
WHEN (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_price_lists_delete AFTER DELETE ON price_lists
WHEN (SELECT status FROM tenants WHERE id = OLD.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT OLD.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = OLD.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = OLD.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_skus_update AFTER UPDATE OF list_price ON skus
WHEN OLD.list_price IS NOT NEW.list_price AND (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_skus_delete AFTER DELETE ON skus
WHEN (SELECT status FROM tenants WHERE id = OLD.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT OLD.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = OLD.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = OLD.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER price_version_buyers_update AFTER UPDATE OF price_group_id ON buyers
WHEN OLD.price_group_id IS NOT NEW.price_group_id AND (SELECT status FROM tenants WHERE id = NEW.tenant_id) IS NOT 'deleted'
BEGIN
    INSERT INTO price_versions (tenant_id, version) SELECT NEW.tenant_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM price_versions WHERE tenant_id = NEW.tenant_id);
    UPDATE price_versions SET version = version + 1 WHERE tenant_id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER price_version_buyer_prices_insert;
DROP TRIGGER price_version_buyer_prices_update;
DROP TRIGGER price_version_buyer_prices_delete;
DROP TRIGGER price_version_price_list_items_insert;
DROP TRIGGER price_version_price_list_items_update;
DROP TRIGGER price_version_price_list_items_delete;
DROP TRIGGER price_version_price_lists_insert;
DROP TRIGGER price_version_price_lists_update;
DROP TRIGGER price_version_price_lists_delete;
DROP TRIGGER price_version_skus_update;
DROP TRIGGER price_version_skus_delete;
DROP TRIGGER price_version_buyers_update;
DROP TABLE price_versions;
