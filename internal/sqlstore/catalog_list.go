package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// buyerVisible is THE condition, on products aliased p, for a product a
// buyer may see: published, and either visible to all or listed for the
// buyer's price group or for the buyer itself. Every buyer-facing query
// (listing, search, product page, image, and the ordering issue's lookups)
// must use it, so that a hidden product can never leak through one of them.
// A zero on either side never matches: a visibility row names a group or a
// buyer and leaves the other 0, and a buyer without a group has GroupID 0.
func buyerVisible(v catalog.Viewer) (string, []any) {
	return visibleToGroup("?"), []any{v.GroupID, v.BuyerID}
}

// visibleToGroup is buyerVisible with the buyer's price group given as the
// SQL expression group (a column of a joined buyers row, say) and the
// buyer's ID as its one placeholder.
func visibleToGroup(group string) string {
	return `p.status = '` + string(catalog.StatusPublished) + `'
		AND (p.visibility = '` + string(catalog.VisibleToAll) + `' OR EXISTS (
			SELECT 1 FROM product_visibility pv WHERE pv.tenant_id = p.tenant_id AND pv.product_id = p.id
			AND ((pv.group_id <> 0 AND pv.group_id = ` + group + `) OR (pv.buyer_id <> 0 AND pv.buyer_id = ?))))`
}

// buyerVisibleSet is buyerVisible written for a statement over the whole
// catalogue (the sidebar's counts): the same rule, with the products
// listed for the buyer or its group read once as a set instead of looked
// up per product. PostgreSQL costs the correlated form at over 100,000 for
// 25,000 products and compiles it with JIT (10–30 ms of the 50); a page of
// a listing, which stops after a few rows, keeps the correlated form.
// TestBuyerCategoryCounts checks both agree.
func buyerVisibleSet(t oroshi.TenantID, v catalog.Viewer) (string, []any) {
	return `p.status = '` + string(catalog.StatusPublished) + `'
		AND (p.visibility = '` + string(catalog.VisibleToAll) + `' OR p.id IN (
			SELECT pv.product_id FROM product_visibility pv WHERE pv.tenant_id = ?
			AND ((pv.group_id <> 0 AND pv.group_id = ?) OR (pv.buyer_id <> 0 AND pv.buyer_id = ?))))`,
		[]any{t, v.GroupID, v.BuyerID}
}

// productQuery is a listing's WHERE clause on products aliased p.
type productQuery struct {
	conds  []string
	args   []any
	search bool // a text condition: costly, to evaluate once
}

func (q *productQuery) and(cond string, args ...any) {
	q.conds = append(q.conds, cond)
	q.args = append(q.args, args...)
}

func (q *productQuery) sql(sel, tail string) string {
	return `SELECT ` + sel + ` FROM products p WHERE ` + strings.Join(q.conds, " AND ") + tail
}

func (q *productQuery) argsWith(extra ...any) []any {
	return append(append(make([]any, 0, len(q.args)+len(extra)), q.args...), extra...)
}

// productQueryFor starts a listing of tenant t: in a category and its
// descendants, and with every word of a text query in one of the product's
// SKUs (its name, kana, variant, 品番 or JAN). ok is false when the
// category does not exist (nothing can match).
func (s *Store) productQueryFor(ctx context.Context, c *conn, t oroshi.TenantID, categoryID oroshi.ID, query string) (productQuery, bool, error) {
	var q productQuery
	q.and("p.tenant_id = ?", t)
	if categoryID != 0 {
		ids, err := s.categoryAndDescendants(ctx, c, t, categoryID)
		if err != nil || len(ids) == 0 {
			return q, false, err
		}
		list, args := catIDList(ids)
		q.and("p.category_id IN ("+list+")", args...)
	}
	if terms := catalog.SearchTerms(query); len(terms) > 0 {
		cond, args, err := s.search().productMatch(ctx, c, t, terms)
		if err != nil {
			return q, false, s.translate(err)
		}
		q.and(cond, args...)
		q.search = true
	}
	return q, true, nil
}

