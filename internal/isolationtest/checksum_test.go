package isolationtest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"
)

// columns lists the columns of every table, read from the schema.
func (e *env) columns(t *testing.T) map[string][]string {
	t.Helper()
	if e.cols != nil {
		return e.cols
	}
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`
	if e.engine == "postgres" {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`
	}
	rows, err := e.raw.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	e.cols = map[string][]string{}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		e.cols[tbl] = append(e.cols[tbl], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return e.cols
}

func (e *env) hasColumn(table, col string) bool { return slices.Contains(e.cols[table], col) }

// tenantTables are the tables with a tenant_id column, sorted.
func (e *env) tenantTables(t *testing.T) []string {
	var out []string
	for tbl := range e.columns(t) {
		if e.hasColumn(tbl, "tenant_id") {
			out = append(out, tbl)
		}
	}
	slices.Sort(out)
	if len(out) < 20 {
		t.Fatalf("only %d tenant tables found", len(out))
	}
	return out
}

// checksums hashes, per table, every row of tenant (and of buyer, when not
// 0: only tables with a buyer_id column), in a stable order.
func (e *env) checksums(t *testing.T, tenant, buyer int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tbl := range e.tenantTables(t) {
		if unsummed[tbl] {
			continue
		}
		q, args := `SELECT * FROM `+tbl+` WHERE tenant_id = ?`, []any{tenant}
		if buyer != 0 {
			if !e.hasColumn(tbl, "buyer_id") {
				continue
			}
			q += ` AND buyer_id = ?`
			args = append(args, buyer)
		}
		out[tbl] = e.tableSum(t, e.bind(q), args...)
	}
	return out
}

func (e *env) tableSum(t *testing.T, q string, args ...any) string {
	t.Helper()
	rows, err := e.raw.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	return fmt.Sprintf("%d rows %x", len(lines), h.Sum(nil)[:8])
}

// compareSums reports every table whose rows changed.
func compareSums(t *testing.T, who string, before, after map[string]string) {
	t.Helper()
	for tbl, b := range before {
		if a := after[tbl]; a != b {
			t.Errorf("%s: table %s changed: %s → %s", who, tbl, b, a)
		}
	}
}
