package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Counter and prefix of invoice numbers: I-2026-000123.
const (
	counterInvoice = "invoice"
	prefixInvoice  = "I"
)

// CloseBilling bills one buyer (monthly) or one order (per-order) in one
// transaction; see billing.Closing. The tenant-wide rows every closing
// writes — the invoice counter and the history's head — are taken last,
// just before the commit, so that closings of several buyers at once
// (billing.Service.Workers) wait on each other only for that short end.
func (s *Store) CloseBilling(ctx context.Context, cl billing.Closing) (billing.Outcome, error) {
	var out billing.Outcome
	err := s.write(ctx, cl.Tenant, func(c *conn) error {
		out = billing.Outcome{}
		invoiceID := s.NewID()
		if err := s.claimClosing(ctx, c, cl, invoiceID); err != nil {
			return err
		}
		lines, err := s.unbilledLines(ctx, c, cl)
		if err != nil {
			return err
		}
		previous, outstanding, err := s.buyerPosition(ctx, c, cl.Tenant, cl.BuyerID)
		if err != nil {
			return err
		}
		iv, err := cl.Build(lines, previous, outstanding)
		if err != nil {
			return err
		}
		if iv.Empty() || cl.Kind == billing.ModePerOrder && len(iv.Lines) == 0 {
			return s.unlinkClosing(ctx, c, cl) // nothing to bill; a monthly closing is still recorded
		}
		iv.ID = invoiceID
		if iv, err = s.insertInvoice(ctx, c, iv); err != nil {
			return err
		}
		var moved []markedOrder
		if cl.MarkOrders {
			if moved, err = s.markInvoicedOrders(ctx, c, cl, iv); err != nil {
				return err
			}
		}
		if err := s.numberInvoice(ctx, c, &iv); err != nil {
			return err
		}
		out = billing.Outcome{Invoice: iv, Issued: true, OrdersInvoiced: len(moved)}
		return s.finishClosing(ctx, c, cl, iv, moved)
	})
	if err != nil {
		return billing.Outcome{}, fmt.Errorf("close buyer %s on %s: %w", cl.BuyerID, cl.Date, err)
	}
	return out, nil
}

// claimClosing records the monthly closing of (buyer, date), or checks that
// the order has no invoice yet; either way a second run gets
// ErrAlreadyClosed.
func (s *Store) claimClosing(ctx context.Context, c *conn, cl billing.Closing, invoiceID oroshi.ID) error {
	if cl.Kind == billing.ModePerOrder {
		var one int
		err := s.translate(c.row(ctx, `SELECT 1 FROM invoices WHERE tenant_id = ? AND order_id = ? AND kind = 'per_order'`,
			cl.Tenant, cl.OrderID).Scan(&one))
		if err == nil {
			return billing.ErrAlreadyClosed
		}
		if errors.Is(err, oroshi.ErrNotFound) {
			return nil
		}
		return err
	}
	_, err := c.exec(ctx, `INSERT INTO billing_closings (tenant_id, buyer_id, closing_date, invoice_id, closed_at)
		VALUES (?, ?, ?, ?, ?)`, cl.Tenant, cl.BuyerID, cl.Date.String(), invoiceID, s.now())
	if err = s.translate(err); errors.Is(err, oroshi.ErrConflict) {
		return billing.ErrAlreadyClosed
	}
	return err
}

// unlinkClosing records that a monthly closing billed nothing: its claim
// named the invoice it was about to issue.
func (s *Store) unlinkClosing(ctx context.Context, c *conn, cl billing.Closing) error {
	if cl.Kind != billing.ModeMonthly {
		return nil
	}
	_, err := c.exec(ctx, `UPDATE billing_closings SET invoice_id = 0 WHERE tenant_id = ? AND buyer_id = ?
		AND closing_date = ?`, cl.Tenant, cl.BuyerID, cl.Date.String())
	if err != nil {
		return fmt.Errorf("empty closing: %w", s.translate(err))
	}
	return nil
}

