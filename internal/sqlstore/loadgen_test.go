package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/loadgen"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// loadSums are, per generated table, the columns that do not hold an ID
// (IDs come from the wall clock, so two runs differ there).
var loadSums = map[string]string{
	"users":                "realm, email, name, role, status",
	"categories":           "name, position",
	"products":             "name, tax_class, status, visibility",
	"skus":                 "code, variant, unit, case_qty, list_price, position, search_text",
	"sku_search":           "search_text",
	"price_list_items":     "breaks",
	"buyers":               "code, name, price_group_id IS NULL, closing_day",
	"ship_tos":             "label, address, is_default",
	"buyer_prices":         "breaks",
	"orders":               "number, status, subtotal10, tax10, subtotal8, tax8, total, line_count, placed_at",
	"order_lines":          "line_no, code, product_name, quantity, unit_price, tax_rate, amount, shipped_qty, placed_at",
	"shipments":            "shipped_on, carrier, created_at",
	"shipment_lines":       "line_no, quantity",
	"quotes":               "number, status, valid_until, total",
	"quote_lines":          "version, line_no, code, quantity, unit_price, amount",
	"invoices":             "number, closing_date, previous, received, sales, tax, total, paid",
	"invoice_lines":        "line_no, shipped_on, order_number, code, quantity, unit_price, amount",
	"billing_closings":     "closing_date, closed_at",
	"payments":             "received_on, amount",
	"sales_daily":          "day, amount, orders",
	"sales_monthly_skus":   "month, code, quantity, amount",
	"sales_monthly_buyers": "month, amount, orders",
	"counters":             "name, value",
}

// TestLoadCopyMatchesInsert loads the same figures on PostgreSQL through
// COPY and through multi-row INSERTs, at a fixed clock, and compares each
// table's row count and a digest of its rows. The run is big enough for
// the orders to take several transactions written side by side.
func TestLoadCopyMatchesInsert(t *testing.T) {
	spec := loadgen.Spec{Tenants: 2, SKUs: 300, Buyers: 40, Orders: 4000}
	clk := sqlstoretest.NewClock(time.Date(2026, 11, 20, 3, 4, 5, 0, time.UTC))
	var got [2]map[string]string
	for i, copying := range []bool{true, false} {
		restore := sqlstore.SetLoadCopy(copying)
		s := sqlstoretest.OpenClock(t, "postgres", clk)
		_, err := loadgen.Run(context.Background(), s, spec, nil)
		restore()
		if err != nil {
			t.Fatalf("copy %v: %v", copying, err)
		}
		got[i] = loadDigests(t, s)
	}
	for table := range loadSums {
		if got[0][table] != got[1][table] {
			t.Errorf("%s: COPY %s, INSERT %s", table, got[0][table], got[1][table])
		}
	}
	if got[0]["orders"] == "" || got[0]["orders"][:5] != "4000 " {
		t.Errorf("orders of large-000: %q, want 4000 rows", got[0]["orders"])
	}
}

// loadDigests are "rows md5" per table of tenant large-000.
func loadDigests(t *testing.T, s *sqlstore.Store) map[string]string {
	ctx := context.Background()
	tn, err := s.TenantBySlug(ctx, loadgen.Slug(0))
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.ID.String()); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for table, cols := range loadSums {
		var n int64
		var sum string
		q := `SELECT count(*), coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM (SELECT ` + cols +
			` FROM ` + table + ` WHERE tenant_id = $1) r`
		if err := tx.QueryRowContext(ctx, q, tn.ID).Scan(&n, &sum); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d %s", n, sum)
	}
	return out
}
