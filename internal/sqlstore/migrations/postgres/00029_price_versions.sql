-- The version of each tenant's prices (issue 8): it moves on with every
-- change that can change what a buyer pays: buyer prices, price lists and
-- their items, a SKU's list price (or the SKU's deletion) and a buyer's
-- price group. Triggers bump it, so no writer (imports, cascades, future
-- code) can forget to; pricing.Service reads it before the rows and keeps
-- resolved prices keyed by it. A tenant being purged (status 'deleted')
-- bumps nothing, so its row does not come back after the purge deleted it.

-- +goose Up
CREATE TABLE price_versions (
    tenant_id BIGINT PRIMARY KEY,
    version   BIGINT NOT NULL
);

ALTER TABLE price_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_versions
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose StatementBegin
CREATE FUNCTION bump_price_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    t bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        t := OLD.tenant_id;
    ELSE
        t := NEW.tenant_id;
    END IF;
    IF EXISTS (SELECT 1 FROM tenants WHERE id = t AND status = 'deleted') THEN
        RETURN NULL;
    END IF;
    INSERT INTO price_versions AS v (tenant_id, version) VALUES (t, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER price_version AFTER INSERT OR UPDATE OR DELETE ON buyer_prices
    FOR EACH ROW EXECUTE FUNCTION bump_price_version();
CREATE TRIGGER price_version AFTER INSERT OR UPDATE OR DELETE ON price_list_items
    FOR EACH ROW EXECUTE FUNCTION bump_price_version();
CREATE TRIGGER price_version AFTER INSERT OR UPDATE OR DELETE ON price_lists
    FOR EACH ROW EXECUTE FUNCTION bump_price_version();
CREATE TRIGGER price_version AFTER UPDATE OF list_price ON skus
    FOR EACH ROW WHEN (OLD.list_price IS DISTINCT FROM NEW.list_price) EXECUTE FUNCTION bump_price_version();
CREATE TRIGGER price_version_delete AFTER DELETE ON skus
    FOR EACH ROW EXECUTE FUNCTION bump_price_version();
CREATE TRIGGER price_version AFTER UPDATE OF price_group_id ON buyers
    FOR EACH ROW WHEN (OLD.price_group_id IS DISTINCT FROM NEW.price_group_id) EXECUTE FUNCTION bump_price_version();

-- +goose Down
DROP TRIGGER price_version ON buyers;
DROP TRIGGER price_version_delete ON skus;
DROP TRIGGER price_version ON skus;
DROP TRIGGER price_version ON price_lists;
DROP TRIGGER price_version ON price_list_items;
DROP TRIGGER price_version ON buyer_prices;
DROP FUNCTION bump_price_version();
DROP TABLE price_versions;
