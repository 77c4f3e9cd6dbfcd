package billing

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// RecordPayment records money received for an invoice: full, partial or
// one of several; a bank fee counts as paid. A payment above the invoice's
// balance is refused unless p.Overpayment says the excess is 前受金.
func (s *Service) RecordPayment(ctx context.Context, t oroshi.TenantID, p Payment, actor audit.Actor) (Payment, error) {
	if err := checkPayment(&p, s.Today()); err != nil {
		return Payment{}, err
	}
	iv, err := s.Store.Invoice(ctx, t, p.InvoiceID)
	if err != nil {
		return Payment{}, fmt.Errorf("payment for invoice %s: %w", p.InvoiceID, err)
	}
	if !p.Overpayment && p.Applied() > iv.Balance() {
		return Payment{}, overpaymentError(max(iv.Balance(), 0))
	}
	p.Tenant, p.BuyerID, p.CreatedBy = t, iv.BuyerID, actor.ID
	ev := event(actor, t, ActionPaymentRecord, TargetPayment, 0)
	ev.Detail = map[string]any{"invoice": iv.Number, "buyer_id": iv.BuyerID.String(), "received_on": p.ReceivedOn.String(),
		"amount": int64(p.Amount), "fee": int64(p.Fee), "overpayment": p.Overpayment, "method": p.Method.Label(),
		"note": p.Note}
	out, err := s.Store.RecordPayment(ctx, t, p, ev)
	if isOverpayment(err) {
		// Another payment came in meanwhile: say so with today's balance.
		if now, rerr := s.Store.Invoice(ctx, t, p.InvoiceID); rerr == nil {
			return Payment{}, overpaymentError(max(now.Balance(), 0))
		}
	}
	if err != nil {
		return Payment{}, fmt.Errorf("record payment for invoice %s: %w", iv.Number, err)
	}
	return out, nil
}

// CancelPayment takes a payment back (入金取消) with a reason; the invoice
// owes it again.
func (s *Service) CancelPayment(ctx context.Context, t oroshi.TenantID, id oroshi.ID, reason string, actor audit.Actor) (Payment, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReasonLen {
		return Payment{}, oroshi.Invalid("reason", fmt.Sprintf("取消理由を%d文字以内で入力してください", MaxReasonLen))
	}
	p, err := s.Store.Payment(ctx, t, id)
	if err != nil {
		return Payment{}, fmt.Errorf("payment %s: %w", id, err)
	}
	if p.Cancelled {
		return Payment{}, oroshi.Invalid("reason", "この入金はすでに取り消されています")
	}
	ev := event(actor, t, ActionPaymentCancel, TargetPayment, id)
	ev.Detail = map[string]any{"invoice_id": p.InvoiceID.String(), "amount": int64(p.Amount), "fee": int64(p.Fee),
		"received_on": p.ReceivedOn.String(), "reason": reason}
	out, err := s.Store.CancelPayment(ctx, t, id, reason, ev)
	if err != nil {
		return Payment{}, fmt.Errorf("cancel payment %s: %w", id, err)
	}
	return out, nil
}
