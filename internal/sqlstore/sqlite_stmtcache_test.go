package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// cacheLen is the number of statements the connection behind c keeps.
func cacheLen(t *testing.T, c *sql.Conn) int {
	t.Helper()
	n := -1
	if err := c.Raw(func(dc any) error {
		cc, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("connection is %T, not *cachingConn", dc)
		}
		n = cc.lru.Len()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func openCacheTestDB(t *testing.T) (*sql.DB, *sql.Conn) {
	t.Helper()
	db, err := openSQLiteDB("file:" + filepath.Join(t.TempDir(), "c.db") + "?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := errors.Join(c.Close(), db.Close()); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if _, err := c.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := c.ExecContext(ctx, `INSERT INTO t (id, name) VALUES (?, ?)`, i, fmt.Sprint("n", i)); err != nil {
			t.Fatal(err)
		}
	}
	return db, c
}

func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(t *testing.T, c *sql.Conn)
		want int // statements cached afterwards
	}{
		{"the same query twice is one statement", func(t *testing.T, c *sql.Conn) {
			for _, id := range []int{1, 2} {
				var name string
				if err := c.QueryRowContext(ctx, `SELECT name FROM t WHERE id = ?`, id).Scan(&name); err != nil || name != fmt.Sprint("n", id) {
					t.Fatalf("id %d: %q, %v", id, name, err)
				}
			}
		}, 2}, // the INSERT and the SELECT
		{"a query run again while its rows are open gets its own statement", func(t *testing.T, c *sql.Conn) {
			const q = `SELECT id FROM t WHERE id >= ? ORDER BY id`
			rows, err := c.QueryContext(ctx, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var outer []int
			for rows.Next() {
				var id, inner int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				if err := c.QueryRowContext(ctx, q, id).Scan(&inner); err != nil || inner != id {
					t.Fatalf("inner query for %d: %d, %v", id, inner, err)
				}
				outer = append(outer, id)
			}
			if err := rows.Err(); err != nil || len(outer) != 3 {
				t.Fatalf("outer rows %v, %v", outer, err)
			}
		}, 2},
		{"a failed statement can run again", func(t *testing.T, c *sql.Conn) {
			const q = `INSERT INTO t (id, name) VALUES (?, ?)`
			if _, err := c.ExecContext(ctx, q, 9, "n1"); err == nil {
				t.Fatal("duplicate name inserted")
			}
			if _, err := c.ExecContext(ctx, q, 9, "n9"); err != nil {
				t.Fatalf("after the failure: %v", err)
			}
		}, 1},
		{"a statement prepared and never run is reset", func(t *testing.T, c *sql.Conn) {
			st, err := c.PrepareContext(ctx, `SELECT count(*) FROM t`)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := c.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 3 {
				t.Fatalf("count %d, %v", n, err)
			}
		}, 2},
		{"a SELECT * is not cached, so it sees a column added later", func(t *testing.T, c *sql.Conn) {
			cols := func() int {
				rows, err := c.QueryContext(ctx, `SELECT * FROM t WHERE id = 1`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				// SQLite compiles a statement again after a schema change
				// at its first step, so the columns are asked after it.
				if !rows.Next() {
					t.Fatalf("no row: %v", rows.Err())
				}
				names, err := rows.Columns()
				if err != nil {
					t.Fatal(err)
				}
				return len(names)
			}
			before := cols()
			if _, err := c.ExecContext(ctx, `ALTER TABLE t ADD COLUMN note TEXT`); err != nil {
				t.Fatal(err)
			}
			if after := cols(); before != 2 || after != 3 {
				t.Fatalf("columns %d then %d, want 2 then 3", before, after)
			}
		}, 1}, // the INSERT
		{"the cache is bounded", func(t *testing.T, c *sql.Conn) {
			for i := range stmtCacheSize + 20 {
				var n int
				if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
					t.Fatalf("select %d: %d, %v", i, n, err)
				}
			}
		}, stmtCacheSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := openCacheTestDB(t)
			tt.run(t, c)
			if got := cacheLen(t, c); got != tt.want {
				t.Errorf("cached statements = %d, want %d", got, tt.want)
			}
		})
	}
}

// BenchmarkStatementCache compares a point query through the cache with
// the same query prepared every time (database/sql's default).
func BenchmarkStatementCache(b *testing.B) {
	for _, cached := range []bool{false, true} {
		b.Run(fmt.Sprintf("cached=%v", cached), func(b *testing.B) {
			dsn := "file:" + filepath.Join(b.TempDir(), "c.db") + "?_pragma=journal_mode(WAL)"
			var db *sql.DB
			var err error
			if cached {
				db, err = openSQLiteDB(dsn)
			} else {
				db, err = sql.Open("sqlite3", dsn)
			}
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, tenant_id INTEGER, name TEXT, price INTEGER)`); err != nil {
				b.Fatal(err)
			}
			for i := range 1000 {
				if _, err := db.ExecContext(ctx, `INSERT INTO t VALUES (?, 1, ?, ?)`, i, fmt.Sprint("商品", i), i*10); err != nil {
					b.Fatal(err)
				}
			}
			const q = `SELECT id, name, price FROM t WHERE tenant_id = ? AND id = ?`
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				var id, price int
				var name string
				if err := db.QueryRowContext(ctx, q, 1, i%1000).Scan(&id, &name, &price); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
