package sqlstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestIdempotencyKeys(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "idem")
		other := catTenant(t, s, "idem-other")
		now := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		svc := &idempotency.Service{Store: s, Now: clock}
		req := idempotency.Record{Tenant: tn, Caller: "apikey:1", Key: "k",
			Fingerprint: idempotency.Fingerprint("POST", "/x", []byte("a"))}

		rec, out, err := svc.Claim(ctx, req)
		if err != nil || out != idempotency.Claimed {
			t.Fatalf("first claim: %v %v", out, err)
		}
		if _, out, _ := svc.Claim(ctx, req); out != idempotency.InProgress {
			t.Fatalf("claim while running: %v, want InProgress", out)
		}
		if err := svc.Finish(ctx, rec, 201, "application/json", []byte(`{"id":"1"}`)); err != nil {
			t.Fatal(err)
		}
		got, out, _ := svc.Claim(ctx, req)
		if out != idempotency.Replay || got.Status != 201 || string(got.Body) != `{"id":"1"}` || got.ContentType != "application/json" {
			t.Fatalf("replay: %v %+v", out, got)
		}
		diff := req
		diff.Fingerprint = idempotency.Fingerprint("POST", "/x", []byte("b"))
		if _, out, _ := svc.Claim(ctx, diff); out != idempotency.Mismatch {
			t.Fatalf("other request: %v, want Mismatch", out)
		}
		// Another tenant's key of the same name is its own.
		mine := req
		mine.Tenant = other
		if _, out, _ := svc.Claim(ctx, mine); out != idempotency.Claimed {
			t.Fatalf("other tenant: %v, want Claimed", out)
		}

		// Past TTL the key is free again; the purge deletes old records.
		now = now.Add(idempotency.TTL + time.Minute)
		if _, out, _ := svc.Claim(ctx, diff); out != idempotency.Claimed {
			t.Fatalf("after TTL: %v, want Claimed", out)
		}
		n, err := svc.Purge(ctx)
		if err != nil || n != 1 { // the other tenant's claim; ours was renewed
			t.Fatalf("purge: %d %v, want 1", n, err)
		}
	})
}

func TestIdempotencyStaleClaimAndRelease(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
		svc := &idempotency.Service{Store: s, Now: func() time.Time { return now }}
		req := idempotency.Record{Tenant: catTenant(t, s, "idem"), Caller: "apikey:1", Key: "k"}

		first, _, _ := svc.Claim(ctx, req)
		// A server error releases the key: the retry runs.
		if err := svc.Finish(ctx, first, 500, "application/json", nil); err != nil {
			t.Fatal(err)
		}
		second, out, _ := svc.Claim(ctx, req)
		if out != idempotency.Claimed {
			t.Fatalf("after a 500: %v, want Claimed", out)
		}
		// A claim whose request died is taken over after StaleClaim, and
		// the dead request can no longer save its answer.
		now = now.Add(idempotency.StaleClaim + time.Second)
		if _, out, _ := svc.Claim(ctx, req); out != idempotency.Claimed {
			t.Fatalf("stale claim: %v, want Claimed", out)
		}
		if err := svc.Finish(ctx, second, 201, "", []byte("late")); !errors.Is(err, oroshi.ErrNotFound) {
			t.Fatalf("late save: %v, want ErrNotFound", err)
		}
	})
}

func TestIdempotencyRacingClaims(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		svc := &idempotency.Service{Store: s}
		req := idempotency.Record{Tenant: catTenant(t, s, "idem"), Caller: "apikey:1", Key: "race"}
		var claimed atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				_, out, err := svc.Claim(context.Background(), req)
				if err != nil {
					t.Error(err)
				}
				if out == idempotency.Claimed {
					claimed.Add(1)
				}
			})
		}
		wg.Wait()
		if n := claimed.Load(); n != 1 {
			t.Fatalf("%d claims won, want 1", n)
		}
	})
}
