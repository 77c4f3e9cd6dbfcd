-- Ordering: carts, orders with their lines, shipments, the sales events
-- that drive mails, webhooks and the order timeline, per-tenant counters
-- for human-readable numbers, idempotent order requests and the sales
-- settings (tax rounding, buyer-side approval, purchasers' order limits).
-- Money is BIGINT yen; civil dates are TEXT 'YYYY-MM-DD' ('' when unset).

-- +goose Up
CREATE TABLE sales_settings (
    tenant_id    BIGINT NOT NULL,
    tax_rounding TEXT NOT NULL DEFAULT 'floor',
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE buyer_sales_settings (
    tenant_id        BIGINT NOT NULL,
    buyer_id         BIGINT NOT NULL,
    buyer_approval   BOOLEAN NOT NULL DEFAULT false,
    auto_approve     BOOLEAN NOT NULL DEFAULT false,
    approver_user_id BIGINT NOT NULL DEFAULT 0,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, buyer_id),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE buyer_user_order_limits (
    tenant_id   BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    order_limit BIGINT NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- Per-tenant counters by name ('order', 'quote'): they only ever grow, so
-- a number once given is never given again.
CREATE TABLE counters (
    tenant_id BIGINT NOT NULL,
    name      TEXT NOT NULL,
    value     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE carts (
    tenant_id  BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    buyer_id   BIGINT NOT NULL,
    revision   BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE cart_lines (
    tenant_id BIGINT NOT NULL,
    user_id   BIGINT NOT NULL,
    sku_id    BIGINT NOT NULL,
    quantity  BIGINT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_id, sku_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES carts (tenant_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sku_id) REFERENCES skus (tenant_id, id) ON DELETE CASCADE
);

-- Orders keep a snapshot of everything printed on them (ship-to, product
-- names, prices), so later changes of the catalogue never rewrite one.
CREATE TABLE orders (
    tenant_id        BIGINT NOT NULL,
    id               BIGINT NOT NULL,
    number           TEXT COLLATE "C" NOT NULL, -- bytewise: prefix search by range
    buyer_id         BIGINT NOT NULL,
    status           TEXT NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    placed_by        BIGINT NOT NULL,
    placed_by_realm  TEXT NOT NULL,
    proxy            BOOLEAN NOT NULL DEFAULT false,
    quote_id         BIGINT NOT NULL DEFAULT 0,
    ship_to_id       BIGINT NOT NULL,
    ship_label       TEXT NOT NULL DEFAULT '',
    ship_recipient   TEXT NOT NULL DEFAULT '',
    ship_postal_code TEXT NOT NULL DEFAULT '',
    ship_address     TEXT NOT NULL DEFAULT '',
    ship_phone       TEXT NOT NULL DEFAULT '',
    desired_date     TEXT NOT NULL DEFAULT '',
    po_number        TEXT COLLATE "C" NOT NULL DEFAULT '',
    note             TEXT NOT NULL DEFAULT '',
    tax_rounding     TEXT NOT NULL,
    subtotal10       BIGINT NOT NULL DEFAULT 0,
    tax10            BIGINT NOT NULL DEFAULT 0,
    subtotal8        BIGINT NOT NULL DEFAULT 0,
    tax8             BIGINT NOT NULL DEFAULT 0,
    total            BIGINT NOT NULL,
    line_count       INTEGER NOT NULL,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    placed_at        TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, buyer_id) REFERENCES buyers (tenant_id, id)
);
CREATE INDEX orders_placed ON orders (tenant_id, placed_at, id);
CREATE INDEX orders_status ON orders (tenant_id, status, placed_at, id);
CREATE INDEX orders_buyer ON orders (tenant_id, buyer_id, placed_at, id);
CREATE INDEX orders_po ON orders (tenant_id, po_number);

CREATE TABLE order_lines (
    tenant_id    BIGINT NOT NULL,
    order_id     BIGINT NOT NULL,
    line_no      INTEGER NOT NULL,
    sku_id       BIGINT NOT NULL,
    code         TEXT NOT NULL,
    jan          TEXT NOT NULL DEFAULT '',
    product_name TEXT NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    case_qty     INTEGER NOT NULL DEFAULT 1,
    quantity     BIGINT NOT NULL,
    unit_price   BIGINT NOT NULL,
    price_rule   TEXT NOT NULL DEFAULT '',
    tax_rate     INTEGER NOT NULL,
    amount       BIGINT NOT NULL,
    reserved     BOOLEAN NOT NULL DEFAULT false,
    shipped_qty  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, order_id, line_no),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX order_lines_sku ON order_lines (tenant_id, sku_id);

CREATE TABLE shipments (
    tenant_id       BIGINT NOT NULL,
    id              BIGINT NOT NULL,
    order_id        BIGINT NOT NULL,
    shipped_on      TEXT NOT NULL,
    carrier         TEXT NOT NULL DEFAULT '',
    tracking_number TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX shipments_order ON shipments (tenant_id, order_id, created_at);

CREATE TABLE shipment_lines (
    tenant_id   BIGINT NOT NULL,
    shipment_id BIGINT NOT NULL,
    line_no     INTEGER NOT NULL,
    quantity    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, shipment_id, line_no),
    FOREIGN KEY (tenant_id, shipment_id) REFERENCES shipments (tenant_id, id) ON DELETE CASCADE
);

-- One row per change of an order or quote, written in the change's own
-- transaction; a job per row hands it to the dispatchers (mail, webhooks,
-- notices). The rows are also the order's timeline.
CREATE TABLE sales_events (
    tenant_id   BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    order_id    BIGINT NOT NULL DEFAULT 0,
    quote_id    BIGINT NOT NULL DEFAULT 0,
    type        TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor_realm TEXT NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sales_events_order ON sales_events (tenant_id, order_id, occurred_at);
CREATE INDEX sales_events_quote ON sales_events (tenant_id, quote_id, occurred_at);

-- Idempotency of order placement: one row per (placing user, key), made in
-- the placing transaction; the primary key settles concurrent duplicates.
CREATE TABLE order_requests (
    tenant_id   BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    idem_key    TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    order_id    BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, user_id, idem_key)
);

-- Row-level security on every new tenant table.
ALTER TABLE sales_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_settings
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE buyer_sales_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE buyer_sales_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON buyer_sales_settings
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE buyer_user_order_limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE buyer_user_order_limits FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON buyer_user_order_limits
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE counters FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON counters
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE carts ENABLE ROW LEVEL SECURITY;
ALTER TABLE carts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON carts
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE cart_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE cart_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON cart_lines
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON orders
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON order_lines
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE shipments ENABLE ROW LEVEL SECURITY;
ALTER TABLE shipments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shipments
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE shipment_lines ENABLE ROW LEVEL SECURITY;
ALTER TABLE shipment_lines FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON shipment_lines
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE sales_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_events
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE order_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON order_requests
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE order_requests;
DROP TABLE sales_events;
DROP TABLE shipment_lines;
DROP TABLE shipments;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE cart_lines;
DROP TABLE carts;
DROP TABLE counters;
DROP TABLE buyer_user_order_limits;
DROP TABLE buyer_sales_settings;
DROP TABLE sales_settings;
