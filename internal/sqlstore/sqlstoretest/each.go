// Package sqlstoretest runs store tests on SQLite and on PostgreSQL.
//
// PostgreSQL comes from OROSHI_TEST_DATABASE_URL (a role that may create
// databases); without it the local server at 127.0.0.1:5432 is tried. When
// none answers, the PostgreSQL half is skipped with a message, unless
// OROSHI_REQUIRE_POSTGRES=1 (CI), which turns the skip into a failure.
package sqlstoretest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// Engines are the engines Each runs on.
var Engines = []string{"sqlite", "postgres"}

// Each runs fn once per engine, as subtests named after the engine, each on
// a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, s *sqlstore.Store)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh migrated store on engine, closed and dropped when the
// test ends.
func Open(t testing.TB, engine string) *sqlstore.Store {
	t.Helper()
	o := Options(t, engine)
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, o)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Options creates a fresh migrated database on engine and returns how to
// open it (for tests that start `oroshi serve` themselves).
func Options(t testing.TB, engine string) sqlstore.Options {
	t.Helper()
	if engine == "sqlite" {
		o := sqlstore.Options{DataDir: t.TempDir(), AuditKey: AuditKey()}
		if err := sqlstore.Migrate(context.Background(), o, ""); err != nil {
			t.Fatalf("migrate sqlite: %v", err)
		}
		return o
	}
	return sqlstore.Options{URL: freshPostgres(t), AuditKey: AuditKey()}
}

// AuditKey is the fixed key that seals the operation history in tests.
func AuditKey() []byte { return []byte("oroshi test audit chain key, 32b") }

var pg struct {
	once     sync.Once
	admin    string // URL of a database we may CREATE DATABASE from
	template string // name of the migrated template database
	err      error
}

// PostgresURL returns the admin URL of the test server, skipping (or failing
// under OROSHI_REQUIRE_POSTGRES=1) when there is none.
func PostgresURL(t testing.TB) string {
	t.Helper()
	pg.once.Do(setupPostgres)
	if pg.err != nil {
		if os.Getenv("OROSHI_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (OROSHI_REQUIRE_POSTGRES=1) but unavailable: %v", pg.err)
		}
		t.Skipf("PostgreSQL tests skipped: %v (set OROSHI_TEST_DATABASE_URL)", pg.err)
	}
	return pg.admin
}

func setupPostgres() {
	admin := os.Getenv("OROSHI_TEST_DATABASE_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=2"
	}
	pg.admin = admin
	db, err := sql.Open("pgx", admin)
	if err != nil {
		pg.err = err
		return
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		pg.err = fmt.Errorf("no PostgreSQL at %s: %w", redact(admin), err)
		return
	}
	// One migrated template per test binary; each test copies it, which is
	// much faster than migrating every time.
	pg.template = "oroshi_tpl_" + randomSuffix()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+pg.template); err != nil {
		pg.err = fmt.Errorf("create template database: %w", err)
		return
	}
	mctx, mcancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer mcancel()
	if err := sqlstore.Migrate(mctx, sqlstore.Options{URL: withDB(admin, pg.template)}, ""); err != nil {
		pg.err = fmt.Errorf("migrate template: %w", err)
	}
}

func freshPostgres(t testing.TB) string {
	t.Helper()
	admin := PostgresURL(t)
	name := "oroshi_test_" + randomSuffix()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pg.template); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDB(admin, name)
}

// withDB replaces the database name of a postgres URL.
func withDB(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable url)"
	}
	return u.Redacted()
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}

// Main runs the tests of a package and then drops the PostgreSQL template
// database, if one was made. Use it from TestMain: os.Exit(sqlstoretest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if pg.template != "" {
		if db, err := sql.Open("pgx", pg.admin); err == nil {
			_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+pg.template+" WITH (FORCE)")
			db.Close()
		}
	}
	return code
}
