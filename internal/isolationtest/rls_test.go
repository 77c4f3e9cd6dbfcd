package isolationtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// rlsOnly proves that PostgreSQL's row-level security alone keeps tenant B
// from tenant A: as the application role (no superuser, no BYPASSRLS, not
// the owner) with app.tenant_id set to A, raw statements without any
// tenant filter see and touch only A's rows, and rows of B cannot be
// written. Tables come from the schema, so a new table without RLS fails.
func (e *env) rlsOnly(t *testing.T) {
	ctx := context.Background()
	conn, err := e.raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var super, bypass bool
	if _, err := conn.ExecContext(ctx, "SET ROLE "+sqlstore.AppRole); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&super, &bypass); err != nil || super || bypass {
		t.Fatalf("application role: superuser=%v bypassrls=%v err=%v", super, bypass, err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, e.tA.ID.String()); err != nil {
		t.Fatal(err)
	}
	tables := e.tenantTables(t)
	for _, tbl := range tables {
		on, forced := e.rlsState(t, tbl)
		switch {
		case noRLS[tbl] != "":
			if on {
				t.Errorf("%s has row-level security now: remove it from noRLS", tbl)
			}
			continue
		case !on || !forced && unforced[tbl] == "":
			t.Errorf("%s: row-level security enabled=%v forced=%v; every tenant table needs both", tbl, on, forced)
			continue
		}
		e.rlsTable(t, tx, tbl)
	}
	t.Logf("RLS-only pass: %d tenant tables", len(tables))
}

// noRLS are tenant_id tables deliberately without row-level security
// (platform data, see their migrations); the store's methods filter them.
var noRLS = map[string]string{
	"access_log":  "00021_access.sql: rows of all tenants written in one batch from tenant 0; read by operators",
	"mail_outbox": "00001_foundation.sql: the platform's mail queue, worked for every tenant",
}

// unforced tables have RLS enabled (binding the application role) but not
// forced, so that their owner-run SECURITY DEFINER function can use an index.
var unforced = map[string]string{"sku_search": "00003_catalog_fix.sql: sku_search_match() applies the tenant itself"}

func (e *env) rlsState(t *testing.T, tbl string) (on, forced bool) {
	err := e.raw.QueryRowContext(context.Background(),
		`SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`, tbl).Scan(&on, &forced)
	if err != nil {
		t.Fatal(err)
	}
	return on, forced
}

// rlsTable runs the unfiltered statements on one table inside tx (tenant
// A set), each under a savepoint so that a refusal does not end tx.
func (e *env) rlsTable(t *testing.T, tx *sql.Tx, tbl string) {
	ctx := context.Background()
	var nA, nB int64
	if err := e.raw.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE tenant_id = $1), count(*) FILTER (WHERE tenant_id = $2) FROM `+tbl,
		e.tA.ID, e.tB.ID).Scan(&nA, &nB); err != nil {
		t.Fatal(err)
	}
	var seen int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+tbl).Scan(&seen); err != nil || seen != nA {
		t.Errorf("%s: unfiltered SELECT saw %d rows (%v), want A's %d (B has %d)", tbl, seen, err, nA, nB)
	}
	for _, c := range []struct {
		q    string
		want int64
	}{
		{`UPDATE ` + tbl + ` SET tenant_id = tenant_id`, nA},
		{`UPDATE ` + tbl + ` SET tenant_id = tenant_id WHERE tenant_id = ` + e.tB.ID.String(), 0},
		{`DELETE FROM ` + tbl + ` WHERE tenant_id = ` + e.tB.ID.String(), 0},
	} {
		n, err := savepoint(ctx, tx, c.q)
		if isTrigger(err) { // an immutable table: lock the rows an UPDATE would reach instead
			n, err = lockCount(ctx, tx, tbl, c.q)
		}
		if err != nil || n != c.want {
			t.Errorf("%s: %d rows, %v; want %d", c.q, n, err, c.want)
		}
	}
	if nA > 0 {
		if _, err := savepoint(ctx, tx, `UPDATE `+tbl+` SET tenant_id = `+e.tB.ID.String()); !isRLS(err) && !isTrigger(err) {
			t.Errorf("%s: moving A's rows to B: %v, want a row-level security violation", tbl, err)
		}
	}
	row := e.sampleRow(t, tbl)
	if row == nil {
		return
	}
	if _, err := savepoint(ctx, tx, `INSERT INTO `+tbl+` SELECT * FROM json_populate_record(null::`+tbl+`, $1::json)`, row); !isRLS(err) {
		t.Errorf("%s: INSERT with B's tenant_id: %v, want a row-level security violation", tbl, err)
	}
}

// sampleRow is a row of the table (B's, else A's) as JSON with B's
// tenant_id and a fresh id, read as the owner; nil when the table is empty.
func (e *env) sampleRow(t *testing.T, tbl string) []byte {
	var raw []byte
	err := e.raw.QueryRowContext(context.Background(), `SELECT row_to_json(x) FROM `+tbl+` x
		WHERE tenant_id IN ($1, $2) ORDER BY tenant_id = $2 DESC LIMIT 1`, e.tA.ID, e.tB.ID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["tenant_id"] = int64(e.tB.ID)
	if _, ok := m["id"]; ok {
		m["id"] = 7777777777
	}
	out, _ := json.Marshal(m)
	return out
}

func savepoint(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT rls"); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT rls"); rerr != nil {
			return 0, fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return 0, err
	}
	return res.RowsAffected()
}

// isRLS tells whether err is PostgreSQL's "new row violates row-level
// security policy" (SQLSTATE 42501).
func isRLS(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501"
}

// isTrigger tells whether err is a trigger's refusal (RAISE, SQLSTATE
// P0001), as on issued documents, which may never change at all.
func isTrigger(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "P0001"
}

// lockCount counts the rows q's WHERE reaches with SELECT … FOR UPDATE,
// which row-level security filters like an UPDATE.
func lockCount(ctx context.Context, tx *sql.Tx, tbl, q string) (int64, error) {
	where := ""
	if _, w, ok := strings.Cut(q, " WHERE "); ok {
		where = " WHERE " + w
	}
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM `+tbl+where+` FOR UPDATE) x`).Scan(&n)
	return n, err
}
