package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// echoBody is the body of the test-only route.
type echoBody struct {
	Name string `json:"name"`
	Qty  int    `json:"qty"`
}

// testRoutes exist only in tests: one needing a scope and decoding a body
// (with a small limit), and two failing as a server.
func testRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "/api/v1/test-echo", op: "testEcho", scope: apikeys.OrdersWrite,
			in: echoBody{}, out: echoBody{}, maxBody: 64, summary: "テスト用",
			h: func(w http.ResponseWriter, r *http.Request) error {
				var b echoBody
				if err := decodeJSON(r, &b); err != nil {
					return err
				}
				writeJSON(w, http.StatusOK, b)
				return nil
			}},
		{method: http.MethodGet, path: "/api/v1/test-fail", op: "testFail", public: true, summary: "テスト用",
			h: func(http.ResponseWriter, *http.Request) error {
				return fmt.Errorf("load: %w", errors.New("db password=hunter2 refused"))
			}},
		{method: http.MethodGet, path: "/api/v1/test-panic", op: "testPanic", public: true, summary: "テスト用",
			h: func(http.ResponseWriter, *http.Request) error { panic("boom") }},
	}
}

type env struct {
	h    http.Handler
	s    *sqlstore.Store
	keys *apikeys.Service
	log  *bytes.Buffer
}

func newEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil))})
	e.h = srv.handler(append(srv.routes(), testRoutes()...))
	return e
}

