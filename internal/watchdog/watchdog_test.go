package watchdog_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/mail/mailtest"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/watchdog"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// clock is a settable clock shared by the store and the watchdogs.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func openStore(t *testing.T, engine string, now func() time.Time) *sqlstore.Store {
	t.Helper()
	o := sqlstoretest.Options(t, engine)
	o.Now = now
	s, err := sqlstore.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// switchable is a check whose result the test sets.
type switchable struct {
	mu   sync.Mutex
	err  error
	runs int
}

func (s *switchable) set(err error) { s.mu.Lock(); s.err = err; s.mu.Unlock() }
func (s *switchable) count() int    { s.mu.Lock(); defer s.mu.Unlock(); return s.runs }
func (s *switchable) check(name string) watchdog.Check {
	return watchdog.Check{Name: name, Title: "テスト項目 " + name, Run: func(context.Context, time.Time) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.runs++
		return s.err
	}}
}

func TestLeaseOnlyOneChecksAndExpiryHandsOver(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)}
			st := openStore(t, engine, clk.Now)
			var a, b switchable
			cfg := config.DefaultWatchdog()
			wa := watchdog.New(watchdog.Options{Config: cfg, Store: st, Holder: "a", Now: clk.Now, Checks: []watchdog.Check{a.check("x")}})
			wb := watchdog.New(watchdog.Options{Config: cfg, Store: st, Holder: "b", Now: clk.Now, Checks: []watchdog.Check{b.check("x")}})
			steps := []struct {
				advance      time.Duration
				tickA, tickB bool
				leadA, leadB bool
				runsA, runsB int
			}{
				{0, true, true, true, false, 1, 0},
				{15 * time.Second, true, true, true, false, 2, 0},
				{15 * time.Second, true, true, true, false, 3, 0},
				{44 * time.Second, false, true, true, false, 3, 0}, // a silent, lease not yet expired
				{2 * time.Second, false, true, true, true, 3, 1},   // expired: b takes over
				{15 * time.Second, true, true, false, true, 3, 2},  // a is back: follower
			}
			for i, s := range steps {
				clk.Add(s.advance)
				if s.tickA {
					wa.Tick(ctx)
				}
				if s.tickB {
					wb.Tick(ctx)
				}
				if wa.Leader() != s.leadA || wb.Leader() != s.leadB || a.count() != s.runsA || b.count() != s.runsB {
					t.Fatalf("step %d: leaders %v %v runs %d %d, want %v %v %d %d", i, wa.Leader(), wb.Leader(),
						a.count(), b.count(), s.leadA, s.leadB, s.runsA, s.runsB)
				}
			}
		})
	}
}

func sender(t *testing.T) (*mail.Sender, string) {
	t.Helper()
	host, port, api := mailtest.Start(t)
	s, err := mail.New(config.SMTP{Host: host, Port: port, From: "oroshi <alerts@oroshi.example.jp>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return s, api
}

func subjects(msgs []mailtest.Message) map[string]int {
	out := map[string]int{}
	for _, m := range msgs {
		out[m.Subject]++
	}
	return out
}

func TestStateChangesMailOnceAndRecordIncidents(t *testing.T) {
	smtp, api := sender(t)
	sqlstoretest.Each(t, func(t *testing.T, st *sqlstore.Store) {
		ctx := context.Background()
		clk := &clock{t: time.Now().UTC()}
		var c switchable
		ops := []string{"ops1@oroshi.example.jp", "ops2@oroshi.example.jp"}
		w := watchdog.New(watchdog.Options{Config: config.DefaultWatchdog(), Store: st, Sender: smtp, Operators: ops,
			Now: clk.Now, Checks: []watchdog.Check{c.check("fake")}})
		before := len(mailtest.Messages(t, api))
		results := []error{nil, errors.New("壊れた"), errors.New("壊れた"), errors.New("まだ"), nil, nil}
		for _, r := range results {
			c.set(r)
			w.Tick(ctx)
			clk.Add(15 * time.Second)
		}
		msgs := mailtest.WaitMessages(t, api, before+4, 10*time.Second)[:4] // newest first
		got := subjects(msgs)
		if got["【oroshi 監視】異常を検知しました: テスト項目 fake"] != 2 || got["【oroshi 監視】復旧しました: テスト項目 fake"] != 2 {
			t.Errorf("mails: %v", got)
		}
		time.Sleep(300 * time.Millisecond)
		if n := len(mailtest.Messages(t, api)); n != before+4 {
			t.Errorf("%d mails, want %d", n-before, 4)
		}
		list, err := st.Incidents(ctx, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("incidents %v %v", list, err)
		}
		in := list[0]
		if in.Source != incident.SourceWatchdog || in.Check != "fake" || in.EndedAt == nil || !in.AllTenants ||
			in.EndedAt.Sub(in.StartedAt) != 45*time.Second || in.Description != "壊れた" {
			t.Errorf("incident %+v", in)
		}
		outbox, err := st.Outbox(ctx, 10)
		if err != nil || len(outbox) != 4 || outbox[0].Status != "sent" {
			t.Errorf("outbox %d mails (%v), first %+v", len(outbox), err, outbox)
		}
	})
}

// TestNewLeaderAdoptsOpenIncident: a check failing when the leader dies is
// not mailed again by its successor, which mails the recovery.
func TestNewLeaderAdoptsOpenIncident(t *testing.T) {
	smtp, api := sender(t)
	ctx := context.Background()
	clk := &clock{t: time.Now().UTC()}
	st := openStore(t, "sqlite", clk.Now)
	var c switchable
	c.set(errors.New("down"))
	opts := watchdog.Options{Config: config.DefaultWatchdog(), Store: st, Sender: smtp, Operators: []string{"ops@oroshi.example.jp"},
		Now: clk.Now, Checks: []watchdog.Check{c.check("fake")}}
	opts.Holder = "a"
	watchdog.New(opts).Tick(ctx)
	clk.Add(time.Minute) // a died
	opts.Holder = "b"
	wb := watchdog.New(opts)
	wb.Tick(ctx)
	c.set(nil)
	wb.Tick(ctx)
	msgs := mailtest.WaitMessages(t, api, 2, 10*time.Second)
	got := subjects(msgs)
	if len(msgs) != 2 || got["【oroshi 監視】異常を検知しました: テスト項目 fake"] != 1 || got["【oroshi 監視】復旧しました: テスト項目 fake"] != 1 {
		t.Errorf("mails: %v", got)
	}
	if _, err := st.OpenWatchdogIncident(ctx, "fake"); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("incident still open: %v", err)
	}
}

func waitSubject(t *testing.T, api, prefix string, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		for _, m := range mailtest.Messages(t, api) {
			if strings.HasPrefix(m.Subject, prefix) {
				return time.Now()
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no mail %q within %s", prefix, timeout)
	return time.Time{}
}