// unbilledLines are the shipment lines not yet on any invoice: of the
// buyer's shipped orders up to the closing date (monthly), or of the
// order (per-order), by delivery date.
func (s *Store) unbilledLines(ctx context.Context, c *conn, cl billing.Closing) ([]billing.Line, error) {
	// The buyer's open orders drive the query, then each order's
	// shipments and their lines: materialised and CROSS JOIN, which SQLite
	// keeps in the order written (else it scanned every shipment line of
	// the tenant for each order). "Not billed" is a scalar count, never an
	// anti-join: PostgreSQL, whose statistics lag while a closing fills
	// invoice_shipments, hashed the whole table for each buyer.
	bo, args := `SELECT id, number FROM orders WHERE tenant_id = ? AND buyer_id = ? AND status IN (?, ?)`,
		[]any{cl.Tenant, cl.BuyerID, string(sales.StatusPartiallyShipped), string(sales.StatusShipped)}
	if cl.Kind == billing.ModePerOrder {
		bo, args = `SELECT id, number FROM orders WHERE tenant_id = ? AND id = ?`, []any{cl.Tenant, cl.OrderID}
	}
	args = append(args, cl.Tenant, cl.Date.String(), cl.Kind == billing.ModePerOrder)
	rows, err := c.query(ctx, `WITH bo AS MATERIALIZED (`+bo+`)
		SELECT sh.id, sh.shipped_on, bo.id, bo.number, sl.quantity, ol.code, ol.product_name,
		ol.variant, ol.unit, ol.unit_price, ol.tax_rate,
		(SELECT count(*) FROM shipments s2 WHERE s2.tenant_id = sh.tenant_id AND s2.order_id = sh.order_id
			AND s2.created_at <= sh.created_at AND (s2.created_at < sh.created_at OR s2.id <= sh.id))
		FROM bo CROSS JOIN shipments sh CROSS JOIN shipment_lines sl CROSS JOIN order_lines ol
		WHERE sh.tenant_id = ? AND sh.order_id = bo.id AND (sh.shipped_on <= ? OR ?)
		AND sl.tenant_id = sh.tenant_id AND sl.shipment_id = sh.id
		AND ol.tenant_id = sh.tenant_id AND ol.order_id = sh.order_id AND ol.line_no = sl.line_no
		AND (SELECT count(*) FROM invoice_shipments x WHERE x.tenant_id = sh.tenant_id AND x.shipment_id = sh.id) = 0
		ORDER BY sh.shipped_on, bo.number, sh.id, sl.line_no`, args...)
	if err != nil {
		return nil, fmt.Errorf("unbilled lines: %w", s.translate(err))
	}
	defer rows.Close()
	var out []billing.Line
	for rows.Next() {
		var l billing.Line
		var shipped, variant string
		var seq int
		if err := rows.Scan(&l.ShipmentID, &shipped, &l.OrderID, &l.OrderNumber, &l.Quantity, &l.Code, &l.Name,
			&variant, &l.Unit, &l.UnitPrice, &l.TaxRate, &seq); err != nil {
			return nil, fmt.Errorf("unbilled lines: %w", err)
		}
		if l.ShippedOn, err = parseCivil(shipped); err != nil {
			return nil, err
		}
		if variant != "" {
			l.Name += " " + variant
		}
		l.SlipNo = fmt.Sprintf("%s-%d", l.OrderNumber, seq)
		l.Amount = oroshi.Yen(l.Quantity) * l.UnitPrice
		out = append(out, l)
	}
	return out, rows.Err()
}

// buyerPosition is the last monthly invoice's 今回請求額 and what the buyer
// owes now: all invoice charges less all payments not cancelled and all
// credit notes (so a credit note shows in the next closing's ご入金額).
func (s *Store) buyerPosition(ctx context.Context, c *conn, t oroshi.TenantID, buyerID oroshi.ID) (previous, outstanding oroshi.Yen, err error) {
	// One statement (a round trip per buyer counts in a closing of 10,000).
	err = c.row(ctx, `SELECT
		coalesce((SELECT total FROM invoices WHERE tenant_id = ? AND buyer_id = ? AND kind = ?
			ORDER BY closing_date DESC, id DESC LIMIT 1), 0),
		(SELECT coalesce(sum(sales + tax), 0) FROM invoices WHERE tenant_id = ? AND buyer_id = ?) -
		(SELECT coalesce(sum(amount + fee), 0) FROM payments WHERE tenant_id = ? AND buyer_id = ? AND NOT cancelled) -
		(SELECT coalesce(sum(total), 0) FROM credit_notes WHERE tenant_id = ? AND buyer_id = ?)`,
		t, buyerID, string(billing.ModeMonthly), t, buyerID, t, buyerID, t, buyerID).Scan(&previous, &outstanding)
	if err != nil {
		return 0, 0, fmt.Errorf("buyer position: %w", s.translate(err))
	}
	return previous, outstanding, nil
}

