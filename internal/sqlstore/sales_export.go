package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var _ dataio.OrderStore = (*Store)(nil)

// The order exports read in one statement each, newest order first like
// the lists (the (tenant_id, …, placed_at, id) indexes), and call fn while
// the read is open: one consistent snapshot, one row in memory. A slow
// download holds one reading connection (on PostgreSQL a read-only
// transaction) for its length, as the products export does.

// EachOrder calls fn on every order f selects, without lines.
func (s *Store) EachOrder(ctx context.Context, t oroshi.TenantID, f dataio.OrderFilter, fn func(dataio.OrderRow) error) error {
	where, args := ordersWhere(t, exportQuery(f))
	q := `SELECT ` + orderCols + `, coalesce(b.code, '')` + orderFrom + ` WHERE ` + where +
		` ORDER BY o.placed_at DESC, o.id DESC`
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		var r dataio.OrderRow
		sc := withExtra{rows, []any{&r.BuyerCode}}
		for rows.Next() {
			if r.Order, err = scanOrder(sc); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export orders: %w", err)
	}
	return nil
}

// EachOrderLine calls fn on every line of the orders f selects, each
// order's lines by number.
func (s *Store) EachOrderLine(ctx context.Context, t oroshi.TenantID, f dataio.OrderFilter, fn func(dataio.OrderLineRow) error) error {
	where, args := ordersWhere(t, exportQuery(f))
	q := `SELECT ` + orderCols + `, coalesce(b.code, ''), l.line_no, l.sku_id, l.code, l.jan, l.product_name,
		l.variant, l.unit, l.case_qty, l.quantity, l.unit_price, l.price_rule, l.tax_rate, l.amount, l.reserved,
		l.shipped_qty` + orderFrom + ` JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
		WHERE ` + where + ` ORDER BY o.placed_at DESC, o.id DESC, l.line_no`
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		var r dataio.OrderLineRow
		l := &r.Line
		sc := withExtra{rows, []any{&r.BuyerCode, &l.No, &l.SKUID, &l.Code, &l.JAN, &l.ProductName, &l.Variant,
			&l.Unit, &l.CaseQty, &l.Quantity, &l.UnitPrice, &l.PriceRule, &l.TaxRate, &l.Amount, &l.Reserved,
			&l.ShippedQty}}
		for rows.Next() {
			if r.Order, err = scanOrder(sc); err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export order lines: %w", err)
	}
	return nil
}

// exportQuery is the list query of an export filter: the same conditions
// as the order lists, without paging.
func exportQuery(f dataio.OrderFilter) sales.Query {
	return sales.Query{Status: f.Status, BuyerID: f.BuyerID, HideBuyerPending: f.HideBuyerPending,
		From: f.From, To: f.To}
}

// withExtra scans the order columns and then extra columns of the row.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }
