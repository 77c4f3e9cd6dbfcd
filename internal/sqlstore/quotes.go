package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var _ sales.QuoteStore = (*Store)(nil)

// CreateQuote writes a new quote with its first version (a draft), its
// number from the tenant's 'quote' counter, and the events.
func (s *Store) CreateQuote(ctx context.Context, q sales.Quote, first sales.QuoteVersion, ev audit.Event,
	events []sales.Event) (sales.Quote, error) {
	t := q.Tenant
	q.ID, q.RowVersion, q.LatestVersion = s.NewID(), 1, first.Version
	err := s.write(ctx, t, func(c *conn) error {
		q.CreatedAt = s.now()
		q.UpdatedAt = q.CreatedAt
		n, err := s.nextCounter(ctx, c, t, sales.CounterQuote)
		if err != nil {
			return err
		}
		q.Number = sales.FormatNumber(sales.PrefixQuote, q.CreatedAt, n)
		_, err = c.exec(ctx, `INSERT INTO quotes (tenant_id, id, number, buyer_id, status, row_version, latest_version,
			issued_version, valid_until, total, requested_by, request_note, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
			t, q.ID, q.Number, q.BuyerID, string(q.Status), first.Version, first.ValidUntil.String(), first.Totals.Total,
			q.RequestedBy, q.RequestNote, q.CreatedBy, q.CreatedAt, q.UpdatedAt)
		if err != nil {
			return fmt.Errorf("insert quote: %w", s.translate(err))
		}
		if err := s.putQuoteVersion(ctx, c, t, q.ID, first); err != nil {
			return err
		}
		return s.recordQuoteChange(ctx, c, t, q.ID, q.Number, []audit.Event{ev}, events)
	})
	if err != nil {
		return sales.Quote{}, fmt.Errorf("create quote: %w", err)
	}
	return s.Quote(ctx, t, q.ID)
}

// ChangeQuote applies a checked change in one transaction (see
// sales.QuoteChange). The UPDATE names the status and row version read
// before, so of two changes at once only the first succeeds.
func (s *Store) ChangeQuote(ctx context.Context, t oroshi.TenantID, ch sales.QuoteChange) error {
	err := s.write(ctx, t, func(c *conn) error {
		var number string
		err := c.row(ctx, `UPDATE quotes SET status = ?, row_version = row_version + 1, updated_at = ?,
			withdraw_reason = CASE WHEN ? = '' THEN withdraw_reason ELSE ? END
			WHERE tenant_id = ? AND id = ? AND status = ? AND row_version = ? RETURNING number`,
			string(ch.To), s.now(), ch.WithdrawReason, ch.WithdrawReason, t, ch.QuoteID, string(ch.From), ch.RowVersion).Scan(&number)
		if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
			return s.quoteMissingOrChanged(ctx, c, t, ch.QuoteID)
		} else if err != nil {
			return err
		}
		if ch.Draft != nil {
			if err := s.putQuoteVersion(ctx, c, t, ch.QuoteID, *ch.Draft); err != nil {
				return err
			}
		}
		if ch.Issue > 0 {
			if err := s.issueQuoteVersion(ctx, c, t, ch.QuoteID, ch.Issue, ch.IssuedBy); err != nil {
				return err
			}
		}
		return s.recordQuoteChange(ctx, c, t, ch.QuoteID, number, ch.Audit, ch.Events)
	})
	if err != nil {
		return fmt.Errorf("quote %s %s → %s: %w", ch.QuoteID, ch.From, ch.To, err)
	}
	return nil
}

func (s *Store) quoteMissingOrChanged(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	var one int
	if err := c.row(ctx, `SELECT 1 FROM quotes WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one); err != nil {
		return s.translate(err)
	}
	return sales.ErrQuoteChanged
}

// putQuoteVersion writes draft version v (replacing it and its lines if it
// exists; an issued version is never replaced) and makes it the quote's
// latest, with its validity and total.
func (s *Store) putQuoteVersion(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, v sales.QuoteVersion) error {
	var issued int
	err := c.row(ctx, `SELECT count(*) FROM quote_versions WHERE tenant_id = ? AND quote_id = ? AND version = ?
		AND issued_at IS NOT NULL`, t, id, v.Version).Scan(&issued)
	if err != nil {
		return s.translate(err)
	}
	if issued > 0 {
		return fmt.Errorf("quote %s version %d is issued: %w", id, v.Version, sales.ErrQuoteChanged)
	}
	if _, err := c.exec(ctx, `DELETE FROM quote_versions WHERE tenant_id = ? AND quote_id = ? AND version = ?`,
		t, id, v.Version); err != nil {
		return s.translate(err)
	}
	r10, r8 := v.Totals.Rate(sales.TaxStandard), v.Totals.Rate(sales.TaxReduced)
	_, err = c.exec(ctx, `INSERT INTO quote_versions (tenant_id, quote_id, version, valid_until, notes, tax_rounding,
		subtotal10, tax10, subtotal8, tax8, total, line_count, issued_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
		t, id, v.Version, v.ValidUntil.String(), v.Notes, string(v.TaxRounding), r10.Subtotal, r10.Tax, r8.Subtotal,
		r8.Tax, v.Totals.Total, len(v.Lines), s.now())
	if err != nil {
		return fmt.Errorf("insert quote version: %w", s.translate(err))
	}
	if err := s.insertQuoteLines(ctx, c, t, id, v.Version, v.Lines); err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE quotes SET latest_version = ?, total = ?,
		valid_until = CASE WHEN issued_version = 0 THEN ? ELSE valid_until END WHERE tenant_id = ? AND id = ?`,
		v.Version, v.Totals.Total, v.ValidUntil.String(), t, id)
	return s.translate(err)
}

const quoteLineCols = `tenant_id, quote_id, version, line_no, sku_id, code, jan, product_name, variant, unit,
	case_qty, quantity, unit_price, price_rule, tax_rate, amount`

func (s *Store) insertQuoteLines(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, version int, lines []sales.QuoteLine) error {
	const cols, per = 16, salesChunk / 16
	row := "(" + salesMarks(cols) + ")"
	for start := 0; start < len(lines); start += per {
		chunk := lines[start:min(start+per, len(lines))]
		args := make([]any, 0, cols*len(chunk))
		for _, l := range chunk {
			args = append(args, t, id, version, l.No, l.SKUID, l.Code, l.JAN, l.ProductName, l.Variant, l.Unit,
				l.CaseQty, l.Quantity, l.UnitPrice, l.PriceRule, l.TaxRate, l.Amount)
		}
		q := `INSERT INTO quote_lines (` + quoteLineCols + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", len(chunk)), ", ")
		if _, err := c.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("insert quote lines: %w", s.translate(err))
		}
	}
	return nil
}

// issueQuoteVersion freezes a draft version and makes it the quote's
// issued version; the versions issued before are thereby superseded.
func (s *Store) issueQuoteVersion(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, version int, by oroshi.ID) error {
	var validUntil string
	err := c.row(ctx, `UPDATE quote_versions SET issued_at = ?, issued_by = ?
		WHERE tenant_id = ? AND quote_id = ? AND version = ? AND issued_at IS NULL RETURNING valid_until`,
		s.now(), by, t, id, version).Scan(&validUntil)
	if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("quote %s version %d not a draft: %w", id, version, sales.ErrQuoteChanged)
	} else if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE quotes SET issued_version = ?, valid_until = ? WHERE tenant_id = ? AND id = ?`,
		version, validUntil, t, id)
	return s.translate(err)
}

// recordQuoteChange records the audit and sales events of a change to
// quote id, each naming the quote as target and carrying its number.
func (s *Store) recordQuoteChange(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, number string,
	evs []audit.Event, events []sales.Event) error {
	for _, ev := range evs {
		ev.TargetType, ev.TargetID = sales.TargetQuote, id.String()
		ev.Detail = maps.Clone(ev.Detail)
		if ev.Detail == nil {
			ev.Detail = map[string]any{}
		}
		ev.Detail["number"] = number
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
	}
	for _, e := range events {
		e.QuoteID, e.Tenant = id, t
		e.Detail = maps.Clone(e.Detail)
		if e.Detail == nil {
			e.Detail = map[string]any{}
		}
		e.Detail["number"] = number
		if err := s.recordSalesEvent(ctx, c, t, e); err != nil {
			return err
		}
	}
	return nil
}

// acceptQuote marks a quote accepted by order o inside the order's
// placement (see sales.QuoteAcceptance): only an issued quote still at the
// row version, whose latest issued version is a.Version and valid today.
func (s *Store) acceptQuote(ctx context.Context, c *conn, o sales.Order, a sales.QuoteAcceptance) error {
	t := o.Tenant
	var number string
	err := c.row(ctx, `UPDATE quotes SET status = ?, row_version = row_version + 1, updated_at = ?, order_id = ?,
		accepted_version = ? WHERE tenant_id = ? AND id = ? AND status = ? AND row_version = ? AND issued_version = ?
		AND latest_version = ? AND valid_until <> '' AND valid_until >= ? RETURNING number`,
		string(sales.QuoteAccepted), s.now(), o.ID, a.Version, t, a.QuoteID, string(sales.QuoteIssued), a.RowVersion,
		a.Version, a.Version, a.Today.String()).Scan(&number)
	if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
		return sales.ErrQuoteChanged
	} else if err != nil {
		return err
	}
	a.Audit.Detail = maps.Clone(a.Audit.Detail)
	if a.Audit.Detail == nil {
		a.Audit.Detail = map[string]any{}
	}
	a.Audit.Detail["order_id"], a.Audit.Detail["order_number"] = o.ID.String(), o.Number
	// The events name the order in their detail but keep OrderID 0: they
	// are the quote's timeline, not the order's.
	for i := range a.Events {
		a.Events[i].Detail = maps.Clone(a.Events[i].Detail)
		if a.Events[i].Detail == nil {
			a.Events[i].Detail = map[string]any{}
		}
		a.Events[i].Detail["order_id"], a.Events[i].Detail["order_number"] = o.ID.String(), o.Number
	}
	return s.recordQuoteChange(ctx, c, t, a.QuoteID, number, []audit.Event{a.Audit}, a.Events)
}
