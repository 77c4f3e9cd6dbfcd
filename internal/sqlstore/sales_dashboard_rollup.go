package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The dashboard's rollups (migration 00013) follow every order in and out
// of the sales inside the transaction that moves it, so they always agree
// with the orders. Rows are touched in one order (day, buyer, SKUs by id) so
// that two transactions never wait on each other crosswise.

// rollupPlaced adds a just-placed order to the rollups when it counts.
func (s *Store) rollupPlaced(ctx context.Context, c *conn, o sales.Order) error {
	if !sales.CountsAsSales(o.Status) {
		return nil
	}
	return s.rollupOrder(ctx, c, o.Tenant, o.ID, 1)
}

// rollupTransition moves an order in or out of the rollups when its status
// change crosses the line of sales.CountsAsSales.
func (s *Store) rollupTransition(ctx context.Context, c *conn, t oroshi.TenantID, tr sales.Transition) error {
	was, is := sales.CountsAsSales(tr.From), sales.CountsAsSales(tr.To)
	switch {
	case was && !is:
		return s.rollupOrder(ctx, c, t, tr.OrderID, -1)
	case !was && is:
		return s.rollupOrder(ctx, c, t, tr.OrderID, 1)
	}
	return nil
}

// rollupOrder adds (sign 1) or takes back (sign -1) an order as stored.
func (s *Store) rollupOrder(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, sign int64) error {
	var placed time.Time
	var buyer oroshi.ID
	var amount int64
	err := c.row(ctx, `SELECT placed_at, buyer_id, subtotal10 + subtotal8 FROM orders WHERE tenant_id = ? AND id = ?`,
		t, id).Scan(&placed, &buyer, &amount)
	if err != nil {
		return fmt.Errorf("rollup of order %s: %w", id, s.translate(err))
	}
	day := pricing.DateOf(placed)
	dayKey, monthKey := sales.DayKey(day), sales.MonthKey(day)
	if _, err := c.exec(ctx, `INSERT INTO sales_daily (tenant_id, day, amount, orders) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, day) DO UPDATE SET amount = sales_daily.amount + excluded.amount,
			orders = sales_daily.orders + excluded.orders`, t, dayKey, sign*amount, sign); err != nil {
		return fmt.Errorf("daily rollup of order %s: %w", id, s.translate(err))
	}
	if _, err := c.exec(ctx, `INSERT INTO sales_monthly_buyers (tenant_id, month, buyer_id, amount, orders)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, month, buyer_id) DO UPDATE
		SET amount = sales_monthly_buyers.amount + excluded.amount, orders = sales_monthly_buyers.orders + excluded.orders`,
		t, monthKey, buyer, sign*amount, sign); err != nil {
		return fmt.Errorf("buyer rollup of order %s: %w", id, s.translate(err))
	}
	// One statement for all lines; WHERE before GROUP BY keeps SQLite from
	// reading ON CONFLICT as a join's ON.
	if _, err := c.exec(ctx, `INSERT INTO sales_monthly_skus (tenant_id, month, sku_id, code, product_name, variant,
			quantity, amount)
		SELECT tenant_id, CAST(? AS TEXT), sku_id, max(code), max(product_name), max(variant),
			sum(quantity) * ?, sum(amount) * ?
		FROM order_lines WHERE tenant_id = ? AND order_id = ? GROUP BY tenant_id, sku_id ORDER BY sku_id
		ON CONFLICT (tenant_id, month, sku_id) DO UPDATE SET code = excluded.code,
			product_name = excluded.product_name, variant = excluded.variant,
			quantity = sales_monthly_skus.quantity + excluded.quantity,
			amount = sales_monthly_skus.amount + excluded.amount`,
		monthKey, sign, sign, t, id); err != nil {
		return fmt.Errorf("product rollup of order %s: %w", id, s.translate(err))
	}
	return nil
}
