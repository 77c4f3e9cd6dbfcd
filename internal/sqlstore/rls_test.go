package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestRowLevelSecurity proves the second wall: as the application role, a
// query with no tenant set sees no rows and cannot insert, and a query for
// one tenant sees nothing of another.
func TestRowLevelSecurity(t *testing.T) {
	o := sqlstoretest.Options(t, "postgres")
	ctx := context.Background()
	super, err := sql.Open("pgx", o.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer super.Close()
	now := time.Now().UTC()
	for _, tenant := range []int64{101, 202} {
		if _, err := super.ExecContext(ctx, `INSERT INTO buyers (tenant_id, id, code, name, created_at, updated_at)
			VALUES ($1, $2, 'B001', '取引先', $3, $3)`, tenant, tenant*10, now); err != nil {
			t.Fatal(err)
		}
	}
	app, err := super.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.ExecContext(ctx, "SET ROLE "+sqlstore.AppRole); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := app.QueryRowContext(ctx, `SELECT count(*) FROM buyers`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Errorf("no tenant set: saw %d rows, want 0", n)
	}
	_, err = app.ExecContext(ctx, `INSERT INTO buyers (tenant_id, id, code, name, created_at, updated_at)
		VALUES (101, 999, 'B999', 'x', now(), now())`)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("insert with no tenant set: err = %v, want a row-level security violation", err)
	}
	if _, err := app.ExecContext(ctx, `SELECT set_config('app.tenant_id', '101', false)`); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("tenant 101: saw %d rows, want 1", n)
	}
	_, err = app.ExecContext(ctx, `INSERT INTO buyers (tenant_id, id, code, name, created_at, updated_at)
		VALUES (202, 998, 'B998', 'x', now(), now())`)
	if err == nil {
		t.Error("tenant 101 inserted a row of tenant 202")
	}
	res, err := app.ExecContext(ctx, `UPDATE buyers SET name = 'hacked' WHERE tenant_id = 202`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 0 {
		t.Errorf("tenant 101 updated %d rows of tenant 202", n)
	}
	var super2, bypass bool
	if err := app.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super2, &bypass); err != nil {
		t.Fatal(err)
	}
	if super2 || bypass {
		t.Errorf("application role is superuser=%v bypassrls=%v", super2, bypass)
	}
}
