package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// InvoiceDocumentQueued reports whether the 請求書 PDF of the invoice is
// still waiting for its job (queued by a closing, not yet worked or being
// retried), so that its page says so instead of "not issued". River's
// table is the platform's, without tenant rows: invoice IDs are unique
// across tenants.
func (s *Store) InvoiceDocumentQueued(ctx context.Context, invoiceID oroshi.ID) (bool, error) {
	var n int
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		return c.row(ctx, `SELECT count(*) FROM river_job WHERE kind = ?
			AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
			AND args ->> 'invoice_id' = ?`, jobargs.InvoiceDocument{}.Kind(), invoiceID.String()).Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("invoice document job of %s: %w", invoiceID, s.translate(err))
	}
	return n > 0, nil
}
