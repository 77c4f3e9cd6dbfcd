package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkOrderListByProduct: the seller's order list by product with
// other filters and on a later page, and a word matching 100 products (on
// every order), 1,000,000 orders as in BenchmarkOrderList. Buyer 43 has
// 1,000 orders, all of BNC-0042 (a tenth of its orders).
func BenchmarkOrderListByProduct(b *testing.B) {
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			w, firstBuyer := orderBenchWorld(b, engine)
			page1, err := w.svc.Orders(ctx, w.tn, sales.Filter{Product: "BNC-0042", Limit: 100})
			if err != nil || page1.NextCursor == "" {
				b.Fatalf("first page: %v", err)
			}
			cases := []struct {
				name string
				f    sales.Filter
			}{
				{"many-products", sales.Filter{Product: "ベンチ商品"}},
				{"product-buyer", sales.Filter{Product: "BNC-0042", BuyerID: firstBuyer + 42}},
				{"product-month", sales.Filter{Product: "BNC-0042", From: dateOf(2025, 3, 1), To: dateOf(2025, 3, 31)}},
				{"product-page2", sales.Filter{Product: "BNC-0042", Cursor: page1.NextCursor}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					timeOrderList(b, func() (sales.OrderList, error) { return w.svc.Orders(ctx, w.tn, c.f) })
				})
			}
		})
	}
}

// orderBenchWorld is a sales world on engine with SKUs BNC-0000 …
// BNC-0099, each on 1 % of benchOrders orders (seedBenchOrders); it
// returns the first buyer's ID. Skipped under -short.
func orderBenchWorld(b *testing.B, engine string) (*salesWorld, oroshi.ID) {
	b.Helper()
	if testing.Short() {
		b.Skip("seeds 1,000,000 orders: skipped under -short")
	}
	s := sqlstoretest.Open(b, engine)
	w := newSalesWorld(b, s, "orderbench")
	orderBenchSKUs(b, w, 100)
	start := time.Now()
	firstBuyer := seedBenchOrders(b, s, w.tn, benchOrders)
	b.Logf("%s: seeded %d orders in %v", engine, benchOrders, time.Since(start).Round(time.Second))
	return w, firstBuyer
}

// timeOrderList runs list for the benchmark and reports its percentiles;
// an error or an empty page fails.
func timeOrderList(b *testing.B, list func() (sales.OrderList, error)) {
	b.Helper()
	var durs []time.Duration
	for b.Loop() {
		t0 := time.Now()
		l, err := list()
		durs = append(durs, time.Since(t0))
		if err != nil || len(l.Orders) == 0 {
			b.Fatalf("%d orders, %v", len(l.Orders), err)
		}
	}
	reportPercentiles(b, durs)
}
