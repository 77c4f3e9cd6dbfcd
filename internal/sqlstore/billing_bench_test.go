package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBillingClosingScale is the closing benchmark of SPEC 3-1: monthly
// closing of 10,000 buyers with 100,000 shipped orders (one shipment
// each) on each engine, under 60 seconds. It runs only with
// OROSHI_BENCH_BILLING=1 (or a smaller size: OROSHI_BENCH_BILLING=1000
// buyers); the loading is not timed.
func TestBillingClosingScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("OROSHI_BENCH_BILLING"))
	if n <= 0 {
		t.Skip("set OROSHI_BENCH_BILLING=1 (10,000 buyers) or a buyer count to run")
	}
	if n == 1 {
		n = 10000
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "bench-closing")
		shipped := pricing.NewDate(2026, 4, 15)
		start := time.Now()
		if err := s.BillingTestLoad(ctx, tn, n, 10, shipped); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: loaded %d buyers, %d orders in %s", s.Engine(), n, n*10, time.Since(start).Round(time.Millisecond))
		s.SetJobs(insertOnlyJobs(t, s)) // the sales events' jobs are part of the work
		t.Cleanup(func() { s.SetJobs(nil) })
		now := func() time.Time { return time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC) }
		workers := s.WriteWorkers()
		if w, _ := strconv.Atoi(os.Getenv("OROSHI_BENCH_BILLING_WORKERS")); w > 0 {
			workers = w // to compare; the default is the store's
		}
		svc := &billing.Service{Store: s, Sales: &sales.Service{Store: s, Now: now}, Now: now, Workers: workers}
		start = time.Now()
		r, err := svc.CloseDue(ctx, tn, pricing.NewDate(2026, 4, 30))
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: closed %d buyers, %d invoices, %d orders invoiced in %s", s.Engine(), r.Buyers, r.Issued,
			r.OrdersInvoiced, took.Round(time.Millisecond))
		if r.Issued != n || r.OrdersInvoiced != n*10 || len(r.Failed) > 0 {
			t.Errorf("result %+v", r)
		}
		if took > time.Minute {
			t.Errorf("closing took %s, over 60 s", took)
		}
	})
}

// insertOnlyJobs is a River client that only inserts (no queues, no
// workers): jobs enqueued by store methods land in river_job as in serve.
func insertOnlyJobs(t *testing.T, s *sqlstore.Store) *river.Client[*sql.Tx] {
	t.Helper()
	var driver riverdriver.Driver[*sql.Tx] = riverdatabasesql.New(s.DB())
	if s.Engine() == "sqlite" {
		driver = riversqlite.New(s.DB())
	}
	c, err := river.NewClient(driver, &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
