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
func (s *Store) Balance(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (billing.Balance, error) {
	b := billing.Balance{BuyerID: buyerID}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT
			(SELECT coalesce(sum(sales + tax), 0) FROM invoices WHERE tenant_id = ? AND buyer_id = ?),
			(SELECT coalesce(sum(amount + fee), 0) FROM payments WHERE tenant_id = ? AND buyer_id = ? AND NOT cancelled),
			(SELECT coalesce(sum(total), 0) FROM orders WHERE tenant_id = ? AND buyer_id = ? AND status IN (?, ?, ?, ?, ?)),
			(SELECT coalesce(sum(total), 0) FROM credit_notes WHERE tenant_id = ? AND buyer_id = ?)`,
			append(append([]any{t, buyerID, t, buyerID, t, buyerID}, openStatuses()...), t, buyerID)...).
			Scan(&b.Invoiced, &b.Paid, &b.OpenOrders, &b.Credited)
	})
	if err != nil {
		return billing.Balance{}, fmt.Errorf("balance of buyer %s: %w", buyerID, s.translate(err))
	}
	billed, err := s.billedOpen(ctx, t, buyerID)
	if err != nil {
		return billing.Balance{}, err
	}
	b.OpenOrders -= billed
	return b, nil
}

// billedOpen is what of the buyer's open orders is already invoiced, tax
// included line by line (an estimate: the invoice rounds tax per rate).
func (s *Store) billedOpen(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (oroshi.Yen, error) {
	var n oroshi.Yen
	err := s.read(ctx, t, func(c *conn) error {
		// CROSS JOIN: the buyer's orders drive (SQLite would scan every
		// invoice line of the tenant).
		return c.row(ctx, `SELECT coalesce(sum(l.amount * (100 + l.tax_rate) / 100), 0) FROM orders o
			CROSS JOIN invoice_lines l WHERE o.tenant_id = ? AND o.buyer_id = ? AND o.status IN (?, ?, ?, ?, ?)
			AND l.tenant_id = o.tenant_id AND l.order_id = o.id`,
			append([]any{t, buyerID}, openStatuses()...)...).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("billed open orders of buyer %s: %w", buyerID, s.translate(err))
	}
	return n, nil
}

// openStatuses are the statuses of orders placed and not yet invoiced.
func openStatuses() []any {
	return []any{string(sales.StatusBuyerApproval), string(sales.StatusReceived), string(sales.StatusApproved),
		string(sales.StatusPartiallyShipped), string(sales.StatusShipped)}
}
