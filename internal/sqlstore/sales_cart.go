package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// salesChunk bounds the values of one IN list or multi-row INSERT, well under
// both engines' limits on bound parameters.
const salesChunk = 500

const salesSKUCols = `k.id, k.product_id, k.code, k.jan, k.variant, k.unit, k.case_qty, k.order_lot, k.min_qty,
	k.list_price, k.track_stock, k.stock, k.position, k.created_at, k.updated_at, p.name, p.tax_class`

// BuyerSKUs returns the SKUs among ids that buyerID may order.
func (s *Store) BuyerSKUs(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, ids []oroshi.ID) ([]sales.SKU, error) {
	vals := make([]any, len(ids))
	for i, id := range ids {
		vals[i] = id
	}
	return s.buyerSKUs(ctx, t, buyerID, "k.id", vals)
}

// BuyerSKUsByCode returns the SKUs among codes (品番) that buyerID may order.
func (s *Store) BuyerSKUsByCode(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, codes []string) ([]sales.SKU, error) {
	vals := make([]any, len(codes))
	for i, c := range codes {
		vals[i] = c
	}
	return s.buyerSKUs(ctx, t, buyerID, "k.code", vals)
}

// buyerSKUs loads SKUs by col IN vals under the catalogue's one visibility
// rule for the buyer and its price group. The buyer's row is joined rather
// than read first (one statement, not two): an unknown buyer joins no row
// and may order nothing.
func (s *Store) buyerSKUs(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, col string, vals []any) ([]sales.SKU, error) {
	var out []sales.SKU
	err := s.read(ctx, t, func(c *conn) error {
		seen := map[any]bool{}
		for start := 0; start < len(vals); start += salesChunk {
			chunk := salesDistinct(vals[start:min(start+salesChunk, len(vals))], seen)
			if len(chunk) == 0 {
				continue
			}
			q := `SELECT ` + salesSKUCols + ` FROM buyers b
				JOIN skus k ON k.tenant_id = b.tenant_id
				JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
				WHERE b.tenant_id = ? AND b.id = ? AND ` + col + ` IN (` + salesMarks(len(chunk)) + `)
				AND ` + visibleToGroup("COALESCE(b.price_group_id, 0)")
			args := append(append([]any{t, buyerID}, chunk...), buyerID)
			var err error
			if out, err = s.appendSKUs(ctx, c, out, q, args); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("skus for buyer %s: %w", buyerID, err)
	}
	return out, nil
}

func (s *Store) appendSKUs(ctx context.Context, c *conn, out []sales.SKU, q string, args []any) ([]sales.SKU, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k sales.SKU
		err := rows.Scan(&k.ID, &k.ProductID, &k.Code, &k.JAN, &k.Variant, &k.Unit, &k.CaseQty, &k.OrderLot,
			&k.MinQty, &k.ListPrice, &k.TrackStock, &k.Stock, &k.Position, &k.CreatedAt, &k.UpdatedAt,
			&k.ProductName, &k.TaxClass)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// salesDistinct drops values already in seen (and records the others).
func salesDistinct(vals []any, seen map[any]bool) []any {
	out := make([]any, 0, len(vals))
	for _, v := range vals {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func salesMarks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// Cart returns the user's cart (an empty one at revision 0 when none):
// its row and lines in one statement, the row repeated on each line.
func (s *Store) Cart(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (sales.Cart, error) {
	cart := sales.Cart{Tenant: t, UserID: userID}
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT c.buyer_id, c.revision, c.updated_at, l.sku_id, l.quantity
			FROM carts c LEFT JOIN cart_lines l ON l.tenant_id = c.tenant_id AND l.user_id = c.user_id
			WHERE c.tenant_id = ? AND c.user_id = ? ORDER BY l.position`, t, userID)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			var sku, qty sql.NullInt64
			if err := rows.Scan(&cart.BuyerID, &cart.Revision, &cart.UpdatedAt, &sku, &qty); err != nil {
				return err
			}
			if sku.Valid { // a cart without lines joins none
				cart.Lines = append(cart.Lines, sales.CartLine{SKUID: oroshi.ID(sku.Int64), Quantity: qty.Int64})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return sales.Cart{}, fmt.Errorf("cart of user %s: %w", userID, err)
	}
	return cart, nil
}

// CartSize counts the lines of the user's cart on the lines' primary key.
func (s *Store) CartSize(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error) {
	var n int
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT count(*) FROM cart_lines WHERE tenant_id = ? AND user_id = ?`, t, userID).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("cart size of user %s: %w", userID, s.translate(err))
	}
	return n, nil
}

func (s *Store) cartLines(ctx context.Context, c *conn, t oroshi.TenantID, userID oroshi.ID) ([]sales.CartLine, error) {
	rows, err := c.query(ctx, `SELECT sku_id, quantity FROM cart_lines WHERE tenant_id = ? AND user_id = ?
		ORDER BY position`, t, userID)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.CartLine
	for rows.Next() {
		var l sales.CartLine
		if err := rows.Scan(&l.SKUID, &l.Quantity); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ChangeCart runs fn on the cart's lines and stores the result with the
// next revision. The upsert that bumps the revision comes first, so the
// cart's row is held (PostgreSQL) until commit and concurrent changes of
// one cart apply one after the other.
func (s *Store) ChangeCart(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID,
	fn func([]sales.CartLine) ([]sales.CartLine, error)) (sales.Cart, error) {
	cart := sales.Cart{Tenant: t, UserID: userID, BuyerID: buyerID}
	err := s.write(ctx, t, func(c *conn) error {
		cart.UpdatedAt = s.now()
		err := c.row(ctx, `INSERT INTO carts (tenant_id, user_id, buyer_id, revision, updated_at) VALUES (?, ?, ?, 1, ?)
			ON CONFLICT (tenant_id, user_id) DO UPDATE SET revision = carts.revision + 1,
			buyer_id = excluded.buyer_id, updated_at = excluded.updated_at RETURNING revision`,
			t, userID, buyerID, cart.UpdatedAt).Scan(&cart.Revision)
		if err != nil {
			return s.translate(err)
		}
		lines, err := s.cartLines(ctx, c, t, userID)
		if err != nil {
			return err
		}
		if cart.Lines, err = fn(lines); err != nil {
			return err
		}
		return s.writeCartLines(ctx, c, t, userID, cart.Lines)
	})
	if err != nil {
		return sales.Cart{}, fmt.Errorf("change cart of user %s: %w", userID, err)
	}
	return cart, nil
}

// writeCartLines replaces the cart's lines.
func (s *Store) writeCartLines(ctx context.Context, c *conn, t oroshi.TenantID, userID oroshi.ID, lines []sales.CartLine) error {
	if _, err := c.exec(ctx, `DELETE FROM cart_lines WHERE tenant_id = ? AND user_id = ?`, t, userID); err != nil {
		return s.translate(err)
	}
	for start := 0; start < len(lines); start += salesChunk / 5 {
		chunk := lines[start:min(start+salesChunk/5, len(lines))]
		args := make([]any, 0, 5*len(chunk))
		for i, l := range chunk {
			args = append(args, t, userID, l.SKUID, l.Quantity, start+i)
		}
		q := `INSERT INTO cart_lines (tenant_id, user_id, sku_id, quantity, position) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(chunk)), ", ")
		if _, err := c.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("cart lines: %w", s.translate(err))
		}
	}
	return nil
}