// categoryAndDescendants lists a category and every category below it,
// first on its own: given the IDs as a list, both planners pick the
// products_category_id index, where a recursive CTE inside the listing made
// PostgreSQL walk every product. UNION (not UNION ALL) ends even on a
// cyclic tree.
func (s *Store) categoryAndDescendants(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]oroshi.ID, error) {
	return s.queryIDs(ctx, c, `WITH RECURSIVE sub(id) AS (
			SELECT id FROM categories WHERE tenant_id = ? AND id = ?
			UNION SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id WHERE c.tenant_id = ?)
		SELECT id FROM sub`, t, id, t)
}

// Products lists products for seller staff, newest first.
func (s *Store) Products(ctx context.Context, t oroshi.TenantID, f catalog.ProductFilter) (catalog.ProductList, error) {
	out, err := s.listProducts(ctx, t, f.CategoryID, f.Query, f.Page, 0, func(q *productQuery) {
		if f.Status != "" {
			q.and("p.status = ?", string(f.Status))
		}
	})
	if err != nil {
		return catalog.ProductList{}, fmt.Errorf("products: %w", err)
	}
	return out, nil
}

// BuyerProducts lists the products viewer may see, newest first.
func (s *Store) BuyerProducts(ctx context.Context, t oroshi.TenantID, v catalog.Viewer, f catalog.BuyerFilter) (catalog.ProductList, error) {
	if v.BuyerID <= 0 {
		return catalog.ProductList{}, fmt.Errorf("buyer products: no buyer: %w", oroshi.ErrForbidden)
	}
	out, err := s.listProducts(ctx, t, f.CategoryID, f.Query, f.Page, f.Total, func(q *productQuery) {
		cond, args := buyerVisible(v)
		q.and(cond, args...)
	})
	if err != nil {
		return catalog.ProductList{}, fmt.Errorf("buyer %s products: %w", v.BuyerID, err)
	}
	return out, nil
}

