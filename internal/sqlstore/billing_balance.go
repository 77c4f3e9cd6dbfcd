package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Balance is a buyer's billing position: invoiced, paid, and open orders
// (placed, not cancelled, not invoiced) less what of them is already on an
// invoice (a partly shipped order billed monthly), tax included.
//
// Checkout runs it for every order of a buyer with a credit limit, so its
// sums read index entries only (migration 00030) and its statements stay
// in SQLite's statement cache (which skips SQL with a "*"; see cacheable):
// the cost follows the buyer's open orders and invoices, not their rows.
func (s *Store) Balance(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (billing.Balance, error) {
	b := billing.Balance{BuyerID: buyerID}
	args := []any{t, buyerID, t, buyerID, t, buyerID}
	args = append(args, openStatuses()...)
	args = append(args, t, buyerID)
	var billed oroshi.Yen
	err := s.read(ctx, t, func(c *conn) error {
		err := c.row(ctx, `SELECT
			(SELECT coalesce(sum(sales + tax), 0) FROM invoices WHERE tenant_id = ? AND buyer_id = ?),
			(SELECT coalesce(sum(amount + fee), 0) FROM payments WHERE tenant_id = ? AND buyer_id = ? AND NOT cancelled),
			(SELECT coalesce(sum(total), 0) FROM orders WHERE tenant_id = ? AND buyer_id = ? AND status IN (?, ?, ?, ?, ?)),
			(SELECT coalesce(sum(total), 0) FROM credit_notes WHERE tenant_id = ? AND buyer_id = ?)`, args...).
			Scan(&b.Invoiced, &b.Paid, &b.OpenOrders, &b.Credited)
		if err != nil {
			return err
		}
		billed, err = s.billedOpen(ctx, c, t, buyerID)
		return err
	})
	if err != nil {
		return billing.Balance{}, fmt.Errorf("balance of buyer %s: %w", buyerID, s.translate(err))
	}
	b.OpenOrders -= billed
	return b, nil
}

// billedOpen is what of the buyer's open orders is already invoiced, tax
// included line by line (an estimate: the invoice rounds tax per rate),
// summed here as amount × (100 + rate) / 100 truncated, as SQL would.
//
// Invoice lines come from shipments, and an order ships only from 承認 on,
// never to go back (sales.Next): of the open statuses only the shipped ones
// can have invoice lines, so the others are not looked up. CROSS JOIN: the
// buyer's orders drive (SQLite would scan every invoice line of the
// tenant).
func (s *Store) billedOpen(ctx context.Context, c *conn, t oroshi.TenantID, buyerID oroshi.ID) (oroshi.Yen, error) {
	rows, err := c.query(ctx, `SELECT l.amount, l.tax_rate FROM orders o CROSS JOIN invoice_lines l
		WHERE o.tenant_id = ? AND o.buyer_id = ? AND o.status IN (?, ?)
		AND l.tenant_id = o.tenant_id AND l.order_id = o.id`, append([]any{t, buyerID}, shippedOpenStatuses()...)...)
	if err != nil {
		return 0, fmt.Errorf("billed open orders: %w", err)
	}
	defer rows.Close()
	var n oroshi.Yen
	for rows.Next() {
		var amount oroshi.Yen
		var rate int64
		if err := rows.Scan(&amount, &rate); err != nil {
			return 0, fmt.Errorf("billed open orders: %w", err)
		}
		n += amount * oroshi.Yen(100+rate) / 100
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("billed open orders: %w", err)
	}
	return n, nil
}

// openStatuses are the statuses of orders placed and not yet invoiced.
func openStatuses() []any {
	return []any{string(sales.StatusBuyerApproval), string(sales.StatusReceived), string(sales.StatusApproved),
		string(sales.StatusPartiallyShipped), string(sales.StatusShipped)}
}

// shippedOpenStatuses are the open statuses of orders with shipments: the
// only open orders that can be on an invoice.
func shippedOpenStatuses() []any {
	return []any{string(sales.StatusPartiallyShipped), string(sales.StatusShipped)}
}
