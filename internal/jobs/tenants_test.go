package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestJobDeletesEndedTenant: the periodic job (run on start) deletes a
// tenant whose contract ended before yesterday's business day, and leaves
// an open-ended one alone.
func TestJobDeletesEndedTenant(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := &tenancy.Service{Store: s}
		ended, err := svc.Create(ctx, "ended-co", "終了商事")
		if err != nil {
			t.Fatal(err)
		}
		kept, err := svc.Create(ctx, "kept-co", "継続商事")
		if err != nil {
			t.Fatal(err)
		}
		c := &tenancy.Contracts{Store: s, Now: func() time.Time { return time.Now().AddDate(0, 0, -30) }}
		if _, err := c.Terminate(ctx, ended.ID, time.Now().AddDate(0, 0, -20).Format("2006-01-02"), "契約満了",
			audit.Actor{Realm: audit.RealmSystem}); err != nil {
			t.Fatal(err)
		}
		start(t, s, nil, fast)
		deadline := time.Now().Add(15 * time.Second)
		for {
			got, err := s.Tenant(ctx, ended.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status == tenancy.StatusDeleted {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("tenant not deleted by the job: %+v", got)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if got, err := s.Tenant(ctx, kept.ID); err != nil || got.Status != tenancy.StatusActive {
			t.Errorf("open-ended tenant: %+v, %v", got, err)
		}
	})
}
