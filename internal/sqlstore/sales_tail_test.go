package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestOrderTailRoundTrips proves on PostgreSQL, from what goes over the
// wire, how long an order's transaction holds the rows every writer of the
// tenant shares (a rollup, the order counter, the history head): from the
// first statement that takes one to the commit. Each of those statements
// is a round trip that every other order of the tenant waits for; chained
// (chain.go), with the history head taken first and everything else in one
// last chain, placing an order takes two statements and the commit there
// (the head with the counter, then the rest) instead of nine, an approval
// or a cancellation two instead of four (and one fewer each than before
// with a job client: its jobs are queued before).
func TestOrderTailRoundTrips(t *testing.T) {
	wire, proxied := proxyPostgres(t, sqlstoretest.Options(t, "postgres").URL)
	w := newSalesWorld(t, pricingOpen(t, proxied), "tail")
	ctx := context.Background()

	var last sales.Order
	tests := []struct {
		name string
		do   func() error
		want int // statements from the first shared row to the commit, both included
	}{
		{"place", func() error {
			last = w.place(w.proxyOrder(w.line("STD-1", 2), w.line("RED-1", 1), w.line("LOT-6", 12)))
			return nil
		}, 3},
		{"approve", func() (err error) { last, err = w.svc.Approve(ctx, w.tn, last.ID, salesStaff); return }, 3},
		{"cancel (leaves the rollups)", func() (err error) {
			last, err = w.svc.Cancel(ctx, w.tn, last.ID, "テスト", salesStaff)
			return
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(wire.executed())
			if err := tt.do(); err != nil {
				t.Fatal(err)
			}
			tail := sharedTail(wire.executed()[before:])
			t.Logf("%d statements hold the shared rows:\n%s", len(tail), strings.Join(tail, "\n"))
			if len(tail) == 0 || len(tail) > tt.want {
				t.Errorf("%d statements hold the shared rows, want %d:\n%s", len(tail), tt.want, strings.Join(tail, "\n"))
			}
		})
	}
}

// sharedTail returns the statements of the transaction that takes a row
// every writer of the tenant shares, from the first that does to its
// commit.
func sharedTail(log []wireStatement) []string {
	shared := []string{"sales_monthly_skus", "sales_monthly_buyers", "sales_daily", "INTO counters", "audit_heads"}
	var tail []string
	conn := int64(-1)
	for _, st := range log {
		if conn < 0 {
			for _, s := range shared {
				if strings.Contains(st.text, s) {
					conn = st.conn
				}
			}
		}
		if conn < 0 || st.conn != conn {
			continue
		}
		tail = append(tail, strings.Join(strings.Fields(st.text), " "))
		if strings.EqualFold(strings.TrimSpace(st.text), "commit") {
			break
		}
	}
	return tail
}
