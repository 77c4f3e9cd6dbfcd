-- Catalog, buyer companies in full, custom fields and pricing.
-- Civil dates (validity periods) are TEXT 'YYYY-MM-DD' on both engines.
-- Money is BIGINT yen; rates are basis points (7250 = 72.5 %).

-- +goose Up
CREATE TABLE categories (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    parent_id  BIGINT,
    name       TEXT NOT NULL,
    kana       TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX categories_parent ON categories (tenant_id, parent_id, position);

CREATE TABLE price_groups (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code)
);

CREATE TABLE products (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    category_id BIGINT,
    name        TEXT NOT NULL,
    kana        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    tax_class   TEXT NOT NULL DEFAULT 'standard',
    status      TEXT NOT NULL DEFAULT 'draft',
    visibility  TEXT NOT NULL DEFAULT 'all',
    custom      TEXT NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
);
CREATE INDEX products_category ON products (tenant_id, category_id, status);
CREATE INDEX products_updated ON products (tenant_id, updated_at);

CREATE TABLE skus (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    product_id  BIGINT NOT NULL,
    code        TEXT NOT NULL,
    jan         TEXT NOT NULL DEFAULT '',
    variant     TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '個',
    case_qty    INTEGER NOT NULL DEFAULT 1,
    order_lot   INTEGER NOT NULL DEFAULT 1,
    min_qty     INTEGER NOT NULL DEFAULT 1,
    list_price  BIGINT NOT NULL,
    track_stock BOOLEAN NOT NULL DEFAULT false,
    stock       BIGINT NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX skus_product ON skus (tenant_id, product_id, position, id);
CREATE INDEX skus_jan ON skus (tenant_id, jan);

-- Japanese substring search: a trigram index over the normalised text of
-- each SKU (product name and kana, variant, code, JAN), kept by the store.
-- pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX skus_search_trgm ON skus USING gin (search_text gin_trgm_ops);

CREATE TABLE product_images (
    tenant_id    BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    product_id   BIGINT NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    thumb        BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_images_product ON product_images (tenant_id, product_id, position);

-- A product with visibility 'restricted' is shown only to the buyer groups
-- and buyers listed here (group_id or buyer_id set, the other 0).
CREATE TABLE product_visibility (
    tenant_id  BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    group_id   BIGINT NOT NULL DEFAULT 0,
    buyer_id   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, product_id, group_id, buyer_id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_visibility_group ON product_visibility (tenant_id, group_id);
CREATE INDEX product_visibility_buyer ON product_visibility (tenant_id, buyer_id);

ALTER TABLE buyers ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN billing_name TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN billing_email TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN price_group_id BIGINT;
ALTER TABLE buyers ADD COLUMN closing_day INTEGER NOT NULL DEFAULT 31;
ALTER TABLE buyers ADD COLUMN payment_month_offset INTEGER NOT NULL DEFAULT 1;
ALTER TABLE buyers ADD COLUMN payment_day INTEGER NOT NULL DEFAULT 31;
ALTER TABLE buyers ADD COLUMN credit_limit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE buyers ADD COLUMN payment_method TEXT NOT NULL DEFAULT 'invoice';
ALTER TABLE buyers ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
CREATE INDEX buyers_group ON buyers (tenant_id, price_group_id);

CREATE TABLE ship_tos (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    buyer_id    BIGINT NOT NULL,
    label       TEXT NOT NULL,
    recipient   TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    is_default  BOOLEAN NOT NULL DEFAULT false,
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX ship_tos_buyer ON ship_tos (tenant_id, buyer_id, position);

-- Tenant-defined fields on buyers and products; values live in the
-- entity's custom column as JSON keyed by field key.
CREATE TABLE custom_fields (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    type       TEXT NOT NULL,
    choices    TEXT NOT NULL DEFAULT '[]',
    required   BOOLEAN NOT NULL DEFAULT false,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entity, key)
);

-- The seller's own names for built-in fields (e.g. 取引先コード → 得意先コード).
CREATE TABLE field_labels (
    tenant_id BIGINT NOT NULL,
    entity    TEXT NOT NULL,
    field     TEXT NOT NULL,
    label     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, entity, field)
);

CREATE TABLE price_lists (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    group_id   BIGINT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL DEFAULT 0,
    rounding   TEXT NOT NULL DEFAULT 'floor',
    priority   INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES price_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX price_lists_group ON price_lists (tenant_id, group_id);

-- breaks: JSON [{"min_qty":1,"price":1200},{"min_qty":10,"price":1100}]
CREATE TABLE price_list_items (
    tenant_id BIGINT NOT NULL,
    list_id   BIGINT NOT NULL,
    sku_id    BIGINT NOT NULL,
    breaks    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, list_id, sku_id),
    FOREIGN KEY (tenant_id, list_id) REFERENCES price_lists (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX price_list_items_sku ON price_list_items (tenant_id, sku_id);

CREATE TABLE buyer_prices (
    tenant_id  BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    buyer_id   BIGINT NOT NULL,
    sku_id     BIGINT NOT NULL,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to   TEXT NOT NULL DEFAULT '',
    breaks     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX buyer_prices_buyer_sku ON buyer_prices (tenant_id, buyer_id, sku_id);
CREATE INDEX buyer_prices_sku ON buyer_prices (tenant_id, sku_id);

-- CSV imports run as jobs: the uploaded file, the dry-run report and progress.
CREATE TABLE csv_imports (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    dry_run     BOOLEAN NOT NULL DEFAULT true,
    filename    TEXT NOT NULL,
    encoding    TEXT NOT NULL DEFAULT '',
    total_rows  INTEGER NOT NULL DEFAULT 0,
    done_rows   INTEGER NOT NULL DEFAULT 0,
    error_count INTEGER NOT NULL DEFAULT 0,
    errors      TEXT NOT NULL DEFAULT '[]',
    data        BYTEA NOT NULL,
    created_by  BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX csv_imports_created ON csv_imports (tenant_id, created_at);

-- Row-level security on every new tenant table.
ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE categories FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON categories
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE price_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_groups
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
ALTER TABLE products FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON products
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE skus ENABLE ROW LEVEL SECURITY;
ALTER TABLE skus FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON skus
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE product_images ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_images FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_images
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE product_visibility ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_visibility FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_visibility
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE ship_tos ENABLE ROW LEVEL SECURITY;
ALTER TABLE ship_tos FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ship_tos
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE custom_fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE custom_fields FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON custom_fields
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE field_labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE field_labels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON field_labels
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE price_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_lists FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_lists
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE price_list_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_list_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON price_list_items
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE buyer_prices ENABLE ROW LEVEL SECURITY;
ALTER TABLE buyer_prices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON buyer_prices
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE csv_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE csv_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON csv_imports
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE csv_imports;
DROP TABLE buyer_prices;
DROP TABLE price_list_items;
DROP TABLE price_lists;
DROP TABLE field_labels;
DROP TABLE custom_fields;
DROP TABLE ship_tos;
DROP TABLE product_visibility;
DROP TABLE product_images;
DROP TABLE skus;
DROP TABLE products;
DROP TABLE price_groups;
DROP TABLE categories;
