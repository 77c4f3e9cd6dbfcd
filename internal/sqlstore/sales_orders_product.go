package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// productSKUChunk caps the SKUs merged in one statement: SQLite allows
// 500 terms in a compound SELECT.
var productSKUChunk = 200

// ordersByProduct lists the orders matching q that have a line of a SKU
// of the products the catalogue search finds for q.Product (name, kana,
// 品番, JAN), newest first, at most limit. Lines carry their order's
// placed_at, and the index order_lines_sku_placed (tenant_id, sku_id,
// placed_at, order_id) gives each SKU's orders newest first: the page is
// the newest limit orders of each SKU, merged. The global newest limit are
// among them, as each is among the newest limit of its SKU. So the cost is
// the SKUs times the page, not the orders of the product (reading them all
// and sorting took 170 ms for a product on 1 % of a million orders).
// Lines of SKUs deleted since are not found; text without search terms
// finds nothing.
func (s *Store) ordersByProduct(ctx context.Context, c *conn, t oroshi.TenantID, q sales.Query, limit int) ([]sales.Order, error) {
	skus, err := s.productSKUs(ctx, c, t, q.Product)
	if err != nil {
		return nil, err
	}
	var out []sales.Order
	for chunk := range slices.Chunk(skus, productSKUChunk) {
		got, err := s.ordersOfSKUs(ctx, c, t, q, chunk, limit)
		if err != nil {
			return nil, err
		}
		out = mergeOrders(out, got, limit)
	}
	return out, nil
}

// productSKUs are the SKUs of the products the catalogue search finds for
// text.
func (s *Store) productSKUs(ctx context.Context, c *conn, t oroshi.TenantID, text string) ([]oroshi.ID, error) {
	terms := catalog.SearchTerms(text)
	if len(terms) == 0 {
		return nil, nil
	}
	match, margs, err := s.search().productMatch(ctx, c, t, terms)
	if err != nil {
		return nil, s.translate(err)
	}
	return s.queryIDs(ctx, c, `SELECT k.id FROM products p CROSS JOIN skus k
		WHERE p.tenant_id = ? AND `+match+` AND k.tenant_id = p.tenant_id AND k.product_id = p.id
		ORDER BY k.id`, append([]any{t}, margs...)...)
}

// queryIDs runs a query selecting one column of IDs and returns them.
func (s *Store) queryIDs(ctx context.Context, c *conn, q string, args ...any) ([]oroshi.ID, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []oroshi.ID
	for rows.Next() {
		var id oroshi.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ordersOfSKUs is one statement: for each SKU, its newest limit distinct
// orders matching q (its lines from the index, newest first, each order
// checked against the other filters until limit pass), their union, the
// newest limit of it, then those orders. CROSS JOIN keeps SQLite from
// starting at the orders.
func (s *Store) ordersOfSKUs(ctx context.Context, c *conn, t oroshi.TenantID, q sales.Query, skus []oroshi.ID, limit int) ([]sales.Order, error) {
	// The bounds on placed_at are the lines' (lineRange): on the orders too
	// they made PostgreSQL start a month's list from the month's orders.
	rest := q
	rest.From, rest.To, rest.After = pricing.Date{}, pricing.Date{}, nil
	where, wargs := ordersWhere(t, rest)
	lines, largs := lineRange(q)
	per := `SELECT placed_at, order_id FROM (SELECT DISTINCT l.placed_at, l.order_id FROM order_lines l
		CROSS JOIN orders o WHERE l.tenant_id = ? AND l.sku_id = ?` + lines + `
		AND o.tenant_id = l.tenant_id AND o.id = l.order_id AND ` + where + `
		ORDER BY l.placed_at DESC, l.order_id DESC` + limitSQL(limit) + `) s`
	parts := make([]string, len(skus))
	var args []any
	for i, k := range skus {
		parts[i] = per
		args = append(append(append(args, t, k), largs...), wargs...)
	}
	sc := listScan(q.Brief)
	sel := `SELECT ` + sc.cols + ` FROM (` + strings.Join(parts, "\n\t\tUNION ") + `
		ORDER BY placed_at DESC, order_id DESC` + limitSQL(limit) + `) m CROSS JOIN orders o LEFT JOIN buyers b
		ON b.tenant_id = o.tenant_id AND b.id = o.buyer_id
		WHERE o.tenant_id = ? AND o.id = m.order_id ORDER BY o.placed_at DESC, o.id DESC`
	return s.scanOrders(ctx, c, sc, sel, append(args, t)...)
}

// lineRange is q's bounds on placed_at (dates, keyset) on the lines, where
// the index can use them; a line's placed_at is its order's.
func lineRange(q sales.Query) (string, []any) {
	var b strings.Builder
	var args []any
	if !q.From.IsZero() {
		b.WriteString(" AND l.placed_at >= ?")
		args = append(args, jstMidnight(q.From))
	}
	if !q.To.IsZero() {
		b.WriteString(" AND l.placed_at < ?")
		args = append(args, jstMidnight(q.To.AddDays(1)))
	}
	if a := q.After; a != nil {
		b.WriteString(" AND l.placed_at <= ? AND (l.placed_at < ? OR l.order_id < ?)")
		args = append(args, a.PlacedAt, a.PlacedAt, a.ID)
	}
	return b.String(), args
}

// mergeOrders merges two lists in list order (newest first), each order
// once, at most limit.
func mergeOrders(a, b []sales.Order, limit int) []sales.Order {
	if len(a) == 0 {
		return b
	}
	out := slices.SortedFunc(slices.Values(append(a, b...)), func(x, y sales.Order) int {
		if c := y.PlacedAt.Compare(x.PlacedAt); c != 0 {
			return c
		}
		return cmp.Compare(y.ID, x.ID)
	})
	out = slices.CompactFunc(out, func(x, y sales.Order) bool { return x.ID == y.ID })
	return out[:min(len(out), limit)]
}
