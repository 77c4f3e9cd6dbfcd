package sqlstore_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkExportProducts100k streams the products CSV of the benchmark
// tenant (100,000 SKUs, 10,000 buyers) to nowhere, reporting rows per
// second; the target is over 50,000 rows/s with memory that does not grow
// with rows, which a first, untimed export measures: live-heap-KiB is how
// far the live heap rose above where it started, checked every 2 MiB of
// output after a collection.
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
					export := func(w io.Writer) {
						n, err := svc.Export(context.Background(), c.tenant, dataio.KindProducts, enc, importsStaff, w)
						if err != nil || n != benchProducts*benchSKUsPerProd {
							b.Fatalf("export: %d rows, %v", n, err)
						}
					}
					hw := newHeapWatch()
					export(hw)
					b.ReportAllocs()
					rows, start := 0, time.Now()
					for b.Loop() {
						export(io.Discard)
						rows += benchProducts * benchSKUsPerProd
					}
					b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
					// After the loop: its first iteration resets reported metrics.
					b.ReportMetric(float64(hw.growth())/1024, "live-heap-KiB")
				})
			}
		})
	}
}

// heapWatch is a writer that discards what it is given and, every 2 MiB,
// collects garbage and notes the live heap.
type heapWatch struct {
	base, peak uint64
	pending    int
}

func newHeapWatch() *heapWatch {
	h := &heapWatch{}
	h.base = liveHeap()
	h.peak = h.base
	return h
}

func (h *heapWatch) Write(p []byte) (int, error) {
	if h.pending += len(p); h.pending >= 2<<20 {
		h.pending = 0
		h.peak = max(h.peak, liveHeap())
	}
	return len(p), nil
}

func (h *heapWatch) growth() uint64 { return h.peak - h.base }

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkDryRunProducts10k checks a 10,000-row products file (2,500
// products of the benchmark tenant, every row with a new list price, so
// 2,500 updated products) without writing it; the promise is under 5 s.
func BenchmarkDryRunProducts10k(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs")
	}
	const rows = 10_000
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			now := func() time.Time { return time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC) }
			f := &importsFixture{pricingFixture: c.f, csv: &dataio.Service{Store: c.s, Now: now}, buyers: &buyers.Service{Store: c.s}}
			data := benchProductsFile(b, f, rows)
			for b.Loop() {
				im := f.run(dataio.KindProducts, data, csvio.Auto, true)
				if im.Status != dataio.StatusSucceeded || im.Result.Counts.Updated != rows/benchSKUsPerProd {
					b.Fatalf("dry run: %s %+v %d problems\n%s", im.Status, im.Result.Counts, im.ErrorCount, errorsText(im))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
		})
	}
}

// benchProductsFile is the tenant's own export cut to its first n rows
// (whole products: n is a multiple of the SKUs per product), each list
// price raised by one yen.
func benchProductsFile(b *testing.B, f *importsFixture, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, err := f.csv.Export(context.Background(), f.tenant, dataio.KindProducts, csvio.UTF8BOM, importsStaff, &buf); err != nil {
		b.Fatal(err)
	}
	recs := f.records(buf.Bytes(), csvio.UTF8BOM)[:n+1]
	col := slices.Index(recs[0], "定価")
	if col < 0 {
		b.Fatalf("no 定価 column in %q", recs[0])
	}
	for _, r := range recs[1:] {
		p, err := strconv.Atoi(r[col])
		if err != nil {
			b.Fatal(err)
		}
		r[col] = strconv.Itoa(p + 1)
	}
	return importsFile(b, csvio.UTF8BOM, recs...)
}
