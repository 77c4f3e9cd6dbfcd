package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkSalesDashboard: every figure of the seller dashboard (30 daily
// and 12 monthly sums, top 10 SKUs and buyers of the month, orders waiting)
// with 1,000,000 orders in the tenant, 960 a day. "Today" is 30 September
// 2026, so the month holds 28,800 orders and the year about 350,000.
// Target: p99 under 100 ms for the whole dashboard. (Summing the orders
// themselves took 5.4 s p50 on SQLite and 300 ms on PostgreSQL here: hence
// the rollups of migration 00013.)
func BenchmarkSalesDashboard(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 1,000,000 orders: skipped under -short")
	}
	ctx := context.Background()
	now := time.Date(2026, 9, 30, 6, 0, 0, 0, time.UTC) // 15:00 JST
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := sqlstoretest.Open(b, engine)
			w := newSalesWorld(b, s, "dashbench")
			orderBenchSKUs(b, w, 100)
			start := time.Now()
			seedBenchOrders(b, s, w.tn, benchOrders)
			b.Logf("%s: seeded %d orders in %v", engine, benchOrders, time.Since(start).Round(time.Second))
			start = time.Now()
			rebuildSalesRollups(b, s, w.tn)
			b.Logf("%s: backfilled the rollups in %v", engine, time.Since(start).Round(time.Millisecond))
			svc := &sales.Service{Store: s, Now: func() time.Time { return now }}
			var durs []time.Duration
			for b.Loop() {
				t0 := time.Now()
				d, err := svc.Dashboard(ctx, w.tn)
				durs = append(durs, time.Since(t0))
				if err != nil || d.ThisMonth().Orders != 28_800 || len(d.TopProducts) != 10 || len(d.TopBuyers) != 10 {
					b.Fatalf("dashboard: this month %+v, %d products, %d buyers, %v",
						d.ThisMonth(), len(d.TopProducts), len(d.TopBuyers), err)
				}
			}
			reportPercentiles(b, durs)
		})
	}
}
