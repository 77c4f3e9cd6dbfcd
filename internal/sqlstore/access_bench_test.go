package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkAccessLogQuery fills the access log with 1,000,000 rows over
// one year, 50 tenants and 2,000 users, then times the operator's
// page queries: by tenant, by user, by tenant and date range, by date
// range with a status class, and a deep keyset page.
func BenchmarkAccessLogQuery(b *testing.B) {
	const rows, tenants, users = 1_000_000, 50, 2000
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := sqlstoretest.Open(b, engine)
			ctx := context.Background()
			end := time.Now().UTC()
			start := end.AddDate(-1, 0, 0)
			step := end.Sub(start) / rows
			fill := time.Now()
			batch := make([]accesslog.Entry, 0, 500)
			for i := range rows {
				at := start.Add(time.Duration(i) * step)
				u := oroshi.ID(1000 + i%users)
				batch = append(batch, accesslog.Entry{ID: sqlstore.IDAt(at) + oroshi.ID(i%4096), At: at,
					TenantID: oroshi.TenantID(1 + int(u)%tenants), UserID: u, Realm: "admin", ClientAddr: "192.0.2.1",
					Method: "GET", Route: "GET /{tenant}/admin/orders/{id}", Status: []int{200, 200, 200, 302, 404, 500}[i%6],
					Duration: time.Millisecond, Bytes: 2048})
				if len(batch) == cap(batch) {
					if err := s.InsertAccessLog(ctx, batch); err != nil {
						b.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			b.Logf("%s: %d rows written in %s", engine, rows, time.Since(fill).Round(time.Millisecond))
			mid := start.AddDate(0, 6, 0)
			queries := []struct {
				name string
				f    accesslog.Filter
			}{
				{"tenant", accesslog.Filter{Tenant: 7}},
				{"user", accesslog.Filter{AnyTenant: true, UserID: 1234}},
				{"tenant+week", accesslog.Filter{Tenant: 7, From: mid, Until: mid.AddDate(0, 0, 7)}},
				{"tenant+user+month", accesslog.Filter{Tenant: 35, UserID: 1234, From: mid, Until: mid.AddDate(0, 1, 0)}},
				{"week+5xx", accesslog.Filter{AnyTenant: true, From: mid, Until: mid.AddDate(0, 0, 7), StatusClass: 5}},
				{"deep page", accesslog.Filter{Tenant: 7, Before: sqlstore.IDAt(start.AddDate(0, 1, 0))}},
			}
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					q.f.Limit = 100
					for b.Loop() {
						got, err := s.AccessLog(ctx, q.f)
						if err != nil || len(got) == 0 {
							b.Fatalf("%d rows, %v", len(got), err)
						}
					}
				})
			}
		})
	}
}