func (e *env) tenant(t *testing.T, slug string) tenancy.Tenant {
	t.Helper()
	tn, err := (&tenancy.Service{Store: e.s}).Create(context.Background(), slug, slug+"商事")
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func (e *env) key(t *testing.T, tn tenancy.Tenant, scopes ...string) (apikeys.Key, string) {
	t.Helper()
	k, plain, err := e.keys.Create(context.Background(), tn.ID, "テスト用キー", scopes,
		audit.Actor{Realm: audit.RealmAdmin, ID: 1})
	if err != nil {
		t.Fatal(err)
	}
	return k, plain
}

// call sends a request through the real handler.
func (e *env) call(method, path, key, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if key != "" {
		r.Header.Set("Authorization", key)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// errorOf reads an error answer, failing unless it is well-formed JSON.
func errorOf(t *testing.T, w *httptest.ResponseRecorder) ErrorBody {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var er ErrorResponse
	if err := json.Unmarshal(w.Body.Bytes(), &er); err != nil || er.Error.Code == "" || er.Error.Message == "" {
		t.Fatalf("error body %q: %v", w.Body, err)
	}
	return er.Error
}

func TestAPIKeyAuth(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		a, b := e.tenant(t, "maruyama"), e.tenant(t, "kawaguchi")
		_, readA := e.key(t, a, apikeys.CatalogRead)
		_, writeA := e.key(t, a, apikeys.OrdersWrite)
		_, keyB := e.key(t, b, apikeys.OrdersWrite)
		revokedK, revoked := e.key(t, a, apikeys.OrdersWrite)
		if err := e.keys.Revoke(context.Background(), a.ID, revokedK.ID, audit.Actor{Realm: audit.RealmAdmin}); err != nil {
			t.Fatal(err)
		}
		// B's secret presented under A's tenant id.
		swapped := strings.Replace(keyB, "_"+b.ID.String()+"_", "_"+a.ID.String()+"_", 1)
		body := `{"name":"箱","qty":3}`
		tests := []struct {
			name, method, path, auth string
			status                   int
			code                     string
			challenge                string // part of WWW-Authenticate expected
		}{
			{"no key", "GET", "/api/v1/me", "", 401, CodeUnauthorized, `Bearer realm="oroshi"`},
			{"basic scheme", "GET", "/api/v1/me", "Basic dXNlcjpwYXNz", 401, CodeUnauthorized, "invalid_token"},
			{"empty bearer", "GET", "/api/v1/me", "Bearer ", 401, CodeUnauthorized, "invalid_token"},
			{"malformed", "GET", "/api/v1/me", "Bearer oroshi_garbage", 401, CodeUnauthorized, "invalid_token"},
			{"other tenant's id", "GET", "/api/v1/me", "Bearer " + swapped, 401, CodeUnauthorized, "invalid_token"},
			{"revoked", "GET", "/api/v1/me", "Bearer " + revoked, 401, CodeUnauthorized, "invalid_token"},
			{"valid", "GET", "/api/v1/me", "Bearer " + readA, 200, "", ""},
			{"scheme case", "GET", "/api/v1/me", "bearer " + readA, 200, "", ""},
			{"missing scope", "POST", "/api/v1/test-echo", "Bearer " + readA, 403, CodeForbidden, "insufficient_scope"},
			{"scope held", "POST", "/api/v1/test-echo", "Bearer " + writeA, 200, "", ""},
			{"other tenant's key", "POST", "/api/v1/test-echo", "Bearer " + keyB, 200, "", ""},
		}
		for _, tt := range tests {
			w := e.call(tt.method, tt.path, tt.auth, "application/json", body)
			if w.Code != tt.status {
				t.Errorf("%s: status %d, want %d (%s)", tt.name, w.Code, tt.status, w.Body)
				continue
			}
			if tt.code != "" {
				if got := errorOf(t, w); got.Code != tt.code {
					t.Errorf("%s: code %q, want %q", tt.name, got.Code, tt.code)
				}
			}
			if got := w.Header().Get("WWW-Authenticate"); !strings.Contains(got, tt.challenge) || (tt.challenge == "") != (got == "") {
				t.Errorf("%s: WWW-Authenticate %q, want %q", tt.name, got, tt.challenge)
			}
		}
		// Unknown and revoked keys get the very same answer.
		unknown := e.call("GET", "/api/v1/me", "Bearer "+swapped, "", "")
		rev := e.call("GET", "/api/v1/me", "Bearer "+revoked, "", "")
		if unknown.Body.String() != rev.Body.String() {
			t.Errorf("unknown and revoked answers differ:\n%s\n%s", unknown.Body, rev.Body)
		}
	})
}

func TestAPIKeyMe(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		a := e.tenant(t, "maruyama")
		e.tenant(t, "kawaguchi")
		k, plain := e.key(t, a, apikeys.OrdersRead, apikeys.CatalogRead)
		w := e.call("GET", "/api/v1/me", "Bearer "+plain, "", "")
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var raw map[string]map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		tn, key := raw["tenant"], raw["key"]
		if tn["id"] != a.ID.String() || tn["slug"] != "maruyama" || tn["name"] != "maruyama商事" {
			t.Errorf("tenant = %v", tn)
		}
		if key["id"] != k.ID.String() || key["name"] != "テスト用キー" || key["prefix"] != k.Prefix ||
			fmt.Sprint(key["scopes"]) != "[catalog:read orders:read]" || key["created_at"] == "" {
			t.Errorf("key = %v", key)
		}
		if strings.Contains(w.Body.String(), plain[len(k.Prefix):]) {
			t.Error("/me reveals the secret")
		}
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control = %q", got)
		}
		if _, err := s.DB().Exec(fmt.Sprintf(`UPDATE tenants SET status = 'suspended' WHERE id = %d`, a.ID)); err != nil {
			t.Fatal(err)
		}
		w = e.call("GET", "/api/v1/me", "Bearer "+plain, "", "")
		if w.Code != 403 || errorOf(t, w).Code != CodeForbidden {
			t.Errorf("suspended tenant: %d %s", w.Code, w.Body)
		}
	})
}

