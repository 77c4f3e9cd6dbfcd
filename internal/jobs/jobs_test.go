package jobs_test

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/mail/mailtest"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// fast keeps the tests quick; production uses the zero Tuning.
var fast = jobs.Tuning{FetchPollInterval: 100 * time.Millisecond, RetryDelay: 20 * time.Millisecond, TestOnly: true}

const wait = 10 * time.Second

func start(t *testing.T, s *sqlstore.Store, sender notify.Sender, tuning jobs.Tuning) {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	r, err := jobs.New(ctx, s, jobs.Deps{Sender: sender, Tuning: tuning}, logger)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

func newSender(t *testing.T, host string, port int) *mail.Sender {
	t.Helper()
	s, err := mail.New(config.SMTP{Host: host, Port: port, From: "丸川食品 <no-reply@marukawa.example.jp>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func order(to string) notify.Mail {
	return notify.Mail{Tenant: 3, To: to, Subject: "【丸川食品】ご注文を受け付けました",
		Text: "ご注文ありがとうございます。\nhttps://oroshi.example.jp/marukawa/orders/1\n"}
}

// waitStatus polls the outbox row until it has status.
func waitStatus(t *testing.T, s *sqlstore.Store, id oroshi.ID, status string) notify.Mail {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		m, err := s.Mail(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status == status {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail %s is %q after %s (attempts %d, last error %q), want %q",
				id, m.Status, wait, m.Attempts, m.LastError, status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestJobSendMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		host, port, api := mailtest.Start(t)
		sender := newSender(t, host, port)
		start(t, s, sender, fast)
		ctx := context.Background()
		m, err := notify.Service{Store: s}.Queue(ctx, order("buyer@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		got := waitStatus(t, s, m.ID, notify.StatusSent)
		if got.Attempts != 1 || got.SentAt == nil {
			t.Errorf("sent mail = %+v", got)
		}
		msgs := mailtest.WaitMessages(t, api, 1, wait)
		if len(msgs) != 1 || msgs[0].Subject != m.Subject || msgs[0].Text != strings.ReplaceAll(m.Text, "\n", "\r\n") {
			t.Errorf("received %+v", msgs)
		}
		// The job may run again (a retry after a crash): nothing is resent.
		if err := (notify.Service{Store: s, Sender: sender}).Deliver(ctx, m.ID, false); err != nil {
			t.Fatal(err)
		}
		if n := len(mailtest.Messages(t, api)); n != 1 {
			t.Errorf("after delivering a sent mail again mailpit holds %d messages, want 1", n)
		}
		waitJobs(t, s, "completed", 1)
	})
}

func TestJobMailHeldWithoutSMTP(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		unconfigured, err := mail.New(config.SMTP{})
		if err != nil {
			t.Fatal(err)
		}
		start(t, s, unconfigured, fast)
		m, err := s.QueueMail(context.Background(), order("buyer@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		if got := waitStatus(t, s, m.ID, notify.StatusHeld); got.Attempts != 0 || got.SentAt != nil {
			t.Errorf("held mail = %+v", got)
		}
	})
}

func TestJobMailRetriesThenFails(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		port := closedPort(t)
		tuning := fast
		tuning.MaxAttempts = 3
		start(t, s, newSender(t, "127.0.0.1", port), tuning)
		m, err := s.QueueMail(context.Background(), order("buyer@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		got := waitStatus(t, s, m.ID, notify.StatusFailed)
		if got.Attempts != 3 || !strings.Contains(got.LastError, strconv.Itoa(port)) || got.SentAt != nil {
			t.Errorf("failed mail = %+v", got)
		}
		waitJobs(t, s, "discarded", 1)
	})
}

// TestJobOutboxSweep: mail queued with no job client (a CLI command) is
// picked up by the sweep that runs when the runner starts.
func TestJobOutboxSweep(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		m, err := s.QueueMail(context.Background(), order("buyer@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		counts, err := s.JobCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for state, n := range counts {
			if n != 0 {
				t.Fatalf("mail queued without a job client has %d %s jobs", n, state)
			}
		}
		tuning := fast
		tuning.OutboxGrace = time.Nanosecond
		start(t, s, nil, tuning)
		waitStatus(t, s, m.ID, notify.StatusHeld)
	})
}

// waitJobs polls until the queue has at least n jobs in state.
func waitJobs(t *testing.T, s *sqlstore.Store, state string, n int64) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		counts, err := s.JobCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if counts[state] >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs %v, want at least %d %s", counts, n, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// testWriter sends River's warnings to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestJobRequeueSkipsLiveJobs: the sweep never gives a mail a second job
// while its first can still run.
func TestJobRequeueSkipsLiveJobs(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		r, err := jobs.New(ctx, s, jobs.Deps{}, nil) // not started: jobs stay available
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.QueueMail(ctx, order("a@example.jp")); err != nil {
			t.Fatal(err)
		}
		s.SetJobs(nil) // as a CLI command would queue it
		if _, err := s.QueueMail(ctx, order("b@example.jp")); err != nil {
			t.Fatal(err)
		}
		s.SetJobs(r.Client())
		later := s.Now().Add(time.Hour)
		for i, want := range []int{1, 0} {
			n, err := s.RequeuePendingMail(ctx, later, 10)
			if err != nil || n != want {
				t.Errorf("sweep %d requeued %d, %v; want %d", i+1, n, err, want)
			}
		}
		if n, err := s.RequeuePendingMail(ctx, s.Now().Add(-time.Hour), 10); err != nil || n != 0 {
			t.Errorf("sweep of mail older than an hour requeued %d, %v", n, err)
		}
		waitJobs(t, s, "available", 2)
	})
}
