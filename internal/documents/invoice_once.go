package documents

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// EnsureInvoiceDocument issues the 請求書 of an invoice that has none yet;
// an invoice with a document keeps it (the job that calls this may run
// twice after a crash, and a re-issue is a person's decision).
func (s *Service) EnsureInvoiceDocument(ctx context.Context, t oroshi.TenantID, invoiceID oroshi.ID, actor audit.Actor) error {
	have, err := s.ForSource(ctx, t, SourceInvoice, invoiceID, 0)
	if err != nil {
		return fmt.Errorf("documents of invoice %s: %w", invoiceID, err)
	}
	if len(have) > 0 {
		return nil
	}
	return s.IssueInvoiceDocument(ctx, t, invoiceID, actor)
}
