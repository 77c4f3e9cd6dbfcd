package sqlstore

// How a chunk of generated rows reaches the tables: multi-row INSERTs
// (SQLite; PostgreSQL when loadCopy is off) or COPY (PostgreSQL).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/oroshi-jp/oroshi"
)

// loadCopy makes PostgreSQL load through COPY; tests turn it off to
// compare with the INSERT path.
var loadCopy = true

// loadInsert writes a chunk (rows by loadTables index, parents first) as
// multi-row INSERTs of at most loadRowsOf rows in one transaction. Full
// batches (always the same SQL per table) go through a statement prepared
// once per transaction rather than for every batch (a 50,000-order SQLite
// run: 62 s → 46 s, loaded).
func (s *Store) loadInsert(ctx context.Context, t oroshi.TenantID, rows [][]any) error {
	return s.write(ctx, t, func(c *conn) error {
		stmts := map[int]*sql.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		for i, args := range rows {
			ncols := strings.Count(loadColsOf(i), ",") + 1
			full := loadRowsOf(ncols) * ncols
			for len(args) > 0 {
				n := min(len(args), full)
				if err := loadExec(ctx, c, stmts, i, n == full, args[:n]); err != nil {
					return fmt.Errorf("insert into %s: %w", loadTables[i].name, s.translate(err))
				}
				args = args[n:]
			}
		}
		return nil
	})
}

// loadExec inserts one batch of table i's rows.
func loadExec(ctx context.Context, c *conn, stmts map[int]*sql.Stmt, i int, full bool, args []any) error {
	ncols := strings.Count(loadColsOf(i), ",") + 1
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", ncols), ", ") + ")"
	q := "INSERT INTO " + loadTableName(loadTables[i].name) + " (" + loadColsOf(i) + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+", ", len(args)/ncols), ", ")
	if !full {
		_, err := c.exec(ctx, q, args...)
		return err
	}
	st := stmts[i]
	if st == nil {
		var err error
		if st, err = c.tx.PrepareContext(ctx, c.d.rebind(q)); err != nil {
			return err
		}
		stmts[i] = st
	}
	_, err := st.ExecContext(ctx, c.d.args(args)...)
	return err
}

// loadCopyChunk writes a chunk through COPY in one transaction scoped to
// tenant t. PostgreSQL refuses COPY FROM into a table under row-level
// security, so each table's rows are copied into a temporary table (which
// has none) and moved with one INSERT … SELECT, which the tenant policy
// checks as it checks any insert. Commits need not wait for the WAL flush:
// a crash loses the whole run anyway (it is refused once large-000 exists,
// and is redone in a fresh database).
func (s *Store) loadCopyChunk(ctx context.Context, t oroshi.TenantID, rows [][]any) error {
	c, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load connection: %w", err)
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin: %w", s.translate(err))
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }() // after Commit it does nothing
		if _, err := tx.Exec(ctx, s.d.scopeSQL(), t.String()); err != nil {
			return fmt.Errorf("set tenant scope: %w", err)
		}
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return err
		}
		for i, args := range rows {
			if len(args) > 0 {
				if err := loadCopyTable(ctx, tx, i, args); err != nil {
					return fmt.Errorf("copy into %s: %w", loadTables[i].name, s.translate(err))
				}
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit: %w", s.translate(err))
		}
		return nil
	})
}

// loadCopyTable copies table i's rows (flattened, tenant_id first) through
// a temporary table of the same column types, dropped at commit.
func loadCopyTable(ctx context.Context, tx pgx.Tx, i int, args []any) error {
	table, cols := loadTableName(loadTables[i].name), loadColsOf(i)
	stage := "load_" + loadTables[i].name
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE "+stage+" ON COMMIT DROP AS SELECT "+cols+" FROM "+table+" WITH NO DATA"); err != nil {
		return err
	}
	names := strings.Split(cols, ",")
	for k := range names {
		names[k] = strings.TrimSpace(names[k])
	}
	rows := make([][]any, 0, len(args)/len(names))
	for len(args) > 0 {
		rows, args = append(rows, args[:len(names)]), args[len(names):]
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{stage}, names, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO "+table+" ("+cols+") SELECT "+cols+" FROM "+stage)
	return err
}
