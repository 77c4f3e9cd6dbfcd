package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// loadEngine holds what the large data generator does differently per
// engine, so the generator itself never asks which engine it runs on.
type loadEngine interface {
	// searchIndex fills sku_search from tenant w.t's SKUs.
	searchIndex(ctx context.Context, w *loadWriter) error
	// analyze refreshes the planner statistics of tables (all when none).
	analyze(ctx context.Context, tables ...string) error
	// writeChunk writes rows (by loadTables index, parents first) in one
	// transaction scoped to tenant t.
	writeChunk(ctx context.Context, t oroshi.TenantID, rows [][]any) error
	// writers is how many chunks may be written at once.
	writers() int
}

// loadAnalyzeMin is the fewest rows worth an analyze part way through a
// tenant: below it the checks' scans are short, and the 99 small tenants
// of a run would each pay for analyzes of the big one's tables.
const loadAnalyzeMin = 1000

func (s *Store) loadEngine() loadEngine {
	if s.engine == "sqlite" {
		return loadSQLite{s}
	}
	return loadPostgres{s}
}

type loadSQLite struct{ s *Store }

// writers is one: SQLite has one writer. Generating the next chunk while
// one is written still overlaps.
func (loadSQLite) writers() int { return 1 }

func (e loadSQLite) writeChunk(ctx context.Context, t oroshi.TenantID, rows [][]any) error {
	return e.s.loadInsert(ctx, t, rows)
}

// analyze runs ANALYZE only at the end: SQLite checks foreign keys
// through the parent's primary key whatever the statistics say.
func (e loadSQLite) analyze(ctx context.Context, tables ...string) error {
	if len(tables) > 0 {
		return nil
	}
	_, err := e.s.w.ExecContext(ctx, `ANALYZE`)
	return err
}

func (e loadSQLite) searchIndex(ctx context.Context, w *loadWriter) error {
	return w.s.write(ctx, w.t, func(c *conn) error {
		res, err := c.exec(ctx, `INSERT INTO sku_search (rowid, search_text, tenant_id, sku_id, product_id)
			SELECT id, search_text || ?, tenant_id, id, product_id FROM skus WHERE tenant_id = ?`, searchPad, w.t)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		w.counts["sku_search"] += n
		return err
	})
}

type loadPostgres struct{ s *Store }

// writers is two: the server's work per row (foreign-key checks, index
// entries) is most of a load, and a second backend runs it on another core.
func (loadPostgres) writers() int { return 2 }

func (e loadPostgres) writeChunk(ctx context.Context, t oroshi.TenantID, rows [][]any) error {
	if loadCopy {
		return e.s.loadCopyChunk(ctx, t, rows)
	}
	return e.s.loadInsert(ctx, t, rows)
}

// analyze runs ANALYZE as the owner when the store connects as one and
// only sets the app role (a plain app role analyzes what it may, and skips
// the rest with a warning).
//
// The generator also calls it part way through a tenant, because the
// foreign-key checks need statistics: on a never-analyzed table the
// planner rates every index led by tenant_id at one row, picks e.g.
// orders_buyer_status over the primary key for the check of each order
// line, and so scans all the tenant's orders per line (a 20,000-order run
// spent 48 s of 50 there). Once the table holds a few hundred analyzed
// rows the primary key wins, and the check plans cached by each
// connection are re-planned.
func (e loadPostgres) analyze(ctx context.Context, tables ...string) (err error) {
	c, err := e.s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "RESET ROLE"); err != nil {
		return fmt.Errorf("RESET ROLE: %w", err)
	}
	defer func() {
		if _, rerr := c.ExecContext(context.WithoutCancel(ctx), "SET ROLE "+AppRole); rerr != nil {
			// Never hand a connection without the app role back to the pool.
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
			err = errors.Join(err, fmt.Errorf("SET ROLE %s: %w", AppRole, rerr))
		}
	}()
	q := "ANALYZE"
	if len(tables) > 0 {
		q += " " + strings.Join(tables, ", ")
	}
	if _, err := c.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// searchIndex computes the trigram grams in Go (as the catalogue's writes
// do) and inserts them in batches.
func (e loadPostgres) searchIndex(ctx context.Context, w *loadWriter) error {
	return w.s.write(ctx, w.t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT id, product_id, search_text FROM skus WHERE tenant_id = ?`, w.t)
		if err != nil {
			return err
		}
		var all [][]any
		for rows.Next() {
			var id, product oroshi.ID
			var text string
			if err := rows.Scan(&id, &product, &text); err != nil {
				rows.Close()
				return err
			}
			all = append(all, []any{w.t, id, product, text, searchGrams(text)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		w.counts["sku_search"] += int64(len(all))
		for i := 0; i < len(all); i += loadBatch {
			if err := loadInsertRows(ctx, c, "sku_search (tenant_id, sku_id, product_id, search_text, grams)", all[i:min(i+loadBatch, len(all))]); err != nil {
				return err
			}
		}
		return nil
	})
}