// BuyerCategoryCounts counts the products viewer may see by the category
// they are placed in (the service adds up the descendants), in one
// statement that reads the products_published index alone.
func (s *Store) BuyerCategoryCounts(ctx context.Context, t oroshi.TenantID, v catalog.Viewer) (map[oroshi.ID]int, error) {
	if v.BuyerID <= 0 {
		return nil, fmt.Errorf("buyer category counts: no buyer: %w", oroshi.ErrForbidden)
	}
	cond, args := buyerVisibleSet(t, v)
	out := map[oroshi.ID]int{}
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT p.category_id, count(*) FROM products p
			WHERE p.tenant_id = ? AND p.category_id IS NOT NULL AND `+cond+` GROUP BY p.category_id`,
			append([]any{t}, args...)...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id oroshi.ID
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("buyer %s category counts: %w", v.BuyerID, err)
	}
	return out, nil
}

// BuyerProduct returns a product page for viewer: SKUs and images, without
// the visibility lists. A product the viewer may not see wraps ErrNotFound.
func (s *Store) BuyerProduct(ctx context.Context, t oroshi.TenantID, v catalog.Viewer, id oroshi.ID) (catalog.Product, error) {
	if v.BuyerID <= 0 {
		return catalog.Product{}, fmt.Errorf("buyer product: no buyer: %w", oroshi.ErrForbidden)
	}
	cond, args := buyerVisible(v)
	var p catalog.Product
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		p, err = s.loadProduct(ctx, c, t, id, cond, args)
		return err
	})
	if err != nil {
		return catalog.Product{}, fmt.Errorf("buyer %s product %s: %w", v.BuyerID, id, err)
	}
	return p, nil
}

// listProducts runs a listing: one page by keyset (cursor) or offset with
// the total, then the page's SKUs and first images. narrow adds the
// conditions of the caller (status, or what a buyer may see).
// known > 0 is the listing's total, known already (not counted again).
func (s *Store) listProducts(ctx context.Context, t oroshi.TenantID, categoryID oroshi.ID, query string,
	pg catalog.Page, known int, narrow func(*productQuery)) (catalog.ProductList, error) {
	limit := pg.Limit
	if limit <= 0 || limit > catalog.MaxLimit {
		limit = catalog.DefaultLimit
	}
	var out catalog.ProductList
	err := s.read(ctx, t, func(c *conn) error {
		if setup := s.search().listingSetup(); setup != "" {
			if _, err := c.exec(ctx, setup); err != nil {
				return s.translate(err)
			}
		}
		q, ok, err := s.productQueryFor(ctx, c, t, categoryID, query)
		if err != nil || !ok {
			return err
		}
		narrow(&q)
		if out.Products, out.Total, err = s.productPage(ctx, c, t, q, pg, limit+1, known); err != nil {
			return err
		}
		// One more than the limit tells whether a next page exists.
		if len(out.Products) > limit {
			out.Products = out.Products[:limit]
			out.NextCursor = catalog.EncodeCursor(out.Products[limit-1].ID)
		}
		if err := s.attachSKUs(ctx, c, t, out.Products); err != nil {
			return err
		}
		return s.attachFirstImages(ctx, c, t, out.Products)
	})
	if err != nil {
		return catalog.ProductList{}, err
	}
	return out, nil
}

// productPage reads up to n products, newest first (after the cursor, or
// at the offset), and the total. Without a text condition that is two
// cheap statements: a count, and the page, which the planners read in
// primary-key order and stop after n rows. With one, the matching IDs are
// materialised once, then counted and paged, so the search runs once.
// (count(*) OVER () would do it in one statement, but PostgreSQL 15 costs a
// window as if it could stop early and then walks every product of the
// tenant in ID order.)
func (s *Store) productPage(ctx context.Context, c *conn, t oroshi.TenantID, q productQuery, pg catalog.Page, n, known int) ([]catalog.Product, int, error) {
	after := oroshi.ID(0)
	if pg.Cursor != "" {
		var err error
		if after, err = catalog.DecodeCursor(pg.Cursor); err != nil {
			return nil, 0, err
		}
	}
	if q.search {
		return s.searchPage(ctx, c, t, q, pg.Offset, after, n)
	}
	total := known
	if total <= 0 {
		if err := c.row(ctx, q.sql("count(*)", ""), q.argsWith()...).Scan(&total); err != nil {
			return nil, 0, s.translate(err)
		}
	}
	tail, args := ` ORDER BY p.id DESC`+limitSQL(n)+` OFFSET ?`, q.argsWith(pg.Offset)
	if after != 0 {
		tail, args = ` AND p.id < ? ORDER BY p.id DESC`+limitSQL(n), q.argsWith(after)
	}
	ps, _, err := s.queryProducts(ctx, c, q.sql(productCols+", 0", tail), args)
	return ps, total, err
}

// searchPage is productPage for a listing with a text condition.
func (s *Store) searchPage(ctx context.Context, c *conn, t oroshi.TenantID, q productQuery, offset int, after oroshi.ID, n int) ([]catalog.Product, int, error) {
	pageSQL, pageArgs := ` ORDER BY id DESC`+limitSQL(n)+` OFFSET ?`, []any{offset}
	if after != 0 {
		pageSQL, pageArgs = ` WHERE id < ? ORDER BY id DESC`+limitSQL(n), []any{after}
	}
	ps, total, err := s.queryProducts(ctx, c, `WITH m AS MATERIALIZED (`+q.sql("p.id", "")+`),
			pg AS (SELECT id FROM m`+pageSQL+`)
		SELECT `+productCols+`, (SELECT count(*) FROM m) FROM products p JOIN pg ON p.id = pg.id
		WHERE p.tenant_id = ? ORDER BY p.id DESC`, q.argsWith(append(pageArgs, t)...))
	if err != nil || len(ps) > 0 || (offset == 0 && after == 0) {
		return ps, total, err
	}
	// A page past the first that is empty has no row to carry the total.
	err = c.row(ctx, q.sql("count(*)", ""), q.argsWith()...).Scan(&total)
	return nil, total, s.translate(err)
}

// queryProducts reads product rows followed by one integer column (the
// total, or a placeholder).
func (s *Store) queryProducts(ctx context.Context, c *conn, q string, args []any) ([]catalog.Product, int, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, 0, s.translate(err)
	}
	defer rows.Close()
	var out []catalog.Product
	var total int
	for rows.Next() {
		p, err := scanProduct(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}
