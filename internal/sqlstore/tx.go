package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// conn runs queries written with ? placeholders on one unit of work.
type conn struct {
	ex interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	d  dialect
	tx *sql.Tx // nil for SQLite reads
	// catalogBumped: this transaction moved the catalogue version on
	// (catalog_version.go).
	catalogBumped bool
}

func (c *conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.ex.ExecContext(ctx, c.d.rebind(q), c.d.args(args)...)
}

func (c *conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.ex.QueryContext(ctx, c.d.rebind(q), c.d.args(args)...)
}

func (c *conn) row(ctx context.Context, q string, args ...any) *sql.Row {
	return c.ex.QueryRowContext(ctx, c.d.rebind(q), c.d.args(args)...)
}

// read runs fn on a read-only view scoped to tenant t. On PostgreSQL it is a
// read-only transaction with app.tenant_id set for row-level security; on
// SQLite it runs on the reading pool without a transaction.
// Within a request scope (readscope.go) reads share one connection.
func (s *Store) read(ctx context.Context, t oroshi.TenantID, fn func(*conn) error) error {
	if s.d.scopeSQL() == "" {
		return fn(&conn{ex: s.r, d: s.d})
	}
	handled, held, err := s.scopedRead(ctx, t, fn)
	if handled {
		return err
	}
	pool := s.r
	if held {
		pool = s.w // never wait for a second connection of the pool one holds
	}
	return s.inTx(ctx, pool, t, &sql.TxOptions{ReadOnly: true}, fn)
}

// write runs fn in one transaction scoped to tenant t: everything fn does
// commits together or not at all.
func (s *Store) write(ctx context.Context, t oroshi.TenantID, fn func(*conn) error) error {
	wrote(ctx)
	return s.inTx(ctx, s.w, t, nil, fn)
}

func (s *Store) inTx(ctx context.Context, db *sql.DB, t oroshi.TenantID, opts *sql.TxOptions, fn func(*conn) error) (err error) {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", s.translate(err))
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if q := s.d.scopeSQL(); q != "" {
		if _, err := tx.ExecContext(ctx, q, t.String()); err != nil {
			return fmt.Errorf("set tenant scope: %w", err)
		}
	}
	if err := fn(&conn{ex: tx, d: s.d, tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", s.translate(err))
	}
	return nil
}
