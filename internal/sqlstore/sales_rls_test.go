package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

var salesTables = []string{"sales_settings", "buyer_sales_settings", "buyer_user_order_limits", "counters", "carts",
	"cart_lines", "orders", "order_lines", "shipments", "shipment_lines", "sales_events", "order_requests"}

// TestSalesRowLevelSecurity checks every sales table has forced row-level
// security with the tenant policy on PostgreSQL.
func TestSalesRowLevelSecurity(t *testing.T) {
	o := sqlstoretest.Options(t, "postgres")
	db, err := sql.Open("pgx", o.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range salesTables {
		var enabled, forced bool
		var policies int
		err := db.QueryRowContext(context.Background(), `SELECT c.relrowsecurity, c.relforcerowsecurity,
			(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation')
			FROM pg_class c WHERE c.relname = $1`, table).Scan(&enabled, &forced, &policies)
		if err != nil || !enabled || !forced || policies != 1 {
			t.Errorf("%s: enabled %v forced %v policies %d (%v)", table, enabled, forced, policies, err)
		}
	}
}

// TestSalesTenantIsolation: another tenant's order, cart and events are
// invisible, whatever the ID.
func TestSalesTenantIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := newSalesWorld(t, s, "iso-a"), newSalesWorld(t, s, "iso-b")
		o := a.place(a.proxyOrder(a.line("STD-1", 1)))
		if _, err := b.svc.Order(ctx, b.tn, o.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("order of another tenant: %v", err)
		}
		if _, err := b.svc.SalesEvent(ctx, b.tn, o.Events[0].ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("event of another tenant: %v", err)
		}
		if l, err := b.svc.Orders(ctx, b.tn, sales.Filter{}); err != nil || len(l.Orders) != 0 {
			t.Errorf("list of another tenant: %v %v", l.Orders, err)
		}
		// A's SKU is unknown to B's buyers.
		if _, err := b.svc.AddToCart(ctx, b.shopper(b.purchaser), a.sku["STD-1"], 1); err == nil {
			t.Error("another tenant's SKU went into a cart")
		}
		// Numbers are per tenant: B's first order is number 1 too.
		ob := b.place(b.proxyOrder(b.line("STD-1", 1)))
		if ob.Number[len(ob.Number)-6:] != "000001" {
			t.Errorf("tenant B number %s", ob.Number)
		}
	})
}
