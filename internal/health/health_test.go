package health_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/oroshi-jp/oroshi/internal/health"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

const (
	bodyReady    = `{"status":"ready","database":"ok","migrations":"current"}`
	bodyDown     = `{"status":"unavailable","database":"unreachable","migrations":"unknown"}`
	bodyPending  = `{"status":"unavailable","database":"ok","migrations":"pending"}`
	bodyDraining = `{"status":"draining"}`
)

// probe calls h like a load balancer would and checks the answer.
func probe(t *testing.T, h http.Handler, wantStatus int, wantBody string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != wantStatus {
		t.Errorf("status = %d, want %d (body %s)", rec.Code, wantStatus, rec.Body)
	}
	if got := strings.TrimSpace(rec.Body.String()); got != wantBody {
		t.Errorf("body = %s, want %s", got, wantBody)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	wantRetry := ""
	if wantStatus == http.StatusServiceUnavailable {
		wantRetry = "5"
	}
	if got := rec.Header().Get("Retry-After"); got != wantRetry {
		t.Errorf("Retry-After = %q, want %q", got, wantRetry)
	}
}

func newHandlers(c health.Checker) (http.Handler, *health.Readiness, *bytes.Buffer) {
	var logs bytes.Buffer
	healthz, readyz := health.Handler(c, slog.New(slog.NewTextHandler(&logs, nil)))
	return healthz, readyz, &logs
}

func TestReadyOnRealStores(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		healthz, readyz, _ := newHandlers(s)
		probe(t, healthz, http.StatusOK, `{"status":"ok"}`)
		probe(t, readyz, http.StatusOK, bodyReady)
		probe(t, readyz, http.StatusOK, bodyReady) // cached migrations state

		readyz.SetDraining(true)
		probe(t, readyz, http.StatusServiceUnavailable, bodyDraining)
		probe(t, healthz, http.StatusOK, `{"status":"ok"}`) // still alive
		readyz.SetDraining(false)
		probe(t, readyz, http.StatusOK, bodyReady)
	})
}

func TestClosedStoreIsNotReady(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		healthz, readyz, logs := newHandlers(s)
		probe(t, readyz, http.StatusOK, bodyReady)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		probe(t, readyz, http.StatusServiceUnavailable, bodyDown)
		probe(t, healthz, http.StatusOK, `{"status":"ok"}`)
		// The cause goes to the log, not to the unauthenticated prober.
		if !strings.Contains(logs.String(), "database is closed") {
			t.Errorf("log lacks the cause:\n%s", logs)
		}
		// One line per change, not one per probe.
		probe(t, readyz, http.StatusServiceUnavailable, bodyDown)
		if n := strings.Count(logs.String(), "status=unavailable"); n != 1 {
			t.Errorf("%d unavailable lines, want 1:\n%s", n, logs)
		}
	})
}

func TestUnmigratedStoreIsNotReady(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			_, readyz, logs := newHandlers(openUnmigrated(t, engine))
			// On an empty PostgreSQL database goose retries creating its
			// table (the application role may not) until the deadline:
			// "unknown" is as not-ready as "pending", so don't wait 2 s.
			readyz.SetTimeout(300 * time.Millisecond)
			rec := httptest.NewRecorder()
			readyz.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			body := strings.TrimSpace(rec.Body.String())
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"ok"`) ||
				strings.Contains(body, `"migrations":"current"`) {
				t.Errorf("got %d %s, want 503 with database ok and migrations not current; log:\n%s", rec.Code, body, logs)
			}
		})
	}
}

// openUnmigrated opens a store on an empty database.
func openUnmigrated(t *testing.T, engine string) *sqlstore.Store {
	t.Helper()
	o := sqlstore.Options{DataDir: t.TempDir()}
	if engine == "postgres" {
		o.URL = emptyPostgres(t)
	}
	s, err := sqlstore.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func emptyPostgres(t *testing.T) string {
	t.Helper()
	admin := sqlstoretest.PostgresURL(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	name := "oroshi_health_empty_" + strings.ToLower(rand.Text())
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// A database that does not answer in time is not ready. SQLite has a single
// writer connection: holding it in a transaction makes the ping wait.
func TestHungDatabaseTimesOut(t *testing.T) {
	s := sqlstoretest.Open(t, "sqlite")
	_, readyz, _ := newHandlers(s)
	readyz.SetTimeout(100 * time.Millisecond)
	tx, err := s.DB().BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	start := time.Now()
	probe(t, readyz, http.StatusServiceUnavailable, bodyDown)
	if d := time.Since(start); d > time.Second {
		t.Errorf("readyz took %v, want about the 100ms timeout", d)
	}
}
