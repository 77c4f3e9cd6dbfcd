package sqlstore_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkExportProducts100k streams the products CSV of a tenant with
// 100,000 SKUs (25,000 products) to nowhere, reporting rows per second; the
// target is over 50,000 rows/s with memory that does not grow with rows.
func BenchmarkExportProducts100k(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs")
	}
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			svc := &dataio.Service{Store: c.s, Now: time.Now}
			for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
				b.Run(enc.String(), func(b *testing.B) {
					b.ReportAllocs()
					rows, start := 0, time.Now()
					for b.Loop() {
						n, err := svc.Export(context.Background(), c.tenant, dataio.KindProducts, enc, importsStaff, io.Discard)
						if err != nil || n != benchProducts*benchSKUsPerProd {
							b.Fatalf("export: %d rows, %v", n, err)
						}
						rows += n
					}
					b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
				})
			}
		})
	}
}