const invoiceInsertCols = `tenant_id, id, number, kind, method, buyer_id, buyer_code, buyer_name, order_id,
	closing_date, period_from, period_to, issue_date, due_date, tax_rounding, previous, received, carried,
	sales, tax, total, subtotal10, tax10, subtotal8, tax8, paid, created_by, created_at`

// insertInvoice writes iv (its ID set) with its lines and billed
// shipments, under a provisional number that numberInvoice replaces.
func (s *Store) insertInvoice(ctx context.Context, c *conn, iv billing.Invoice) (billing.Invoice, error) {
	iv.CreatedAt = s.now()
	provisional := "~" + iv.ID.String() // never a real number (I-…), unique like the ID
	r10, r8 := rateOf(iv.ByRate, sales.TaxStandard), rateOf(iv.ByRate, sales.TaxReduced)
	_, err := c.exec(ctx, `INSERT INTO invoices (`+invoiceInsertCols+`) VALUES (`+salesMarks(28)+`)`,
		iv.Tenant, iv.ID, provisional, string(iv.Kind), string(iv.Method), iv.BuyerID, iv.BuyerCode, iv.BuyerName,
		iv.OrderID, iv.ClosingDate.String(), iv.PeriodFrom.String(), iv.PeriodTo.String(), iv.IssueDate.String(),
		iv.DueDate.String(), string(iv.TaxRounding), iv.Previous, iv.Received, iv.Carried, iv.Sales, iv.Tax, iv.Total,
		r10.Subtotal, r10.Tax, r8.Subtotal, r8.Tax, 0, iv.CreatedBy, iv.CreatedAt)
	if err != nil {
		return billing.Invoice{}, fmt.Errorf("insert invoice: %w", s.translate(err))
	}
	if err := s.insertInvoiceLines(ctx, c, iv); err != nil {
		return billing.Invoice{}, err
	}
	return iv, nil
}

// numberInvoice gives iv the tenant's next invoice number (I-2026-000123).
func (s *Store) numberInvoice(ctx context.Context, c *conn, iv *billing.Invoice) error {
	n, err := s.nextCounter(ctx, c, iv.Tenant, counterInvoice)
	if err != nil {
		return err
	}
	iv.Number = sales.FormatNumber(prefixInvoice, iv.CreatedAt, n)
	if _, err := c.exec(ctx, `UPDATE invoices SET number = ? WHERE tenant_id = ? AND id = ?`,
		iv.Number, iv.Tenant, iv.ID); err != nil {
		return fmt.Errorf("number invoice: %w", s.translate(err))
	}
	return nil
}

func rateOf(rs []billing.RateTotal, rate int) billing.RateTotal {
	for _, r := range rs {
		if r.Rate == rate {
			return r
		}
	}
	return billing.RateTotal{Rate: rate}
}

