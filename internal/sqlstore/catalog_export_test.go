package sqlstore

// Test-only helpers for the catalogue tests of package sqlstore_test: rows
// that other areas own (price groups, buyers) made directly, a peek at the
// audit trail and the search table, and a bulk loader for benchmarks.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// CatalogTestPriceGroup inserts a price group (the pricing area owns them).
func (s *Store) CatalogTestPriceGroup(ctx context.Context, t oroshi.TenantID, code string) (oroshi.ID, error) {
	id := s.NewID()
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO price_groups (tenant_id, id, code, name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t, id, code, code, s.now(), s.now())
		return err
	})
	return id, err
}

// CatalogTestBuyer inserts a buyer company in a price group (0 for none).
func (s *Store) CatalogTestBuyer(ctx context.Context, t oroshi.TenantID, code string, group oroshi.ID) (oroshi.ID, error) {
	id := s.NewID()
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO buyers (tenant_id, id, code, name, created_at, updated_at, price_group_id)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t, id, code, code, s.now(), s.now(), nullID(group))
		return err
	})
	return id, err
}

// CatalogTestAudit lists "action target_type:target_id detail" of the
// tenant's audit events, oldest first.
func (s *Store) CatalogTestAudit(ctx context.Context, t oroshi.TenantID) ([]string, error) {
	var out []string
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT action, target_type, target_id, detail FROM audit_events
			WHERE tenant_id = ? ORDER BY at, id`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a, tt, id, d string
			if err := rows.Scan(&a, &tt, &id, &d); err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%s %s:%s %s", a, tt, id, d))
		}
		return rows.Err()
	})
	return out, err
}

// CatalogTestCounts counts the tenant's products, SKUs and search entries.
func (s *Store) CatalogTestCounts(ctx context.Context, t oroshi.TenantID) (products, skus, search int, err error) {
	err = s.read(ctx, t, func(c *conn) error {
		q := `SELECT (SELECT count(*) FROM products WHERE tenant_id = ?), (SELECT count(*) FROM skus WHERE tenant_id = ?),
			(SELECT count(*) FROM sku_search WHERE tenant_id = ?)`
		return c.row(ctx, q, t, t, t).Scan(&products, &skus, &search)
	})
	return products, skus, search, err
}

// CatalogTestSearchText returns the search text of a SKU by code as the
// index holds it (so a stale index shows), without SQLite's padding.
func (s *Store) CatalogTestSearchText(ctx context.Context, t oroshi.TenantID, code string) (string, error) {
	q := `SELECT f.search_text FROM sku_search f JOIN skus s ON s.id = f.sku_id WHERE s.tenant_id = ? AND s.code = ?`
	var text string
	err := s.read(ctx, t, func(c *conn) error { return c.row(ctx, q, t, code).Scan(&text) })
	return strings.TrimSuffix(text, searchPad), err
}

// CatalogTestSeed bulk-loads categories and products (IDs set by the
// caller) with SKUs, search entries and visibility rows in one transaction,
// without audit events, then refreshes the planner statistics: 100,000 SKUs
// in seconds for the benchmarks. On PostgreSQL the GIN indexes of
// sku_search are built after the load, as a restore would.
func (s *Store) CatalogTestSeed(ctx context.Context, t oroshi.TenantID, cats []catalog.Category, ps []catalog.Product) error {
	if err := s.asOwner(ctx, `DROP INDEX sku_search_trgm, sku_search_grams`); err != nil {
		return err
	}
	if err := s.seedCatalog(ctx, t, cats, ps); err != nil {
		return err
	}
	return s.asOwner(ctx, `CREATE INDEX sku_search_trgm ON sku_search USING gin (search_text gin_trgm_ops)`,
		`CREATE INDEX sku_search_grams ON sku_search USING gin (grams)`, `ANALYZE`)
}

// seedRows are the rows of a bulk load, by table.
type seedRows struct{ cats, products, skus, visibility, search [][]any }

func (s *Store) seedRowsFor(t oroshi.TenantID, cats []catalog.Category, ps []catalog.Product) seedRows {
	now := s.now()
	var r seedRows
	for _, c := range cats {
		r.cats = append(r.cats, []any{t, c.ID, nullID(c.ParentID), c.Name, c.Kana, c.Position, now, now})
	}
	for _, p := range ps {
		r.products = append(r.products, []any{t, p.ID, nullID(p.CategoryID), p.Name, p.Kana, string(p.TaxClass),
			string(p.Status), string(p.Visibility.Mode), now, now})
		for i, k := range p.SKUs {
			text := catalog.SearchText(p, k)
			r.skus = append(r.skus, []any{t, k.ID, p.ID, k.Code, k.JAN, k.Variant, k.ListPrice, i, text, now, now})
			// Grams go as one string: 2× faster to load than text[].
			r.search = append(r.search, []any{t, k.ID, p.ID, text, strings.Join(searchGrams(text), " ")})
		}
		for _, g := range p.Visibility.GroupIDs {
			r.visibility = append(r.visibility, []any{t, p.ID, g, 0})
		}
		for _, b := range p.Visibility.BuyerIDs {
			r.visibility = append(r.visibility, []any{t, p.ID, 0, b})
		}
	}
	return r
}

func (s *Store) seedCatalog(ctx context.Context, t oroshi.TenantID, cats []catalog.Category, ps []catalog.Product) error {
	r := s.seedRowsFor(t, cats, ps)
	err := s.write(ctx, t, func(c *conn) error {
		steps := []struct {
			head string
			rows [][]any
		}{
			{`INSERT INTO categories (tenant_id, id, parent_id, name, kana, position, created_at, updated_at)`, r.cats},
			{`INSERT INTO products (tenant_id, id, category_id, name, kana, tax_class, status, visibility,
				created_at, updated_at)`, r.products},
			{`INSERT INTO skus (tenant_id, id, product_id, code, jan, variant, list_price, position, search_text,
				created_at, updated_at)`, r.skus},
			{`INSERT INTO product_visibility (tenant_id, product_id, group_id, buyer_id)`, r.visibility},
		}
		for _, st := range steps {
			if err := bulkInsert(ctx, c, st.head, st.rows); err != nil {
				return err
			}
		}
		if s.engine == "sqlite" {
			_, err := c.exec(ctx, `INSERT INTO sku_search (rowid, search_text, tenant_id, sku_id, product_id)
				SELECT id, search_text || '  ', tenant_id, id, product_id FROM skus WHERE tenant_id = ?`, t)
			return err
		}
		return bulkInsert(ctx, c, `INSERT INTO sku_search (tenant_id, sku_id, product_id, search_text, grams)`, r.search,
			`(?, ?, ?, ?, string_to_array(?, ' '))`)
	})
	if err != nil {
		return fmt.Errorf("seed catalog: %w", err)
	}
	if s.engine == "sqlite" {
		_, err = s.w.ExecContext(ctx, `ANALYZE`) // as a periodic PRAGMA optimize would
	}
	return err
}

// asOwner runs statements on PostgreSQL as the owner of the tables (the
// test server's superuser), which the application role is not; on SQLite
// it does nothing.
func (s *Store) asOwner(ctx context.Context, stmts ...string) error {
	if s.engine == "sqlite" {
		return nil
	}
	db, err := sql.Open("pgx", s.url)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// bulkInsert inserts rows 500 at a time; values is the SQL of one row,
// by default "(?, ?, …)".
func bulkInsert(ctx context.Context, c *conn, head string, rows [][]any, values ...string) error {
	const batch = 500
	for i := 0; i < len(rows); i += batch {
		chunk := rows[i:min(i+batch, len(rows))]
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(chunk[0])), ", ") + ")"
		if len(values) > 0 {
			one = values[0]
		}
		vals := strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", ")
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := c.exec(ctx, head+" VALUES "+vals, args...); err != nil {
			return fmt.Errorf("bulk insert: %w", err)
		}
	}
	return nil
}

// CatalogTestGrams exposes searchGrams.
func CatalogTestGrams(text string) []string { return searchGrams(text) }
