package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestRateCounters: parallel hits on one window are all counted, windows
// are apart, and old windows are pruned.
func TestRateCounters(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := s.CountHits(ctx, []abuse.Hit{{Key: "api:addr:x", Window: w0, N: 1, Max: 10}}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		n, err := s.CountHits(ctx, []abuse.Hit{{Key: "api:addr:x", Window: w0, N: 1, Max: 10},
			{Key: "api:addr:x", Window: w0.Add(time.Minute), N: 5, Max: 10}})
		if err != nil || len(n) != 2 || n[0] != 21 || n[1] != 5 {
			t.Fatalf("counts = %v, %v; want [21 5]", n, err)
		}
		if err := s.PruneWindows(ctx, w0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if w, err := s.LimitedWindows(ctx, 10); err != nil || len(w) != 0 {
			t.Errorf("limited windows after pruning the full one: %+v %v", w, err)
		}
	})
}

// TestBlocks: a longer block in force is kept, a lifted one starts afresh,
// and lifting twice is refused.
func TestBlocks(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		block := func(from time.Time, d time.Duration) {
			t.Helper()
			if err := s.BlockAddress(ctx, abuse.Block{Address: "2001:db8::7", Reason: "4xx-burst", Since: from, Until: from.Add(d), Hits: 50}); err != nil {
				t.Fatal(err)
			}
		}
		until := func(now time.Time) time.Time {
			t.Helper()
			b, err := s.ActiveBlocks(ctx, now)
			if err != nil || len(b) > 1 {
				t.Fatalf("active blocks: %+v %v", b, err)
			}
			if len(b) == 0 {
				return time.Time{}
			}
			return b[0].Until.UTC()
		}
		block(t0, time.Hour)
		block(t0.Add(time.Minute), 10*time.Minute)
		if got := until(t0.Add(2 * time.Minute)); !got.Equal(t0.Add(time.Hour)) {
			t.Errorf("until = %v, want the longer block's end", got)
		}
		op := audit.Actor{Realm: "ops", ID: 1}
		if err := s.LiftBlock(ctx, "2001:db8::7", t0.Add(3*time.Minute), op); err != nil {
			t.Fatal(err)
		}
		if err := s.LiftBlock(ctx, "2001:db8::7", t0.Add(4*time.Minute), op); err == nil {
			t.Error("lifting a lifted block succeeded")
		}
		if got := until(t0.Add(4 * time.Minute)); !got.IsZero() {
			t.Errorf("lifted block still active until %v", got)
		}
		block(t0.Add(5*time.Minute), 10*time.Minute)
		if got := until(t0.Add(6 * time.Minute)); !got.Equal(t0.Add(15 * time.Minute)) {
			t.Errorf("new block after a lift until %v", got)
		}
	})
}
