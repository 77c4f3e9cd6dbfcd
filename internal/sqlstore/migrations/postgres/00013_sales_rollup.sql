-- Sales rollups for the seller dashboard: sales per JST day, and per JST
-- month per buyer company and per SKU. "Sales" are the orders in
-- sales.SalesStatuses (not cancelled, not waiting for the buyer's own
-- approval), tax-exclusive subtotal, by the JST date the order was placed.
-- The store adds an order in its placing transaction and takes it back in
-- the status change that moves it out of the sales (cancellation), so the
-- dashboard reads a few hundred rows instead of a year of orders. Days are
-- TEXT 'YYYY-MM-DD' and months 'YYYY-MM' (JST) on both engines.
-- Orders placed before this migration are summed in below; the statements
-- between the backfill markers are also run by the store tests.

-- +goose Up
CREATE TABLE sales_daily (
    tenant_id BIGINT NOT NULL,
    day       TEXT NOT NULL,
    amount    BIGINT NOT NULL DEFAULT 0,
    orders    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE sales_monthly_buyers (
    tenant_id BIGINT NOT NULL,
    month     TEXT NOT NULL,
    buyer_id  BIGINT NOT NULL,
    amount    BIGINT NOT NULL DEFAULT 0,
    orders    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, month, buyer_id)
);

-- Names are those of the latest line added (the order lines' snapshot).
CREATE TABLE sales_monthly_skus (
    tenant_id    BIGINT NOT NULL,
    month        TEXT NOT NULL,
    sku_id       BIGINT NOT NULL,
    code         TEXT NOT NULL,
    product_name TEXT NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL DEFAULT 0,
    amount       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, month, sku_id)
);

-- The owner (who migrates) reads every tenant's orders for the backfill:
-- row-level security is lifted for this transaction only.
ALTER TABLE orders NO FORCE ROW LEVEL SECURITY;
ALTER TABLE order_lines NO FORCE ROW LEVEL SECURITY;
-- backfill:begin
INSERT INTO sales_daily (tenant_id, day, amount, orders)
    SELECT tenant_id, to_char((placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD'), sum(subtotal10 + subtotal8), count(*)
    FROM orders WHERE status IN ('received', 'approved', 'partially_shipped', 'shipped', 'invoiced', 'completed')
    GROUP BY tenant_id, to_char((placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM-DD');
INSERT INTO sales_monthly_buyers (tenant_id, month, buyer_id, amount, orders)
    SELECT tenant_id, to_char((placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM'), buyer_id, sum(subtotal10 + subtotal8), count(*)
    FROM orders WHERE status IN ('received', 'approved', 'partially_shipped', 'shipped', 'invoiced', 'completed')
    GROUP BY tenant_id, to_char((placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM'), buyer_id;
INSERT INTO sales_monthly_skus (tenant_id, month, sku_id, code, product_name, variant, quantity, amount)
    SELECT o.tenant_id, to_char((o.placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM'), l.sku_id, max(l.code), max(l.product_name), max(l.variant),
        sum(l.quantity), sum(l.amount)
    FROM orders o JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
    WHERE o.status IN ('received', 'approved', 'partially_shipped', 'shipped', 'invoiced', 'completed')
    GROUP BY o.tenant_id, to_char((o.placed_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM'), l.sku_id;
-- backfill:end
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
ALTER TABLE order_lines FORCE ROW LEVEL SECURITY;

-- Row-level security on every new tenant table.
ALTER TABLE sales_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_daily
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE sales_monthly_buyers ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_monthly_buyers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_monthly_buyers
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);
ALTER TABLE sales_monthly_skus ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales_monthly_skus FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales_monthly_skus
    USING      (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::bigint);

-- +goose Down
DROP TABLE sales_monthly_skus;
DROP TABLE sales_monthly_buyers;
DROP TABLE sales_daily;
