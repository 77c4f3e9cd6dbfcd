package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

var _ dataio.QuoteExportStore = (*Store)(nil)

// EachQuoteLine streams every line of every issued quote version of t,
// newest quote first, then by version and line, in one statement.
func (s *Store) EachQuoteLine(ctx context.Context, t oroshi.TenantID, fn func(dataio.QuoteLineRow) error) error {
	q := `SELECT ` + quoteCols + `, coalesce(b.code, ''), v.version, v.valid_until, v.notes, v.total, v.issued_at,
		l.line_no, l.sku_id, l.code, l.jan, l.product_name, l.variant, l.unit, l.quantity, l.unit_price, l.tax_rate,
		l.amount` + quoteFrom + `
		JOIN quote_versions v ON v.tenant_id = q.tenant_id AND v.quote_id = q.id AND v.issued_at IS NOT NULL
		JOIN quote_lines l ON l.tenant_id = v.tenant_id AND l.quote_id = v.quote_id AND l.version = v.version
		WHERE q.tenant_id = ? ORDER BY q.created_at DESC, q.id DESC, v.version, l.line_no`
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, t)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		var r dataio.QuoteLineRow
		var valid string
		var issued sql.NullTime
		v, l := &r.Version, &r.Line
		sc := withExtra{rows, []any{&r.BuyerCode, &v.Version, &valid, &v.Notes, &v.Totals.Total, &issued,
			&l.No, &l.SKUID, &l.Code, &l.JAN, &l.ProductName, &l.Variant, &l.Unit, &l.Quantity, &l.UnitPrice,
			&l.TaxRate, &l.Amount}}
		for rows.Next() {
			if r.Quote, err = scanQuote(sc); err != nil {
				return err
			}
			if v.ValidUntil, err = parseCivil(valid); err != nil {
				return fmt.Errorf("quote %s version %d valid until: %w", r.Quote.ID, v.Version, err)
			}
			v.Issued, v.IssuedAt = issued.Valid, issued.Time.UTC()
			if err := fn(r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("export quote lines: %w", err)
	}
	return nil
}