// insertInvoiceLines writes the lines and the billed shipments in
// multi-row INSERTs; a shipment billed meanwhile by another invoice
// conflicts on invoice_shipments' primary key and undoes everything.
func (s *Store) insertInvoiceLines(ctx context.Context, c *conn, iv billing.Invoice) error {
	const cols, per = 15, salesChunk / 15
	row := "(" + salesMarks(cols) + ")"
	seen := map[oroshi.ID]bool{}
	var ships []any
	for start := 0; start < len(iv.Lines); start += per {
		chunk := iv.Lines[start:min(start+per, len(iv.Lines))]
		args := make([]any, 0, len(chunk)*cols)
		for _, l := range chunk {
			args = append(args, iv.Tenant, iv.ID, l.No, l.ShippedOn.String(), l.OrderID, l.OrderNumber, l.ShipmentID,
				l.SlipNo, l.Code, l.Name, l.Unit, l.Quantity, l.UnitPrice, l.Amount, l.TaxRate)
			if !seen[l.ShipmentID] {
				seen[l.ShipmentID] = true
				ships = append(ships, iv.Tenant, l.ShipmentID, iv.ID)
			}
		}
		_, err := c.exec(ctx, `INSERT INTO invoice_lines (tenant_id, invoice_id, line_no, shipped_on, order_id,
			order_number, shipment_id, slip_no, code, name, unit, quantity, unit_price, amount, tax_rate) VALUES `+
			strings.TrimSuffix(strings.Repeat(row+", ", len(chunk)), ", "), args...)
		if err != nil {
			return fmt.Errorf("insert invoice lines: %w", s.translate(err))
		}
	}
	const sper = salesChunk / 3
	for start := 0; start < len(ships); start += sper * 3 {
		chunk := ships[start:min(start+sper*3, len(ships))]
		_, err := c.exec(ctx, `INSERT INTO invoice_shipments (tenant_id, shipment_id, invoice_id) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)/3), ", "), chunk...)
		if err != nil {
			return fmt.Errorf("mark shipments billed: %w", s.translate(err))
		}
	}
	return nil
}

// markedOrder is an order a closing moved to 請求済.
type markedOrder struct {
	id     oroshi.ID
	number string
}

// markInvoicedOrders moves the invoice's fully shipped orders whose every
// shipment is now billed to 請求済 (their events and history entry follow
// in finishClosing).
func (s *Store) markInvoicedOrders(ctx context.Context, c *conn, cl billing.Closing, iv billing.Invoice) ([]markedOrder, error) {
	// The invoice's orders, less those with a shipment still unbilled, each
	// looked up by key: a NOT EXISTS over all shipments let PostgreSQL plan
	// an anti-join over the whole tenant, per buyer.
	var ids []any
	seen := map[oroshi.ID]bool{}
	for _, l := range iv.Lines {
		if !seen[l.OrderID] {
			seen[l.OrderID] = true
			ids = append(ids, l.OrderID)
		}
	}
	open, err := s.ordersWithUnbilled(ctx, c, cl.Tenant, ids)
	if err != nil {
		return nil, err
	}
	ready := ids[:0:0]
	for _, id := range ids {
		if !open[id.(oroshi.ID)] {
			ready = append(ready, id)
		}
	}
	if len(ready) == 0 {
		return nil, nil
	}
	// UPDATE … FROM a materialised list: with "id IN (…)" SQLite chose to
	// scan every order of the tenant in orders_status.
	rows, err := c.query(ctx, `WITH v(id) AS MATERIALIZED (VALUES `+
		strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT)), ", len(ready)), ", ")+`)
		UPDATE orders SET status = ?, version = version + 1, updated_at = ? FROM v
		WHERE orders.tenant_id = ? AND orders.id = v.id AND orders.status = ? RETURNING orders.id, orders.number`,
		append(ready, string(sales.StatusInvoiced), s.now(), cl.Tenant, string(sales.StatusShipped))...)
	if err != nil {
		return nil, fmt.Errorf("mark orders invoiced: %w", s.translate(err))
	}
	var done []markedOrder
	for rows.Next() {
		var m markedOrder
		if err := rows.Scan(&m.id, &m.number); err != nil {
			rows.Close()
			return nil, err
		}
		done = append(done, m)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("mark orders invoiced: %w", s.translate(err))
	}
	return done, nil
}

// ordersWithUnbilled are those of ids with a shipment on no invoice.
func (s *Store) ordersWithUnbilled(ctx context.Context, c *conn, t oroshi.TenantID, ids []any) (map[oroshi.ID]bool, error) {
	out := map[oroshi.ID]bool{}
	for start := 0; start < len(ids); start += salesChunk {
		chunk := ids[start:min(start+salesChunk, len(ids))]
		rows, err := c.query(ctx, `SELECT DISTINCT sh.order_id FROM shipments sh WHERE sh.tenant_id = ?
			AND sh.order_id IN (`+salesMarks(len(chunk))+`) AND (SELECT count(*) FROM invoice_shipments x
			WHERE x.tenant_id = sh.tenant_id AND x.shipment_id = sh.id) = 0`, append([]any{t}, chunk...)...)
		if err != nil {
			return nil, fmt.Errorf("orders with unbilled shipments: %w", s.translate(err))
		}
		for rows.Next() {
			var id oroshi.ID
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, fmt.Errorf("orders with unbilled shipments: %w", s.translate(err))
		}
	}
	return out, nil
}
