package metrics_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/metrics"
)

func app() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.PathValue("id"))
	})
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusCreated)
	})
	return mux
}

// scrape fetches /metrics and returns the lines starting with prefix.
func scrape(t *testing.T, m *metrics.Metrics, prefix string) []string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d %v", resp.StatusCode, err)
	}
	var out []string
	for line := range strings.Lines(string(body)) {
		if strings.HasPrefix(line, prefix) {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

func has(t *testing.T, lines []string, want string) {
	t.Helper()
	for _, l := range lines {
		if l == want {
			return
		}
	}
	t.Errorf("missing %q in:\n%s", want, strings.Join(lines, "\n"))
}

func TestHTTPMetrics(t *testing.T) {
	m := metrics.New(metrics.Options{Version: "1.2.3", Engine: "sqlite"})
	srv := httptest.NewServer(m.Middleware(app()))
	defer srv.Close()
	for _, r := range []struct{ method, path string }{
		{"GET", "/products/1"}, {"GET", "/products/2?q=x"}, {"GET", "/products/3"},
		{"POST", "/orders"}, {"GET", "/no/such/page"}, {"BREW", "/products/1"},
	} {
		req, _ := http.NewRequest(r.method, srv.URL+r.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	reqs := scrape(t, m, "oroshi_http_requests_total")
	// Three URLs, one pattern: one series (labels stay bounded).
	has(t, reqs, `oroshi_http_requests_total{method="GET",route="GET /products/{id}",status="200"} 3`)
	has(t, reqs, `oroshi_http_requests_total{method="POST",route="POST /orders",status="201"} 1`)
	has(t, reqs, `oroshi_http_requests_total{method="GET",route="unmatched",status="404"} 1`)
	has(t, reqs, `oroshi_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`)
	if len(reqs) != 4 {
		t.Errorf("%d request series, want 4:\n%s", len(reqs), strings.Join(reqs, "\n"))
	}
	dur := scrape(t, m, "oroshi_http_request_duration_seconds_count")
	has(t, dur, `oroshi_http_request_duration_seconds_count{route="GET /products/{id}"} 3`)
	buckets := strings.Join(scrape(t, m, `oroshi_http_request_duration_seconds_bucket{route="POST /orders"`), "\n")
	for _, le := range []string{`le="0.001"`, `le="0.1"`, `le="0.3"`, `le="3"`, `le="+Inf"`} {
		if !strings.Contains(buckets, le) {
			t.Errorf("no bucket %s in:\n%s", le, buckets)
		}
	}
	has(t, scrape(t, m, "oroshi_build_info"), `oroshi_build_info{engine="sqlite",version="1.2.3"} 1`)
	has(t, scrape(t, m, "oroshi_http_requests_in_flight"), `oroshi_http_requests_in_flight 0`)
	if len(scrape(t, m, "go_goroutines")) == 0 || len(scrape(t, m, "process_")) == 0 {
		t.Error("Go or process collector missing")
	}
}

// The access log middleware copies the request; the route must still reach
// the metrics whichever of the two wraps the other.
func TestRouteThroughLoggingMiddleware(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	for name, wrap := range map[string]func(*metrics.Metrics) http.Handler{
		"metrics outside": func(m *metrics.Metrics) http.Handler { return m.Middleware(logging.Middleware(log, app())) },
		"metrics inside":  func(m *metrics.Metrics) http.Handler { return logging.Middleware(log, m.Middleware(app())) },
	} {
		t.Run(name, func(t *testing.T) {
			m := metrics.New(metrics.Options{})
			wrap(m).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/products/9", nil))
			has(t, scrape(t, m, "oroshi_http_requests_total"),
				`oroshi_http_requests_total{method="GET",route="GET /products/{id}",status="200"} 1`)
		})
	}
}

func TestPoolAndJobMetrics(t *testing.T) {
	m := metrics.New(metrics.Options{
		Pools: func() map[string]sql.DBStats {
			return map[string]sql.DBStats{
				"write": {MaxOpenConnections: 1, OpenConnections: 1, InUse: 1, WaitCount: 5, WaitDuration: 1500 * time.Millisecond},
				"read":  {MaxOpenConnections: 8, OpenConnections: 3, Idle: 3},
			}
		},
		Jobs: func(ctx context.Context) (map[string]int64, error) {
			return map[string]int64{"available": 4, "running": 1}, nil
		},
	})
	db := scrape(t, m, "oroshi_db_")
	for _, want := range []string{
		`oroshi_db_open_connections{pool="write"} 1`,
		`oroshi_db_in_use_connections{pool="write"} 1`,
		`oroshi_db_idle_connections{pool="read"} 3`,
		`oroshi_db_max_open_connections{pool="read"} 8`,
		`oroshi_db_wait_count_total{pool="write"} 5`,
		`oroshi_db_wait_duration_seconds_total{pool="write"} 1.5`,
	} {
		has(t, db, want)
	}
	jobs := scrape(t, m, "oroshi_jobs")
	has(t, jobs, `oroshi_jobs{state="available"} 4`)
	has(t, jobs, `oroshi_jobs{state="running"} 1`)
	has(t, jobs, `oroshi_jobs_up 1`)
}

// A failing or hanging job count is logged and the scrape goes on.
func TestJobCountFailure(t *testing.T) {
	tests := map[string]func(ctx context.Context) (map[string]int64, error){
		"error": func(ctx context.Context) (map[string]int64, error) {
			return nil, errors.New("no such table: river_job")
		},
		"timeout": func(ctx context.Context) (map[string]int64, error) {
			<-ctx.Done()
			return nil, ctx.Err()
		},
	}
	for name, jobs := range tests {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			m := metrics.New(metrics.Options{
				Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
				Jobs:        jobs,
				JobsTimeout: 50 * time.Millisecond,
			})
			start := time.Now()
			has(t, scrape(t, m, "oroshi_jobs"), `oroshi_jobs_up 0`)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("scrape took %v", d)
			}
			if len(scrape(t, m, "go_goroutines")) == 0 {
				t.Error("other metrics lost")
			}
			if !strings.Contains(logs.String(), "count jobs") {
				t.Errorf("failure not logged: %s", logs.String())
			}
		})
	}
}

func TestRegister(t *testing.T) {
	m := metrics.New(metrics.Options{})
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "oroshi_test_total", Help: "test"})
	if err := m.Register(c); err != nil {
		t.Fatal(err)
	}
	if err := m.Register(c); err == nil {
		t.Error("registering twice succeeded")
	}
}
