package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

var _ dataio.BillingExportStore = (*Store)(nil)

// EachInvoice streams tenant t's invoices (without lines) by issue date
// and ID, in one statement.
func (s *Store) EachInvoice(ctx context.Context, t oroshi.TenantID, fn func(billing.Invoice) error) error {
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE tenant_id = ? ORDER BY issue_date, id`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			iv, err := scanInvoice(rows)
			if err != nil {
				return err
			}
			if err := fn(iv); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export invoices: %w", s.translate(err))
	}
	return nil
}

// EachPayment streams tenant t's payments with their invoice's number and
// buyer, by ID (the order they were recorded in).
func (s *Store) EachPayment(ctx context.Context, t oroshi.TenantID, fn func(dataio.PaymentRow) error) error {
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT p.tenant_id, p.id, p.invoice_id, p.buyer_id, p.received_on, p.amount, p.fee,
			p.overpayment, p.note, p.cancelled, p.cancelled_at, p.cancel_note, p.created_by, p.created_at,
			p.method, iv.number, iv.buyer_code, iv.buyer_name
			FROM payments p JOIN invoices iv ON iv.tenant_id = p.tenant_id AND iv.id = p.invoice_id
			WHERE p.tenant_id = ? ORDER BY p.id`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r dataio.PaymentRow
			var extra scanExtra
			p, err := scanPayment(extra.wrap(rows, &r.InvoiceNumber, &r.BuyerCode, &r.BuyerName))
			if err != nil {
				return err
			}
			r.Payment = p
			if err := fn(r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export payments: %w", s.translate(err))
	}
	return nil
}

// scanExtra lets a row scanner fill destinations after its own.
type scanExtra struct {
	sc   interface{ Scan(...any) error }
	more []any
}

func (e *scanExtra) wrap(sc interface{ Scan(...any) error }, more ...any) *scanExtra {
	e.sc, e.more = sc, more
	return e
}

func (e *scanExtra) Scan(dest ...any) error { return e.sc.Scan(append(dest, e.more...)...) }
