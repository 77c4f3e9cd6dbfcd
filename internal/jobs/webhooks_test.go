package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// receiver is a seller's system: it checks every request's signature with
// webhooks.Verify and answers 500 to the first one, 200 after.
type receiver struct {
	mu       sync.Mutex
	secret   string
	calls    int
	problems []string
	bodies   []map[string]any
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	ts := r.Header.Get(webhooks.HeaderTimestamp)
	if err := webhooks.Verify(rc.secret, ts, body, r.Header.Get(webhooks.HeaderSignature)); err != nil {
		rc.problems = append(rc.problems, "verify: "+err.Error())
	}
	if err := webhooks.CheckTimestamp(ts, time.Now(), 5*time.Minute); err != nil {
		rc.problems = append(rc.problems, "timestamp: "+err.Error())
	}
	if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("User-Agent") != webhooks.UserAgent ||
		r.Header.Get(webhooks.HeaderEvent) == "" || r.Header.Get(webhooks.HeaderDelivery) == "" {
		rc.problems = append(rc.problems, "headers: "+r.Header.Get("Content-Type")+" "+r.Header.Get("User-Agent"))
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		rc.problems = append(rc.problems, "body: "+err.Error())
	}
	rc.bodies = append(rc.bodies, m)
	if rc.calls == 1 {
		http.Error(w, "一時的なエラー", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// TestWebhookRetryAfter500 delivers through River to a real local HTTP
// receiver: the first attempt gets a 500, the retry (after the injected
// short backoff) a 2xx; the log shows both attempts.
func TestWebhookRetryAfter500(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, err := (&tenancy.Service{Store: s}).Create(ctx, "marukawa", "丸川食品株式会社")
		if err != nil {
			t.Fatal(err)
		}
		id := identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", time.Hour, time.Hour)
		svc := webhooks.NewService(s, id.Sealer("webhook"), webhooks.Options{AllowLoopbackHTTP: true})
		svc.Backoff = func(int) time.Duration { return 50 * time.Millisecond }
		rc := &receiver{}
		srv := httptest.NewServer(rc)
		t.Cleanup(srv.Close)
		e, secret, err := svc.Create(ctx, webhooks.Endpoint{Tenant: tn.ID, URL: srv.URL + "/hooks/oroshi",
			Events: []string{webhooks.OrderCreated}}, audit.Actor{Realm: audit.RealmAdmin, ID: 1})
		if err != nil {
			t.Fatal(err)
		}
		rc.mu.Lock()
		rc.secret = secret
		rc.mu.Unlock()
		startWebhooks(t, s, svc)

		ev := webhooks.Event{ID: "order.created:7001", Type: webhooks.OrderCreated, OccurredAt: time.Now(),
			Data: map[string]any{"order_number": "M-000123", "total": 11000}}
		if n, err := svc.Publish(ctx, tn.ID, ev); err != nil || n != 1 {
			t.Fatalf("Publish = %d, %v", n, err)
		}
		d := waitDelivery(t, svc, tn.ID, e.ID, webhooks.StatusSucceeded)
		if d.Attempts != 2 || d.LastStatus != http.StatusNoContent || d.DeliveredAt == nil {
			t.Errorf("delivery %+v", d)
		}
		attempts, err := svc.Attempts(ctx, tn.ID, d.ID)
		if err != nil || len(attempts) != 2 {
			t.Fatalf("attempts %+v, %v", attempts, err)
		}
		if a := attempts[1]; a.N != 1 || a.StatusCode != 500 || a.Error == "" {
			t.Errorf("first attempt %+v", a)
		}
		if a := attempts[0]; a.N != 2 || a.StatusCode != 204 || a.Error != "" {
			t.Errorf("second attempt %+v", a)
		}
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.calls != 2 || len(rc.problems) > 0 {
			t.Errorf("receiver: %d calls, problems %q", rc.calls, rc.problems)
		}
		if b := rc.bodies[1]; b["id"] != ev.ID || b["type"] != webhooks.OrderCreated || b["data"].(map[string]any)["order_number"] != "M-000123" {
			t.Errorf("body %v", b)
		}
	})
}

func startWebhooks(t *testing.T, s *sqlstore.Store, svc *webhooks.Service) {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	r, err := jobs.New(ctx, s, jobs.Deps{Webhooks: svc, Tuning: fast}, logger)
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

// waitDelivery polls the endpoint's newest delivery until it has status.
func waitDelivery(t *testing.T, svc *webhooks.Service, tn oroshi.TenantID, endpoint oroshi.ID, status string) webhooks.Delivery {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ds, err := svc.Deliveries(context.Background(), tn, endpoint, webhooks.DeliveryPage{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 1 && ds[0].Status == status {
			return ds[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery not %s after %s: %+v", status, wait, ds)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
