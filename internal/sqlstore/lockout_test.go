package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestLoginLockout(t *testing.T) {
	rule := identity.LockRule{Max: 3, Window: 10 * time.Minute, LockFor: 5 * time.Minute}
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	at := func(m float64) time.Time { return t0.Add(time.Duration(m * float64(time.Minute))) }

	type step struct {
		fail  bool      // record a failure at `at` (else only look)
		clear bool      // clear the key at `at`
		at    float64   // minutes after t0
		until time.Time // LoginLockedUntil(at) afterwards; zero: no lock
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"locks at the maximum within the window", []step{
			{fail: true, at: 0}, {fail: true, at: 1},
			{at: 1.5},
			{fail: true, at: 2, until: at(7)},
			{at: 6.9, until: at(7)},
		}},
		{"the window starts again once it has passed", []step{
			{fail: true, at: 0}, {fail: true, at: 1},
			{fail: true, at: 10.5}, // 0 and 1 are out of the window: count is 1
			{fail: true, at: 11},
			{fail: true, at: 12, until: at(17)},
		}},
		{"failures spread over the window still lock", []step{
			{fail: true, at: 0}, {fail: true, at: 5}, {fail: true, at: 9.9, until: at(14.9)},
		}},
		{"clear forgets failures and the lock", []step{
			{fail: true, at: 0}, {fail: true, at: 1}, {fail: true, at: 2, until: at(7)},
			{clear: true, at: 3},
			{fail: true, at: 3}, {fail: true, at: 4},
		}},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		for _, tt := range tests {
			key := "acct:admin:101:" + tt.name
			for i, st := range tt.steps {
				switch {
				case st.clear:
					if err := s.ClearLoginFailures(ctx, key); err != nil {
						t.Fatal(err)
					}
				case st.fail:
					if err := s.RecordLoginFailure(ctx, key, at(st.at), rule); err != nil {
						t.Fatal(err)
					}
				}
				// A lock is reported only while in force: the store returns the
				// time and the caller compares, so check both.
				got, err := s.LoginLockedUntil(ctx, at(st.at), key)
				if err != nil {
					t.Fatal(err)
				}
				locked := got.After(at(st.at))
				if wantLocked := !st.until.IsZero(); locked != wantLocked || (wantLocked && !got.Equal(st.until)) {
					t.Errorf("%s, step %d (t+%vm): locked until %v, want %v", tt.name, i, st.at, got, st.until)
				}
			}
		}

		// Several keys: the latest lock wins; unknown keys are no lock.
		if err := s.RecordLoginFailure(ctx, "addr:192.0.2.9", at(0), identity.LockRule{Max: 1, Window: time.Minute, LockFor: time.Hour}); err != nil {
			t.Fatal(err)
		}
		got, err := s.LoginLockedUntil(ctx, at(1), "nobody", "acct:admin:101:"+tests[0].name, "addr:192.0.2.9")
		if err != nil || !got.Equal(at(60)) {
			t.Errorf("LoginLockedUntil over several keys = %v, %v; want %v", got, err, at(60))
		}
		if got, err := s.LoginLockedUntil(ctx, at(0), "nobody", "nobody-else"); err != nil || !got.IsZero() {
			t.Errorf("unknown keys: %v, %v; want zero", got, err)
		}
		if err := s.ClearLoginFailures(ctx, "never-seen"); err != nil {
			t.Errorf("clearing an unknown key: %v", err)
		}
	})
}

// TestLoginFailuresConcurrent proves that failures recorded at the same time
// are all counted: an attacker guessing in parallel must not get more than
// Max guesses by having the counter's updates overwrite one another.
func TestLoginFailuresConcurrent(t *testing.T) {
	const n = 20
	rule := identity.LockRule{Max: n, Window: time.Hour, LockFor: time.Hour}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := s.Now()
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if err := s.RecordLoginFailure(ctx, "acct:admin:101:race@a.example", now, rule); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		until, err := s.LoginLockedUntil(ctx, now, "acct:admin:101:race@a.example")
		if err != nil {
			t.Fatal(err)
		}
		if !until.After(now) {
			failures := scopedCount(t, s, 0, `SELECT failures FROM login_attempts WHERE key = 'acct:admin:101:race@a.example'`)
			t.Errorf("%d concurrent failures counted as %d: the key is not locked (lost updates)", n, failures)
		}
	})
}
