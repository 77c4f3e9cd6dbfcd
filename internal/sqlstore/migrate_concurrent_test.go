package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestMigrateConcurrently: two servers starting at once (or a CLI command
// beside a server) migrate the same new PostgreSQL database at the same
// time; the advisory lock makes the second wait, and both succeed.
func TestMigrateConcurrently(t *testing.T) {
	admin := sqlstoretest.PostgresURL(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("oroshi_mig_%d", time.Now().UnixNano())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			errs <- sqlstore.Migrate(context.Background(), sqlstore.Options{URL: u.String(), AuditKey: sqlstoretest.AuditKey()}, "")
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent migrate: %v", err)
		}
	}
}
