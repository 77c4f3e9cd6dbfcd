package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestHotQueryPlans: on a SQLite database that was never analyzed (as one
// runs: nothing analyzes it), per-order reads start from the order's own
// rows, not from a scan of everything the tenant has (each step names more
// than tenant_id of its index).
func TestHotQueryPlans(t *testing.T) {
	s := sqlstoretest.Open(t, "sqlite")
	docs, docArgs := sqlstore.OrderDocumentsSQL(3)
	sellerDocs, sellerArgs := sqlstore.OrderDocumentsSQL(0)
	for _, tt := range []struct {
		name, q string
		args    []any
		first   string // the first step's index
	}{
		{"shipments of an order", sqlstore.ShipmentsOfOrderSQL, []any{1, 2}, "shipments_order"},
		{"documents of an order", docs, docArgs, "documents_order_issued"},
		{"documents of an order (seller)", sellerDocs, sellerArgs, "documents_order_issued"},
	} {
		plan, err := s.QueryPlan(context.Background(), tt.q, tt.args...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(plan) == 0 || !strings.Contains(plan[0], tt.first) {
			t.Errorf("%s: plan %q, want it to start with %s", tt.name, plan, tt.first)
		}
		for _, step := range plan {
			if strings.Contains(step, "(tenant_id=?)") || strings.HasPrefix(step, "SCAN ") {
				t.Errorf("%s: step %q reads all of the tenant's rows (plan %q)", tt.name, step, plan)
			}
		}
	}
}