func TestAPIKeyRoutingErrors(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		tests := []struct {
			method, path string
			status       int
			code, allow  string
		}{
			{"GET", "/api/v1/nope", 404, CodeNotFound, ""},
			{"GET", "/api/v2/me", 404, CodeNotFound, ""},
			{"GET", "/api/", 404, CodeNotFound, ""},
			{"POST", "/api/v1/me", 405, CodeMethodNotAllowed, "GET, HEAD"},
			{"DELETE", "/api/v1/test-echo", 405, CodeMethodNotAllowed, "POST"},
			{"GET", "/api/v1/test-fail", 500, CodeInternal, ""},
			{"GET", "/api/v1/test-panic", 500, CodeInternal, ""},
		}
		for _, tt := range tests {
			w := e.call(tt.method, tt.path, "", "", "")
			if w.Code != tt.status {
				t.Errorf("%s %s: status %d, want %d (%s)", tt.method, tt.path, w.Code, tt.status, w.Body)
				continue
			}
			got := errorOf(t, w)
			if got.Code != tt.code || w.Header().Get("Allow") != tt.allow {
				t.Errorf("%s %s: code %q Allow %q, want %q %q", tt.method, tt.path, got.Code, w.Header().Get("Allow"), tt.code, tt.allow)
			}
			if strings.Contains(got.Message, "hunter2") {
				t.Errorf("%s %s: message leaks the error: %q", tt.method, tt.path, got.Message)
			}
		}
		if n := strings.Count(e.log.String(), "hunter2"); n != 1 {
			t.Errorf("the 500 was logged %d times, want once:\n%s", n, e.log)
		}
		if !strings.Contains(e.log.String(), "boom") {
			t.Errorf("the panic was not logged:\n%s", e.log)
		}
	})
}

func TestAPIKeyRequestID(t *testing.T) {
	e := newEnv(t, sqlstoretest.Open(t, "sqlite"))
	tests := []struct{ in, want string }{
		{"abc-123.DEF_4:5", "abc-123.DEF_4:5"},
		{"", ""},
		{"bad id\nforged", ""},
		{strings.Repeat("a", 65), ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
		r.Header.Set("X-Request-ID", tt.in)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		got := w.Header().Get("X-Request-ID")
		if tt.want != "" && got != tt.want || tt.want == "" && (got == "" || got == tt.in) {
			t.Errorf("X-Request-ID %q answered %q", tt.in, got)
		}
	}
}

func TestAPIKeyDecodeThroughHandler(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		_, key := e.key(t, e.tenant(t, "decode"), apikeys.OrdersWrite)
		tests := []struct {
			name, ct, body string
			status         int
			field          string
		}{
			{"ok", "application/json; charset=utf-8", `{"name":"箱","qty":3}`, 200, ""},
			{"no content type", "", `{"name":"x"}`, 415, ""},
			{"form", "application/x-www-form-urlencoded", `name=x`, 415, ""},
			{"too large", "application/json", `{"name":"` + strings.Repeat("x", 100) + `"}`, 413, ""},
			{"unknown field", "application/json", `{"name":"x","colour":"red"}`, 400, "colour"},
			{"wrong type", "application/json", `{"qty":"three"}`, 400, "qty"},
			{"trailing", "application/json", `{"name":"x"} {}`, 400, ""},
			{"syntax", "application/json", `{"name":}`, 400, ""},
			{"empty", "application/json", ``, 400, ""},
		}
		for _, tt := range tests {
			w := e.call("POST", "/api/v1/test-echo", "Bearer "+key, tt.ct, tt.body)
			if w.Code != tt.status {
				t.Errorf("%s: status %d, want %d (%s)", tt.name, w.Code, tt.status, w.Body)
				continue
			}
			if tt.status == 200 {
				if got, _ := io.ReadAll(w.Body); !json.Valid(got) || !strings.Contains(string(got), "箱") {
					t.Errorf("%s: body %s", tt.name, got)
				}
				continue
			}
			if got := errorOf(t, w); tt.field != "" && got.Fields[tt.field] == "" {
				t.Errorf("%s: fields %v, want a message on %s", tt.name, got.Fields, tt.field)
			}
		}
	})
}

// TestAPIKeyRoutePattern: the outer access log and metrics read the matched
// pattern from the request they passed down.
func TestAPIKeyRoutePattern(t *testing.T) {
	e := newEnv(t, sqlstoretest.Open(t, "sqlite"))
	outer := http.NewServeMux()
	outer.Handle("/api/", e.h)
	for path, want := range map[string]string{
		"/api/v1/openapi.json": "GET /api/v1/openapi.json",
		"/api/v1/me":           "GET /api/v1/me",
		"/api/v1/unknown":      "/",
	} {
		r := httptest.NewRequest("GET", path, nil)
		outer.ServeHTTP(httptest.NewRecorder(), r)
		if r.Pattern != want {
			t.Errorf("%s: pattern %q, want %q", path, r.Pattern, want)
		}
	}
}
