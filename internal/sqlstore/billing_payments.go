package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

const paymentCols = `tenant_id, id, invoice_id, buyer_id, received_on, amount, fee, overpayment, note, cancelled,
	cancelled_at, cancel_note, created_by, created_at, method`

func scanPayment(sc interface{ Scan(...any) error }) (billing.Payment, error) {
	var p billing.Payment
	var received string
	var cancelledAt *time.Time
	err := sc.Scan(&p.Tenant, &p.ID, &p.InvoiceID, &p.BuyerID, &received, &p.Amount, &p.Fee, &p.Overpayment, &p.Note,
		&p.Cancelled, &cancelledAt, &p.CancelNote, &p.CreatedBy, &p.CreatedAt, &p.Method)
	if err != nil {
		return billing.Payment{}, err
	}
	if cancelledAt != nil {
		p.CancelledAt = cancelledAt.UTC()
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.ReceivedOn, err = parseCivil(received)
	return p, err
}

// RecordPayment adds p to its invoice. The invoice's paid amount grows in
// a guarded UPDATE, so of two payments racing for the last yen of a
// balance only one passes unless it is marked an overpayment.
func (s *Store) RecordPayment(ctx context.Context, t oroshi.TenantID, p billing.Payment, ev audit.Event) (billing.Payment, error) {
	p.ID, p.CreatedAt, p.Tenant = s.NewID(), s.now(), t
	err := s.write(ctx, t, func(c *conn) error {
		err := c.row(ctx, `UPDATE invoices SET paid = paid + ? WHERE tenant_id = ? AND id = ?
			AND (? OR paid + ? <= sales + tax) RETURNING buyer_id`,
			p.Applied(), t, p.InvoiceID, p.Overpayment, p.Applied()).Scan(&p.BuyerID)
		if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
			var one int
			if err := c.row(ctx, `SELECT 1 FROM invoices WHERE tenant_id = ? AND id = ?`, t, p.InvoiceID).Scan(&one); err != nil {
				return s.translate(err)
			}
			return billing.ErrOverpayment
		} else if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO payments (`+paymentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?, ?, ?)`,
			t, p.ID, p.InvoiceID, p.BuyerID, p.ReceivedOn.String(), p.Amount, p.Fee, p.Overpayment, p.Note, false,
			p.CreatedBy, p.CreatedAt, p.Method)
		if err != nil {
			return fmt.Errorf("insert payment: %w", s.translate(err))
		}
		ev.TargetID = p.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return billing.Payment{}, fmt.Errorf("record payment for invoice %s: %w", p.InvoiceID, err)
	}
	return p, nil
}

// CancelPayment marks a payment cancelled and takes it off its invoice.
func (s *Store) CancelPayment(ctx context.Context, t oroshi.TenantID, id oroshi.ID, note string, ev audit.Event) (billing.Payment, error) {
	var p billing.Payment
	err := s.write(ctx, t, func(c *conn) error {
		var err error
		p, err = scanPayment(c.row(ctx, `UPDATE payments SET cancelled = ?, cancelled_at = ?, cancel_note = ?
			WHERE tenant_id = ? AND id = ? AND NOT cancelled RETURNING `+paymentCols, true, s.now(), note, t, id))
		if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
			var one int
			if err := c.row(ctx, `SELECT 1 FROM payments WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one); err != nil {
				return s.translate(err)
			}
			return billing.ErrPaymentCancelled
		} else if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE invoices SET paid = paid - ? WHERE tenant_id = ? AND id = ?`,
			p.Applied(), t, p.InvoiceID); err != nil {
			return fmt.Errorf("take payment off invoice: %w", s.translate(err))
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return billing.Payment{}, fmt.Errorf("cancel payment %s: %w", id, err)
	}
	return p, nil
}

// Payment returns one payment.
func (s *Store) Payment(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.Payment, error) {
	var p billing.Payment
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		p, err = scanPayment(c.row(ctx, `SELECT `+paymentCols+` FROM payments WHERE tenant_id = ? AND id = ?`, t, id))
		return s.translate(err)
	})
	if err != nil {
		return billing.Payment{}, fmt.Errorf("payment %s: %w", id, err)
	}
	return p, nil
}

// Payments lists payments by ID (the order they were recorded in).
func (s *Store) Payments(ctx context.Context, t oroshi.TenantID, f billing.PaymentFilter) ([]billing.Payment, error) {
	var out []billing.Payment
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		out, err = s.payments(ctx, c, t, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	return out, nil
}

func (s *Store) payments(ctx context.Context, c *conn, t oroshi.TenantID, f billing.PaymentFilter) ([]billing.Payment, error) {
	where, args := []string{"tenant_id = ?"}, []any{t}
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.InvoiceID != 0 {
		add("invoice_id = ?", f.InvoiceID)
	}
	if f.BuyerID != 0 {
		add("buyer_id = ?", f.BuyerID)
	}
	if !f.From.IsZero() {
		add("received_on >= ?", f.From.String())
	}
	if !f.To.IsZero() {
		add("received_on <= ?", f.To.String())
	}
	if f.AfterID != 0 {
		add("id > ?", f.AfterID)
	}
	q := `SELECT ` + paymentCols + ` FROM payments WHERE ` + strings.Join(where, " AND ") + ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []billing.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
