package jobs_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestSweepBillingRuns: closing runs written while no job client was there
// (their jobs are lost) are ended as failed by the sweep that the runner
// starts with, once the billing clock (fixed an hour ahead) says they are
// stale; a run already finished is left alone.
func TestSweepBillingRuns(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, err := (&tenancy.Service{Store: s}).Create(ctx, "sweep", "株式会社スイープ")
		if err != nil {
			t.Fatal(err)
		}
		actor := audit.Actor{Realm: audit.RealmAdmin, ID: 1}
		run := func(date string) billing.QueuedRun {
			d, _ := pricing.ParseDate(date)
			q, err := s.CreateBillingRun(ctx, billing.QueuedRun{Tenant: tn.ID, Date: d, Actor: actor})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		queued, running, done := run("2026-04-30"), run("2026-05-10"), run("2026-05-20")
		if _, err := s.StartBillingRun(ctx, tn.ID, running.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishBillingRun(ctx, tn.ID, done.ID, billing.RunSucceeded, billing.Result{}, ""); err != nil {
			t.Fatal(err)
		}
		fixed := time.Now().Add(time.Hour)
		svc := &billing.Service{Store: s, Sales: &sales.Service{Store: s, Pricing: &pricing.Service{Store: s}},
			Now: func() time.Time { return fixed }}
		logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
		r, err := jobs.New(ctx, s, jobs.Deps{Billing: svc, Tuning: jobs.Tuning{FetchPollInterval: 50 * time.Millisecond,
			TestOnly: true}}, logger)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = r.Stop(ctx)
		})
		deadline := time.Now().Add(20 * time.Second)
		for _, id := range []billing.QueuedRun{queued, running} {
			for {
				q, err := s.BillingRun(ctx, tn.ID, id.ID)
				if err != nil {
					t.Fatal(err)
				}
				if q.Status == billing.RunFailed {
					if q.Message == "" {
						t.Errorf("run %s failed without a message", q.ID)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("run %s still %s", q.ID, q.Status)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
		if q, err := s.BillingRun(ctx, tn.ID, done.ID); err != nil || q.Status != billing.RunSucceeded {
			t.Errorf("finished run: %s %v", q.Status, err)
		}
	})
}
