package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var _ billing.CreditStore = (*Store)(nil)

// Counter and prefix of credit note numbers: R-2026-000001 (返還).
const (
	counterCreditNote = "credit_note"
	prefixCreditNote  = "R"
)

const creditCols = `tenant_id, id, number, buyer_id, buyer_code, buyer_name, invoice_id, credit_date, reason,
	tax_rounding, subtotal, tax, total, subtotal10, tax10, subtotal8, tax8, created_by, created_at`

// InsertCreditNote numbers and stores cn with its lines and records ev, in
// one transaction.
func (s *Store) InsertCreditNote(ctx context.Context, cn billing.CreditNote, ev audit.Event) (billing.CreditNote, error) {
	err := s.write(ctx, cn.Tenant, func(c *conn) error {
		n, err := s.nextCounter(ctx, c, cn.Tenant, counterCreditNote)
		if err != nil {
			return err
		}
		cn.ID, cn.CreatedAt = s.NewID(), s.now()
		cn.Number = sales.FormatNumber(prefixCreditNote, cn.CreatedAt, n)
		r10, r8 := rateOf(cn.ByRate, sales.TaxStandard), rateOf(cn.ByRate, sales.TaxReduced)
		if _, err := c.exec(ctx, `INSERT INTO credit_notes (`+creditCols+`) VALUES (`+salesMarks(19)+`)`,
			cn.Tenant, cn.ID, cn.Number, cn.BuyerID, cn.BuyerCode, cn.BuyerName, cn.InvoiceID, cn.Date.String(),
			cn.Reason, string(cn.TaxRounding), cn.Subtotal, cn.Tax, cn.Total, r10.Subtotal, r10.Tax, r8.Subtotal,
			r8.Tax, cn.CreatedBy, cn.CreatedAt); err != nil {
			return fmt.Errorf("insert credit note: %w", s.translate(err))
		}
		if err := s.insertCreditLines(ctx, c, cn); err != nil {
			return err
		}
		ev.TargetID = cn.ID.String()
		ev.Detail = map[string]any{"number": cn.Number, "buyer_id": cn.BuyerID.String(), "date": cn.Date.String(),
			"reason": cn.Reason, "lines": len(cn.Lines), "subtotal": int64(cn.Subtotal), "tax": int64(cn.Tax),
			"total": int64(cn.Total), "invoice_id": cn.InvoiceID.String()}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return billing.CreditNote{}, fmt.Errorf("credit note of buyer %s: %w", cn.BuyerID, err)
	}
	return cn, nil
}

func (s *Store) insertCreditLines(ctx context.Context, c *conn, cn billing.CreditNote) error {
	if len(cn.Lines) == 0 {
		return nil
	}
	args := make([]any, 0, len(cn.Lines)*6)
	for _, l := range cn.Lines {
		args = append(args, cn.Tenant, cn.ID, l.No, l.Description, l.Amount, l.TaxRate)
	}
	_, err := c.exec(ctx, `INSERT INTO credit_note_lines (tenant_id, credit_note_id, line_no, description, amount,
		tax_rate) VALUES `+strings.TrimSuffix(strings.Repeat("("+salesMarks(6)+"), ", len(cn.Lines)), ", "), args...)
	if err != nil {
		return fmt.Errorf("insert credit note lines: %w", s.translate(err))
	}
	return nil
}

func scanCreditNote(sc interface{ Scan(...any) error }) (billing.CreditNote, error) {
	var cn billing.CreditNote
	var date string
	var r10, r8 billing.RateTotal
	err := sc.Scan(&cn.Tenant, &cn.ID, &cn.Number, &cn.BuyerID, &cn.BuyerCode, &cn.BuyerName, &cn.InvoiceID, &date,
		&cn.Reason, &cn.TaxRounding, &cn.Subtotal, &cn.Tax, &cn.Total, &r10.Subtotal, &r10.Tax, &r8.Subtotal, &r8.Tax,
		&cn.CreatedBy, &cn.CreatedAt)
	if err != nil {
		return billing.CreditNote{}, err
	}
	if cn.Date, err = parseCivil(date); err != nil {
		return billing.CreditNote{}, fmt.Errorf("credit note %s date: %w", cn.ID, err)
	}
	if r10.Subtotal != 0 || r10.Tax != 0 {
		r10.Rate = sales.TaxStandard
		cn.ByRate = append(cn.ByRate, r10)
	}
	if r8.Subtotal != 0 || r8.Tax != 0 {
		r8.Rate = sales.TaxReduced
		cn.ByRate = append(cn.ByRate, r8)
	}
	cn.CreatedAt = cn.CreatedAt.UTC()
	return cn, nil
}

// CreditNote returns one credit note of tenant t with its lines.
func (s *Store) CreditNote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.CreditNote, error) {
	var cn billing.CreditNote
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		if cn, err = scanCreditNote(c.row(ctx, `SELECT `+creditCols+` FROM credit_notes WHERE tenant_id = ? AND id = ?`,
			t, id)); err != nil {
			return s.translate(err)
		}
		cn.Lines, err = s.creditLines(ctx, c, t, id)
		return err
	})
	if err != nil {
		return billing.CreditNote{}, fmt.Errorf("credit note %s: %w", id, err)
	}
	return cn, nil
}

func (s *Store) creditLines(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]billing.CreditLine, error) {
	rows, err := c.query(ctx, `SELECT line_no, description, amount, tax_rate FROM credit_note_lines
		WHERE tenant_id = ? AND credit_note_id = ? ORDER BY line_no`, t, id)
	if err != nil {
		return nil, fmt.Errorf("credit note lines: %w", s.translate(err))
	}
	defer rows.Close()
	var out []billing.CreditLine
	for rows.Next() {
		var l billing.CreditLine
		if err := rows.Scan(&l.No, &l.Description, &l.Amount, &l.TaxRate); err != nil {
			return nil, fmt.Errorf("credit note lines: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreditNotes lists credit notes of tenant t, newest first (by ID).
func (s *Store) CreditNotes(ctx context.Context, t oroshi.TenantID, f billing.CreditFilter) ([]billing.CreditNote, error) {
	q, args := `SELECT `+creditCols+` FROM credit_notes WHERE tenant_id = ?`, []any{t}
	if f.BuyerID != 0 {
		q, args = q+` AND buyer_id = ?`, append(args, f.BuyerID)
	}
	if !f.From.IsZero() {
		q, args = q+` AND credit_date >= ?`, append(args, f.From.String())
	}
	if !f.To.IsZero() {
		q, args = q+` AND credit_date <= ?`, append(args, f.To.String())
	}
	if f.AfterID != 0 {
		q, args = q+` AND id < ?`, append(args, f.AfterID)
	}
	q, args = q+` ORDER BY id DESC LIMIT ?`, append(args, f.Limit)
	var out []billing.CreditNote
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			cn, err := scanCreditNote(rows)
			if err != nil {
				return err
			}
			out = append(out, cn)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("credit notes: %w", err)
	}
	return out, nil
}
