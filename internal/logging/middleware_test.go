package logging_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/logging"
)

// serve runs one request through Middleware around h and returns the
// response and the decoded access line.
func serve(t *testing.T, h http.Handler, req *http.Request) (*httptest.ResponseRecorder, map[string]any, string) {
	t.Helper()
	var buf bytes.Buffer
	log := logging.New(&buf, "json", "debug", false)
	rec := httptest.NewRecorder()
	logging.Middleware(log, h).ServeHTTP(rec, req)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("want one JSON line, got %q: %v", buf.String(), err)
	}
	return rec, line, buf.String()
}

func routes() http.Handler {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /api/v1/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		info := logging.Info(r.Context())
		info.Tenant, info.UserID, info.Realm = "acme", "7", "api"
		io.WriteString(w, "order "+r.PathValue("id"))
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", inner) // nested: the inner pattern must win
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad", http.StatusUnprocessableEntity)
	})
	mux.HandleFunc("GET /quiet", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func TestMiddlewareLine(t *testing.T) {
	tests := []struct {
		method, target string
		wantRoute      string
		wantStatus     float64
		wantLevel      string
	}{
		{"GET", "/api/v1/orders/12?x=1", "GET /api/v1/orders/{id}", 200, "INFO"},
		{"GET", "/nowhere", logging.Unmatched, 404, "INFO"},
		{"GET", "/boom", "GET /boom", 500, "ERROR"},
		{"POST", "/form", "POST /form", 422, "WARN"},
		{"GET", "/quiet", "GET /quiet", 200, "INFO"}, // nothing written
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, nil)
			req.RemoteAddr = "203.0.113.9:51234"
			_, line, _ := serve(t, routes(), req)
			checks := map[string]any{
				"msg": "http request", "level": tt.wantLevel, "method": tt.method,
				"route": tt.wantRoute, "path": strings.Split(tt.target, "?")[0],
				"status": tt.wantStatus, "client": "203.0.113.9",
			}
			for k, want := range checks {
				if line[k] != want {
					t.Errorf("%s = %v, want %v", k, line[k], want)
				}
			}
			for _, k := range []string{"bytes", "duration_ms", "tenant", "user_id", "realm", "request_id"} {
				if _, ok := line[k]; !ok {
					t.Errorf("line lacks %s: %v", k, line)
				}
			}
		})
	}
}

func TestMiddlewareReportsCaller(t *testing.T) {
	_, line, _ := serve(t, routes(), httptest.NewRequest("GET", "/api/v1/orders/3", nil))
	for k, want := range map[string]any{"tenant": "acme", "user_id": "7", "realm": "api", "bytes": 7.0} {
		if line[k] != want {
			t.Errorf("%s = %v, want %v", k, line[k], want)
		}
	}
}

func TestRequestID(t *testing.T) {
	tests := []struct {
		name, incoming string
		reused         bool
	}{
		{"none", "", false},
		{"valid", "req-abc_123.x:1", true},
		{"too long", strings.Repeat("a", 65), false},
		{"log forging", "a\nlevel=ERROR", false},
		{"space", "a b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/quiet", nil)
			if tt.incoming != "" {
				req.Header.Set(logging.RequestIDHeader, tt.incoming)
			}
			var seen string
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = logging.RequestID(r.Context())
			})
			rec, line, _ := serve(t, h, req)
			got := rec.Header().Get(logging.RequestIDHeader)
			if got == "" || got != line["request_id"] || got != seen {
				t.Fatalf("header %q, line %v, context %q: want one non-empty ID", got, line["request_id"], seen)
			}
			if (got == tt.incoming) != tt.reused {
				t.Errorf("ID %q, incoming %q: reused = %v, want %v", got, tt.incoming, !tt.reused, tt.reused)
			}
		})
	}
}

// Secrets never in logs: neither the query string nor credential headers.
func TestMiddlewareKeepsSecretsOut(t *testing.T) {
	req := httptest.NewRequest("GET", "/api/v1/orders/5?token=secret-q&access_token=secret-a", nil)
	req.Header.Set("Authorization", "Bearer secret-bearer")
	req.Header.Set("Cookie", "oroshi_session=secret-cookie")
	req.Header.Set("X-Api-Key", "secret-key")
	_, line, raw := serve(t, routes(), req)
	if strings.Contains(raw, "secret") || strings.Contains(raw, "token") {
		t.Errorf("log line leaks a secret: %s", raw)
	}
	if line["path"] != "/api/v1/orders/5" {
		t.Errorf("path = %v", line["path"])
	}
}

// Streaming exports need Flush to reach the client through the wrapper.
func TestMiddlewareKeepsFlushing(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "a,b\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("ResponseController.Flush: %v", err)
		}
		w.(http.Flusher).Flush()
	})
	rec, line, _ := serve(t, h, httptest.NewRequest("GET", "/export.csv", nil))
	if !rec.Flushed {
		t.Error("the underlying writer was not flushed")
	}
	if line["bytes"] != 4.0 || line["status"] != 200.0 {
		t.Errorf("bytes %v status %v, want 4 and 200", line["bytes"], line["status"])
	}
}

// A panicking handler still gets its line, as a 500, and the panic goes on
// to net/http.
func TestMiddlewarePanic(t *testing.T) {
	var buf bytes.Buffer
	h := logging.Middleware(logging.New(&buf, "json", "info", false),
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bug") }))
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic was swallowed")
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}()
	if !strings.Contains(buf.String(), `"status":500`) {
		t.Errorf("no 500 line: %s", buf.String())
	}
}

func TestClientAddr(t *testing.T) {
	tests := map[string]string{
		"192.0.2.1:1234":    "192.0.2.1",
		"[2001:db8::1]:443": "2001:db8::1",
		"@":                 "@", // unix socket peers have no port
	}
	for in, want := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = in
		if got := logging.ClientAddr(r); got != want {
			t.Errorf("ClientAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
