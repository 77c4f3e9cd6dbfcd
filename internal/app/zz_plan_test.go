package app_test

import (
	"context"
	"testing"
)

func TestZZPlans(t *testing.T) {
	a, _ := openDemo(t, "sqlite")
	db := a.Store.DB()
	ctx := context.Background()
	var tn, sku1, sku2, order int64
	db.QueryRowContext(ctx, `SELECT id FROM tenants WHERE slug='sakura'`).Scan(&tn)
	db.QueryRowContext(ctx, `SELECT min(id), max(id) FROM skus WHERE tenant_id=?`, tn).Scan(&sku1, &sku2)
	db.QueryRowContext(ctx, `SELECT max(id) FROM orders WHERE tenant_id=?`, tn).Scan(&order)
	type q struct {
		sql  string
		args []any
	}
	qs := []q{
		{`SELECT k.id, k.product_id, k.code, k.jan, k.variant, k.unit, k.case_qty, k.order_lot, k.min_qty, k.list_price, k.track_stock, k.stock, k.position, k.created_at, k.updated_at, p.name, p.tax_class FROM skus k JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id WHERE k.tenant_id = ? AND k.id IN (?, ?) AND p.status = ? AND (p.visibility = ? OR EXISTS (SELECT 1 FROM product_visibility pv WHERE pv.tenant_id = p.tenant_id AND pv.product_id = p.id AND ((pv.group_id <> 0 AND pv.group_id = ?) OR (pv.buyer_id <> 0 AND pv.buyer_id = ?))))`, []any{tn, sku1, sku2, "published", "all", 5, 6}},
		{`SELECT price_group_id FROM buyers WHERE tenant_id = ? AND id = ?`, []any{tn, 5}},
		{`SELECT o.id FROM orders o LEFT JOIN buyers b ON b.tenant_id = o.tenant_id AND b.id = o.buyer_id WHERE o.tenant_id = ? AND o.id = ?`, []any{tn, order}},
		{`SELECT line_no FROM order_lines WHERE tenant_id = ? AND order_id = ? ORDER BY line_no`, []any{tn, order}},
		{`SELECT reason FROM order_credit_holds WHERE tenant_id = ? AND order_id = ?`, []any{tn, order}},
		{`SELECT id FROM sales_events WHERE tenant_id = ? AND order_id = ? ORDER BY occurred_at, id`, []any{tn, order}},
		{`SELECT id FROM documents WHERE tenant_id = ? AND order_id = ? ORDER BY id DESC LIMIT 20`, []any{tn, order}},
	}
	show := func(label string) {
		for _, q := range qs {
			rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
			if err != nil {
				t.Logf("%v", err)
				continue
			}
			t.Logf("%s: %.70s", label, q.sql)
			for rows.Next() {
				var id, parent, nu int
				var detail string
				rows.Scan(&id, &parent, &nu, &detail)
				t.Logf("    %s", detail)
			}
			rows.Close()
		}
	}
	show("before")
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	rows, _ := db.QueryContext(ctx, "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl IN ('skus','products','orders','order_lines','sales_events','buyers')")
	for rows.Next() {
		var a, b, c string
		rows.Scan(&a, &b, &c)
		t.Logf("stat %s %s %s", a, b, c)
	}
	rows.Close()
	show("after")
}
