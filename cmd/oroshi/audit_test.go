package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAuditVerify: the chain of a tenant made on the command line verifies;
// after a row is edited in the database, verify names the tenant and the
// entry and exits 1; an unknown slug is an error too.
func TestAuditVerify(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			env := engineEnv(t, engine)
			for _, slug := range []string{"marukawa", "yamato"} {
				if _, stderr, code := runCLI(t, env, "tenant", "create", "--slug", slug, "--name", slug+"商事", "--admin-email", "boss@"+slug+".example"); code != 0 {
					t.Fatalf("tenant create %s: %d %q", slug, code, stderr)
				}
			}
			out, stderr, code := runCLI(t, env, "audit", "verify")
			if code != 0 || strings.Count(out, "OK  ") != 3 || !strings.Contains(out, "marukawa: 2件 改ざんなし") {
				t.Fatalf("verify all: %d %q %q", code, out, stderr)
			}
			tamper(t, engine, env, `UPDATE audit_events SET actor_id = 99 WHERE seq = 2 AND tenant_id = (SELECT id FROM tenants WHERE slug = 'yamato')`)
			out, stderr, code = runCLI(t, env, "audit", "verify")
			if code != 1 || !strings.Contains(out, "NG  yamato: seq 2 の内容") || !strings.Contains(out, "OK  marukawa") ||
				!strings.Contains(stderr, "audit chain broken for 1 of 3") {
				t.Errorf("verify after tampering: %d %q %q", code, out, stderr)
			}
			if out, _, code := runCLI(t, env, "audit", "verify", "--tenant", "marukawa"); code != 0 || strings.Count(out, "\n") != 1 {
				t.Errorf("verify one good tenant: %d %q", code, out)
			}
			if _, stderr, code := runCLI(t, env, "audit", "verify", "--tenant", "nobody"); code != 1 || !strings.Contains(stderr, `"nobody" does not exist`) {
				t.Errorf("unknown tenant: %d %q", code, stderr)
			}
			if _, _, code := runCLI(t, env, "audit"); code != 2 {
				t.Errorf("audit without verify: exit %d, want 2", code)
			}
		})
	}
}

// tamper edits the database behind the application's back (as its owner,
// past row-level security).
func tamper(t *testing.T, engine string, env map[string]string, q string) {
	t.Helper()
	driver, dsn := "sqlite3", sqlstore.SQLitePath(env["OROSHI_DATA_DIR"])
	if engine == "postgres" {
		driver, dsn = "pgx", env["OROSHI_DATABASE_URL"]
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.ExecContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s: %d rows changed, want 1", q, n)
	}
}
