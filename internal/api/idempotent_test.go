package api

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// newIdempotentEnv is newServicesEnv with Idempotency-Key handling on.
func newIdempotentEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Idempotency: &idempotency.Service{Store: s, Now: s.Now}})
	e.h = srv.handler(srv.routes())
	return e
}

// post sends a JSON POST with an Idempotency-Key.
func (e *env) post(path, key, idemKey, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+key)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(IdempotencyHeader, idemKey)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func TestAPIIdempotencyKey(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newIdempotentEnv(t, s)
		tn := e.tenant(t, "maruyama")
		_, key := e.key(t, tn, apikeys.BuyersWrite, apikeys.BuyersRead)
		_, other := e.key(t, tn, apikeys.BuyersWrite, apikeys.BuyersRead)
		body := `{"code":"B001","name":"山田商店"}`

		first := e.post("/api/v1/buyers", key, "k-1", body)
		if first.Code != 201 || first.Header().Get(ReplayedHeader) != "" {
			t.Fatalf("first: %d %v %s", first.Code, first.Header(), first.Body)
		}
		again := e.post("/api/v1/buyers", key, "k-1", body)
		if again.Code != 201 || again.Header().Get(ReplayedHeader) != "true" || again.Body.String() != first.Body.String() {
			t.Fatalf("replay: %d %v %s", again.Code, again.Header(), again.Body)
		}
		var list BuyerList
		e.send(t, "GET", "/api/v1/buyers", key, "", 200, &list)
		if len(list.Data) != 1 {
			t.Fatalf("%d buyers after a replayed POST, want 1", len(list.Data))
		}

		// The same key on another request is refused, and creates nothing.
		w := e.post("/api/v1/buyers", key, "k-1", `{"code":"B002","name":"別の店"}`)
		if eb := errorOf(t, w); w.Code != 422 || eb.Code != CodeIdempotencyMismatch {
			t.Fatalf("mismatch: %d %+v", w.Code, eb)
		}
		// Keys belong to one API key: another caller's k-1 is its own.
		if w := e.post("/api/v1/buyers", other, "k-1", `{"code":"B003","name":"三番目"}`); w.Code != 201 {
			t.Fatalf("other caller: %d %s", w.Code, w.Body)
		}
		// A validation failure is an answer too: replayed as it was.
		bad := e.post("/api/v1/buyers", key, "k-2", `{"code":"","name":""}`)
		bad2 := e.post("/api/v1/buyers", key, "k-2", `{"code":"","name":""}`)
		if bad.Code != 422 || bad2.Code != 422 || bad2.Header().Get(ReplayedHeader) != "true" {
			t.Fatalf("validation replay: %d, %d %v", bad.Code, bad2.Code, bad2.Header())
		}
		if w := e.post("/api/v1/buyers", key, "with space", body); w.Code != 400 {
			t.Fatalf("bad key: %d %s", w.Code, w.Body)
		}
	})
}

// TestAPIIdempotencyConcurrent: ten simultaneous retries of one POST make
// one buyer; the others are replays or "in progress", never a second row.
func TestAPIIdempotencyConcurrent(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newIdempotentEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite, apikeys.BuyersRead)
		codes := make([]int, 10)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				codes[i] = e.post("/api/v1/buyers", key, "same", `{"code":"B001","name":"山田商店"}`).Code
			})
		}
		wg.Wait()
		for _, c := range codes {
			if c != 201 && c != 409 {
				t.Fatalf("codes %v: want only 201 and 409 (in progress)", codes)
			}
		}
		var list BuyerList
		e.send(t, "GET", "/api/v1/buyers", key, "", 200, &list)
		if len(list.Data) != 1 {
			t.Fatalf("%d buyers, want 1 (codes %v)", len(list.Data), codes)
		}
	})
}
