package api

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAccessLogRecordsAPIKey: an API request is recorded with its route
// pattern, its tenant and the API key's ID in place of a user.
func TestAccessLogRecordsAPIKey(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		tn := e.tenant(t, "accesslog")
		k, plain := e.key(t, tn, apikeys.OrdersWrite)
		rec := accesslog.New(s, accesslog.Options{NewID: s.NewID})
		h := logging.Middleware(slog.New(slog.DiscardHandler), rec.Middleware(e.h))
		r := httptest.NewRequest("POST", "/api/v1/test-echo?secret=x", strings.NewReader(`{"name":"a","qty":1}`))
		r.Header.Set("Authorization", "Bearer "+plain)
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("echo: %d %s", w.Code, w.Body)
		}
		if err := rec.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		rows, err := s.AccessLog(context.Background(), accesslog.Filter{Tenant: tn.ID})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
		got := rows[0]
		if got.Route != "POST /api/v1/test-echo" || got.Realm != "api" || got.UserID != k.ID || got.Status != 200 {
			t.Errorf("row = %+v", got)
		}
	})
}
