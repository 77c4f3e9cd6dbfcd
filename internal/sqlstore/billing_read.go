package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

const invoiceCols = `tenant_id, id, number, kind, method, buyer_id, buyer_code, buyer_name, order_id,
	closing_date, period_from, period_to, issue_date, due_date, tax_rounding, previous, received, carried,
	sales, tax, total, subtotal10, tax10, subtotal8, tax8, paid, created_by, created_at`

func scanInvoice(sc interface{ Scan(...any) error }) (billing.Invoice, error) {
	var iv billing.Invoice
	var dates [5]string
	var r10, r8 billing.RateTotal
	err := sc.Scan(&iv.Tenant, &iv.ID, &iv.Number, &iv.Kind, &iv.Method, &iv.BuyerID, &iv.BuyerCode, &iv.BuyerName,
		&iv.OrderID, &dates[0], &dates[1], &dates[2], &dates[3], &dates[4], &iv.TaxRounding, &iv.Previous,
		&iv.Received, &iv.Carried, &iv.Sales, &iv.Tax, &iv.Total, &r10.Subtotal, &r10.Tax, &r8.Subtotal, &r8.Tax,
		&iv.Paid, &iv.CreatedBy, &iv.CreatedAt)
	if err != nil {
		return billing.Invoice{}, err
	}
	for i, d := range []*pricing.Date{&iv.ClosingDate, &iv.PeriodFrom, &iv.PeriodTo, &iv.IssueDate, &iv.DueDate} {
		if *d, err = parseCivil(dates[i]); err != nil {
			return billing.Invoice{}, fmt.Errorf("invoice %s date: %w", iv.ID, err)
		}
	}
	for _, r := range []struct {
		rate int
		rt   billing.RateTotal
	}{{sales.TaxStandard, r10}, {sales.TaxReduced, r8}} {
		if r.rt.Subtotal != 0 || r.rt.Tax != 0 {
			r.rt.Rate = r.rate
			iv.ByRate = append(iv.ByRate, r.rt)
		}
	}
	iv.CreatedAt = iv.CreatedAt.UTC()
	return iv, nil
}

// Invoice returns one invoice of tenant t with its lines and payments.
func (s *Store) Invoice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.Invoice, error) {
	var iv billing.Invoice
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		if iv, err = scanInvoice(c.row(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return s.translate(err)
		}
		if iv.Lines, err = s.invoiceLines(ctx, c, t, id); err != nil {
			return err
		}
		iv.Payments, err = s.payments(ctx, c, t, billing.PaymentFilter{InvoiceID: id})
		return err
	})
	if err != nil {
		return billing.Invoice{}, fmt.Errorf("invoice %s: %w", id, err)
	}
	return iv, nil
}

// OrderInvoice finds the per-order invoice of an order (without lines).
func (s *Store) OrderInvoice(ctx context.Context, t oroshi.TenantID, orderID oroshi.ID) (billing.Invoice, error) {
	var iv billing.Invoice
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		// kind as a literal, so the partial index invoices_per_order serves.
		iv, err = scanInvoice(c.row(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE tenant_id = ? AND order_id = ?
			AND kind = 'per_order'`, t, orderID))
		return s.translate(err)
	})
	if err != nil {
		return billing.Invoice{}, fmt.Errorf("invoice of order %s: %w", orderID, err)
	}
	return iv, nil
}

func (s *Store) invoiceLines(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]billing.Line, error) {
	rows, err := c.query(ctx, `SELECT line_no, shipped_on, order_id, order_number, shipment_id, slip_no, code, name,
		unit, quantity, unit_price, amount, tax_rate FROM invoice_lines WHERE tenant_id = ? AND invoice_id = ?
		ORDER BY line_no`, t, id)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []billing.Line
	for rows.Next() {
		var l billing.Line
		var shipped string
		if err := rows.Scan(&l.No, &shipped, &l.OrderID, &l.OrderNumber, &l.ShipmentID, &l.SlipNo, &l.Code, &l.Name,
			&l.Unit, &l.Quantity, &l.UnitPrice, &l.Amount, &l.TaxRate); err != nil {
			return nil, err
		}
		if l.ShippedOn, err = parseCivil(shipped); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Invoices lists invoices without lines, newest first (issue date, ID).
func (s *Store) Invoices(ctx context.Context, t oroshi.TenantID, f billing.Filter) ([]billing.Invoice, error) {
	where, args := []string{"tenant_id = ?"}, []any{t}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.BuyerID != 0 {
		add("buyer_id = ?", f.BuyerID)
	}
	if !f.From.IsZero() {
		add("issue_date >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		add("issue_date <= ?", f.To.String())
	}
	switch f.Status {
	case billing.StatusUnpaid:
		add("paid <= 0 AND sales + tax > 0")
	case billing.StatusPartial:
		add("paid > 0 AND paid < sales + tax")
	case billing.StatusPaid:
		add("paid >= sales + tax")
	}
	if f.After != nil {
		add("(issue_date < ? OR issue_date = ? AND id < ?)", f.After.IssueDate.String(), f.After.IssueDate.String(), f.After.ID)
	}
	q := `SELECT ` + invoiceCols + ` FROM invoices WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY issue_date DESC, id DESC LIMIT %d`, max(f.Limit, 1))
	var out []billing.Invoice
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			iv, err := scanInvoice(rows)
			if err != nil {
				return err
			}
			out = append(out, iv)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("invoices: %w", s.translate(err))
	}
	return out, nil
}

// ShippedUninvoiced lists fully shipped orders without a per-order invoice
// whose last shipment is on or before upTo, oldest first.
func (s *Store) ShippedUninvoiced(ctx context.Context, t oroshi.TenantID, upTo pricing.Date) ([]oroshi.ID, error) {
	var out []oroshi.ID
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT o.id FROM orders o WHERE o.tenant_id = ? AND o.status = ?
			AND NOT EXISTS (SELECT 1 FROM shipments sh WHERE sh.tenant_id = o.tenant_id AND sh.order_id = o.id
				AND sh.shipped_on > ?)
			AND NOT EXISTS (SELECT 1 FROM invoices iv WHERE iv.tenant_id = o.tenant_id AND iv.order_id = o.id
				AND iv.kind = 'per_order')
			ORDER BY o.placed_at, o.id`, t, string(sales.StatusShipped), upTo.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id oroshi.ID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("shipped orders to invoice: %w", s.translate(err))
	}
	return out, nil
}

// OpenItems lists invoices with a positive balance, by buyer code and due
// date.
func (s *Store) OpenItems(ctx context.Context, t oroshi.TenantID) ([]billing.OpenItem, error) {
	var out []billing.OpenItem
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT buyer_id, buyer_code, buyer_name, due_date, sales + tax - paid FROM invoices
			WHERE tenant_id = ? AND sales + tax - paid > 0 ORDER BY buyer_code, due_date, id`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it billing.OpenItem
			var due string
			if err := rows.Scan(&it.BuyerID, &it.BuyerCode, &it.BuyerName, &due, &it.Balance); err != nil {
				return err
			}
			if it.DueDate, err = parseCivil(due); err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("open invoices: %w", s.translate(err))
	}
	return out, nil
}
