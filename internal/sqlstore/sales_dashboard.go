package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var _ sales.DashboardStore = (*Store)(nil)

// SalesDashboard reads the seller dashboard's figures in one read (one
// snapshot on PostgreSQL): the sums from the rollups (sales_dashboard_rollup.go),
// a few hundred rows for a year, and the waiting orders from orders_status.
func (s *Store) SalesDashboard(ctx context.Context, t oroshi.TenantID, q sales.DashboardQuery) (sales.DashboardFigures, error) {
	f := sales.DashboardFigures{Days: map[string]sales.Amount{}, Months: map[string]sales.Amount{}}
	err := s.read(ctx, t, func(c *conn) error {
		// Day keys sort as text: every day of month M sorts below "M-99".
		if err := s.salesSums(ctx, c, f.Days, `SELECT day, amount, orders FROM sales_daily
			WHERE tenant_id = ? AND day >= ? AND day <= ?`, t, sales.DayKey(q.From), sales.DayKey(q.To)); err != nil {
			return fmt.Errorf("daily sales: %w", err)
		}
		if err := s.salesSums(ctx, c, f.Months, `SELECT substr(day, 1, 7), sum(amount), sum(orders) FROM sales_daily
			WHERE tenant_id = ? AND day >= ? AND day < ? GROUP BY substr(day, 1, 7)`,
			t, sales.DayKey(q.FirstMonth), sales.MonthKey(q.Month)+"-99"); err != nil {
			return fmt.Errorf("monthly sales: %w", err)
		}
		var err error
		if f.TopProducts, err = s.topProducts(ctx, c, t, q); err != nil {
			return fmt.Errorf("top products: %w", err)
		}
		if f.TopBuyers, err = s.topBuyers(ctx, c, t, q); err != nil {
			return fmt.Errorf("top buyers: %w", err)
		}
		return s.waitingOrders(ctx, c, t, q, &f)
	})
	if err != nil {
		return sales.DashboardFigures{}, fmt.Errorf("sales dashboard: %w", err)
	}
	return f, nil
}

// salesSums reads (key, amount, orders) rows into into.
func (s *Store) salesSums(ctx context.Context, c *conn, into map[string]sales.Amount, q string, args ...any) error {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var a sales.Amount
		if err := rows.Scan(&k, &a.Amount, &a.Orders); err != nil {
			return err
		}
		into[k] = a
	}
	return rows.Err()
}

// topProducts ranks the SKUs of the month by line amount.
func (s *Store) topProducts(ctx context.Context, c *conn, t oroshi.TenantID, q sales.DashboardQuery) ([]sales.ProductSales, error) {
	rows, err := c.query(ctx, `SELECT sku_id, code, product_name, variant, quantity, amount FROM sales_monthly_skus
		WHERE tenant_id = ? AND month = ? AND amount > 0 ORDER BY amount DESC, sku_id`+limitSQL(q.Top),
		t, sales.MonthKey(q.Month))
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.ProductSales
	for rows.Next() {
		var p sales.ProductSales
		if err := rows.Scan(&p.SKUID, &p.Code, &p.ProductName, &p.Variant, &p.Quantity, &p.Amount.Amount); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// topBuyers ranks the buyer companies of the month by sales; names are
// looked up for the winners only.
func (s *Store) topBuyers(ctx context.Context, c *conn, t oroshi.TenantID, q sales.DashboardQuery) ([]sales.BuyerSales, error) {
	rows, err := c.query(ctx, `SELECT r.buyer_id, coalesce(b.name, ''), r.amount, r.orders FROM (
			SELECT buyer_id, amount, orders FROM sales_monthly_buyers
			WHERE tenant_id = ? AND month = ? AND amount > 0 ORDER BY amount DESC, buyer_id`+limitSQL(q.Top)+`) r
		LEFT JOIN buyers b ON b.tenant_id = ? AND b.id = r.buyer_id
		ORDER BY r.amount DESC, r.buyer_id`, t, sales.MonthKey(q.Month), t)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.BuyerSales
	for rows.Next() {
		var b sales.BuyerSales
		if err := rows.Scan(&b.BuyerID, &b.BuyerName, &b.Amount.Amount, &b.Orders); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// waitingOrders counts the orders waiting for the seller (受付) and for the
// buyer companies' own approval, up to q.CountCap each (so a backlog of
// 100,000 costs no more than one of 1,000), and lists the oldest of the first.
func (s *Store) waitingOrders(ctx context.Context, c *conn, t oroshi.TenantID, q sales.DashboardQuery, f *sales.DashboardFigures) error {
	err := c.row(ctx, `SELECT
			(SELECT count(*) FROM (SELECT 1 FROM orders WHERE tenant_id = ? AND status = ?`+limitSQL(q.CountCap)+`) r),
			(SELECT count(*) FROM (SELECT 1 FROM orders WHERE tenant_id = ? AND status = ?`+limitSQL(q.CountCap)+`) p)`,
		t, string(sales.StatusReceived), t, string(sales.StatusBuyerApproval)).Scan(&f.Received, &f.BuyerPending)
	if err != nil {
		return fmt.Errorf("waiting orders: %w", s.translate(err))
	}
	rows, err := c.query(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.tenant_id = ? AND o.status = ?
		ORDER BY o.placed_at, o.id`+limitSQL(q.Oldest), t, string(sales.StatusReceived))
	if err != nil {
		return fmt.Errorf("oldest waiting orders: %w", s.translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return err
		}
		f.Oldest = append(f.Oldest, o)
	}
	return rows.Err()
}
