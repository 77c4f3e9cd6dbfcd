package sales

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// CreditChecker tells a buyer's credit exposure: its outstanding invoice
// balance plus its open orders (placed, not cancelled, not yet invoiced).
// The billing store implements it; checkout compares exposure plus the new
// order with the buyer's credit limit (与信限度額).
type CreditChecker interface {
	CreditExposure(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (oroshi.Yen, error)
}

// creditHold returns why an order of total (tax included) for buyer b (as
// read for the order) must wait for the seller's approval, or "" when it
// need not: no checker, no credit limit (0), or exposure plus total within
// the limit. The order is still placed, but in 受付 and never auto-approved.
func (s *Service) creditHold(ctx context.Context, t oroshi.TenantID, b buyers.Buyer, total oroshi.Yen) (string, error) {
	if s.Credit == nil || !b.HasCreditLimit() {
		return "", nil
	}
	exposure, err := s.Credit.CreditExposure(ctx, t, b.ID)
	if err != nil {
		return "", fmt.Errorf("credit check: buyer %s: %w", b.ID, err)
	}
	if !b.CreditExceeded(exposure, total) {
		return "", nil
	}
	return CreditHoldReason(b.CreditLimit, exposure, total), nil
}

// CreditHoldReason is the seller-facing reason of a credit hold.
func CreditHoldReason(limit, exposure, total oroshi.Yen) string {
	return fmt.Sprintf("与信限度額超過：限度額 %d円、未回収・未請求 %d円、今回注文 %d円（合計 %d円）",
		limit, exposure, total, exposure+total)
}
