package watchdog_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/watchdog"
)

// TestMiddlewareFeedsRecorder: route patterns (not URLs), statuses and
// panics reach the recorder, and so the error rate.
func TestMiddlewareFeedsRecorder(t *testing.T) {
	rec := slo.NewRecorder()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	mux.HandleFunc("POST /panic", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	srv := httptest.NewServer(watchdog.Middleware(rec, mux))
	defer srv.Close()
	for _, p := range []string{"/items/1", "/items/2", "/fail"} {
		if resp, err := http.Get(srv.URL + p); err == nil {
			resp.Body.Close()
		}
	}
	// POST: the client does not retry it when the panic drops the connection.
	if resp, err := http.Post(srv.URL+"/panic", "text/plain", nil); err == nil {
		resp.Body.Close()
	}
	share, total := rec.ErrorRate(time.Now())
	if total != 4 || share != 0.5 {
		t.Errorf("error rate %v of %d, want 0.5 of 4", share, total)
	}
	routes := map[string]int64{}
	for _, s := range rec.Drain() {
		routes[s.Route] += s.Hist.Total()
	}
	if routes["GET /items/{id}"] != 2 || routes["GET /fail"] != 1 || routes["POST /panic"] != 1 {
		t.Errorf("routes %v", routes)
	}
}
