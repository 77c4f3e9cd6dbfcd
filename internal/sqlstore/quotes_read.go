package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

const quoteCols = `q.tenant_id, q.id, q.number, q.buyer_id, q.status, q.row_version, q.latest_version, q.issued_version,
	q.valid_until, q.total, q.requested_by, q.request_note, q.created_by, q.withdraw_reason, q.order_id,
	q.accepted_version, q.created_at, q.updated_at, coalesce(b.name, '')`

const quoteFrom = ` FROM quotes q LEFT JOIN buyers b ON b.tenant_id = q.tenant_id AND b.id = q.buyer_id`

func scanQuote(sc interface{ Scan(...any) error }) (sales.Quote, error) {
	var q sales.Quote
	var valid string
	err := sc.Scan(&q.Tenant, &q.ID, &q.Number, &q.BuyerID, &q.Status, &q.RowVersion, &q.LatestVersion,
		&q.IssuedVersion, &valid, &q.Total, &q.RequestedBy, &q.RequestNote, &q.CreatedBy, &q.WithdrawReason,
		&q.OrderID, &q.AcceptedVersion, &q.CreatedAt, &q.UpdatedAt, &q.BuyerName)
	if err != nil {
		return sales.Quote{}, err
	}
	if q.ValidUntil, err = parseCivil(valid); err != nil {
		return sales.Quote{}, fmt.Errorf("quote %s valid until: %w", q.ID, err)
	}
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return q, nil
}

// Quote returns one quote of tenant t with its versions, lines and events.
func (s *Store) Quote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Quote, error) {
	var q sales.Quote
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		q, err = scanQuote(c.row(ctx, `SELECT `+quoteCols+quoteFrom+` WHERE q.tenant_id = ? AND q.id = ?`, t, id))
		if err != nil {
			return s.translate(err)
		}
		if q.Versions, err = s.quoteVersions(ctx, c, t, id); err != nil {
			return err
		}
		q.Events, err = s.salesEvents(ctx, c, t, eventsOfQuote, id)
		return err
	})
	if err != nil {
		return sales.Quote{}, fmt.Errorf("quote %s: %w", id, err)
	}
	return q, nil
}

func (s *Store) quoteVersions(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]sales.QuoteVersion, error) {
	rows, err := c.query(ctx, `SELECT version, valid_until, notes, tax_rounding, subtotal10, tax10, subtotal8, tax8,
		total, issued_at, issued_by, updated_at FROM quote_versions WHERE tenant_id = ? AND quote_id = ? ORDER BY version`, t, id)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.QuoteVersion
	for rows.Next() {
		var v sales.QuoteVersion
		var valid string
		var r10, r8 sales.RateTotal
		var issued sql.NullTime
		if err := rows.Scan(&v.Version, &valid, &v.Notes, &v.TaxRounding, &r10.Subtotal, &r10.Tax, &r8.Subtotal,
			&r8.Tax, &v.Totals.Total, &issued, &v.IssuedBy, &v.UpdatedAt); err != nil {
			return nil, err
		}
		if v.ValidUntil, err = parseCivil(valid); err != nil {
			return nil, fmt.Errorf("quote %s version %d valid until: %w", id, v.Version, err)
		}
		v.Issued, v.IssuedAt, v.UpdatedAt = issued.Valid, issued.Time.UTC(), v.UpdatedAt.UTC()
		if !issued.Valid {
			v.IssuedAt = issued.Time
		}
		v.Totals = rateTotals(r10, r8, v.Totals.Total)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if out[i].Lines, err = s.quoteLines(ctx, c, t, id, out[i].Version); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rateTotals rebuilds Totals from the per-rate columns; a rate appears
// when it had lines.
func rateTotals(r10, r8 sales.RateTotal, total oroshi.Yen) sales.Totals {
	tt := sales.Totals{Total: total}
	for _, r := range []struct {
		rate int
		rt   sales.RateTotal
	}{{sales.TaxStandard, r10}, {sales.TaxReduced, r8}} {
		if r.rt.Subtotal != 0 || r.rt.Tax != 0 {
			r.rt.Rate = r.rate
			tt.ByRate = append(tt.ByRate, r.rt)
		}
	}
	tt.Subtotal, tt.Tax = r10.Subtotal+r8.Subtotal, r10.Tax+r8.Tax
	return tt
}

func (s *Store) quoteLines(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, version int) ([]sales.QuoteLine, error) {
	rows, err := c.query(ctx, `SELECT line_no, sku_id, code, jan, product_name, variant, unit, case_qty, quantity,
		unit_price, price_rule, tax_rate, amount FROM quote_lines WHERE tenant_id = ? AND quote_id = ? AND version = ?
		ORDER BY line_no`, t, id, version)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.QuoteLine
	for rows.Next() {
		var l sales.QuoteLine
		if err := rows.Scan(&l.No, &l.SKUID, &l.Code, &l.JAN, &l.ProductName, &l.Variant, &l.Unit, &l.CaseQty,
			&l.Quantity, &l.UnitPrice, &l.PriceRule, &l.TaxRate, &l.Amount); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Quotes lists quotes matching q, most recently changed first, without
// versions. The keyset (updated_at, id) walks the quotes indexes.
func (s *Store) Quotes(ctx context.Context, t oroshi.TenantID, q sales.QuoteQuery) ([]sales.Quote, error) {
	where, args := quotesWhere(t, q)
	limit := q.Limit
	if limit <= 0 {
		limit = sales.DefaultPageSize
	}
	var out []sales.Quote
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+quoteCols+quoteFrom+` WHERE `+where+
			` ORDER BY q.updated_at DESC, q.id DESC`+limitSQL(limit), args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			qt, err := scanQuote(rows)
			if err != nil {
				return err
			}
			out = append(out, qt)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}

func quotesWhere(t oroshi.TenantID, q sales.QuoteQuery) (string, []any) {
	conds, args := []string{"q.tenant_id = ?"}, []any{t}
	add := func(cond string, a ...any) { conds, args = append(conds, cond), append(args, a...) }
	today := q.Today.String()
	switch q.Status {
	case "":
	case sales.QuoteExpired:
		add("q.status = ? AND q.valid_until <> '' AND q.valid_until < ?", string(sales.QuoteIssued), today)
	case sales.QuoteIssued:
		add("q.status = ? AND (q.valid_until = '' OR q.valid_until >= ?)", string(sales.QuoteIssued), today)
	default:
		add("q.status = ?", string(q.Status))
	}
	if q.BuyerID != 0 {
		add("q.buyer_id = ?", q.BuyerID)
	}
	if q.Number != "" {
		add(`lower(q.number) LIKE lower(?) ESCAPE '\'`, likeContains(q.Number))
	}
	if q.After != nil {
		add("(q.updated_at < ? OR (q.updated_at = ? AND q.id < ?))", q.After.UpdatedAt, q.After.UpdatedAt, q.After.ID)
	}
	return strings.Join(conds, " AND "), args
}
