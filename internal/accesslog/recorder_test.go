package accesslog_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

// memStore keeps written batches in memory; gate, when set, holds every
// write until it is closed (a database that stalls).
type memStore struct {
	mu      sync.Mutex
	batches [][]accesslog.Entry
	gate    chan struct{}
}

func (m *memStore) InsertAccessLog(_ context.Context, rows []accesslog.Entry) error {
	if m.gate != nil {
		<-m.gate
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.batches = append(m.batches, append([]accesslog.Entry(nil), rows...))
	return nil
}

func (m *memStore) AccessLog(context.Context, accesslog.Filter) ([]accesslog.Entry, error) {
	return nil, nil
}
func (m *memStore) PurgeAccessLog(context.Context, time.Time, int) (int64, error) { return 0, nil }

func (m *memStore) rows() []accesslog.Entry {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []accesslog.Entry
	for _, b := range m.batches {
		out = append(out, b...)
	}
	return out
}

func TestMiddlewareRecordsRouteUserAndStatus(t *testing.T) {
	st := &memStore{}
	rec := accesslog.New(st, accesslog.Options{Interval: time.Hour})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/admin/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		info := logging.Info(r.Context()) // what authentication does
		info.Tenant, info.TenantID, info.UserID, info.Realm = r.PathValue("tenant"), 7, "1234", "admin"
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, "hello")
	})
	h := logging.Middleware(slog.New(slog.DiscardHandler), rec.Middleware(mux))
	req := httptest.NewRequest("GET", "/sakura/admin/orders/99?token=secret", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/nowhere?token=secret", nil))
	if err := rec.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows := st.rows()
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2 (flushed on Close)", len(rows))
	}
	got := rows[0]
	if got.Route != "GET /{tenant}/admin/orders/{id}" || got.Status != 202 || got.Bytes != 5 || got.UserID != 1234 ||
		got.TenantID != 7 || got.Tenant != "sakura" || got.Realm != "admin" || got.Method != "GET" || got.ClientAddr != "192.0.2.1" {
		t.Errorf("row = %+v", got)
	}
	if rows[1].Route != logging.Unmatched || rows[1].Status != 404 {
		t.Errorf("unmatched row = %+v", rows[1])
	}
}

func TestRecorderDropsWhenFull(t *testing.T) {
	st := &memStore{gate: make(chan struct{})}
	rec := accesslog.New(st, accesslog.Options{Buffer: 3, Batch: 1, Interval: time.Hour})
	rec.Add(accesslog.Entry{Route: "a"}) // taken by the writer, which then stalls
	deadline := time.Now().Add(5 * time.Second)
	for {
		rec.Add(accesslog.Entry{Route: "b"})
		if rec.Dropped() > 0 || time.Now().After(deadline) {
			break
		}
	}
	if d := rec.Dropped(); d < 1 {
		t.Fatalf("dropped = %d, want ≥ 1", d)
	}
	close(st.gate)
	if err := rec.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(st.rows()); n < 3 || n > 4 {
		t.Errorf("%d rows written, want the buffer (3) plus the one in flight", n)
	}
}

// BenchmarkMiddleware is the cost the access log adds to a request: the
// same handler with and without it (the writer's batches run aside).
func BenchmarkMiddleware(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/admin/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	})
	rec := accesslog.New(&memStore{}, accesslog.Options{})
	defer rec.Close(context.Background())
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"without", mux}, {"with", rec.Middleware(mux)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", "/sakura/admin/orders/99", nil)
				bc.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
