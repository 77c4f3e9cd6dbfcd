package billing

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Limits of a payment.
const (
	MaxNoteLen   = 200
	MaxReasonLen = 200
	MaxAmount    = pricing.MaxYen
)

// Payment is money received for an invoice (入金). A bank fee (振込手数料)
// the buyer deducted is accepted as a discount: it counts toward the
// invoice like money received.
type Payment struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	InvoiceID   oroshi.ID
	BuyerID     oroshi.ID // filled by the store
	ReceivedOn  pricing.Date
	Amount      oroshi.Yen    // received
	Fee         oroshi.Yen    // 振込手数料, borne by the seller
	Overpayment bool          // explicitly accepted beyond the balance (前受金)
	Method      PaymentMethod // 入金方法; empty is taken as a transfer
	Note        string
	Cancelled   bool
	CancelledAt time.Time
	CancelNote  string
	CreatedBy   oroshi.ID
	CreatedAt   time.Time
}

// Applied is what the payment takes off the invoice: money and fee.
func (p Payment) Applied() oroshi.Yen { return p.Amount + p.Fee }

// ErrOverpayment: the payment is larger than the invoice's balance and was
// not marked as an overpayment. It matches oroshi.ErrConflict.
var ErrOverpayment = fmt.Errorf("payment exceeds the invoice balance: %w", oroshi.ErrConflict)

// ErrAlreadyClosed: the buyer was already closed for that date.
var ErrAlreadyClosed = fmt.Errorf("already closed: %w", oroshi.ErrConflict)

// ErrPaymentCancelled: the payment was cancelled before.
var ErrPaymentCancelled = fmt.Errorf("payment already cancelled: %w", oroshi.ErrConflict)

// checkPayment validates a payment's own fields against today.
func checkPayment(p *Payment, today pricing.Date) error {
	v := &oroshi.ValidationError{}
	p.Note = strings.TrimSpace(p.Note)
	switch {
	case p.ReceivedOn.IsZero():
		v.Add("received_on", "入金日を入力してください")
	case !p.ReceivedOn.Valid():
		v.Add("received_on", "入金日が正しくありません")
	case p.ReceivedOn.Compare(today) > 0:
		v.Add("received_on", "入金日に未来の日付は指定できません")
	}
	if p.Amount < 0 || p.Amount > MaxAmount {
		v.Add("amount", "入金額は0円以上で入力してください")
	}
	if p.Fee < 0 || p.Fee > MaxAmount {
		v.Add("fee", "振込手数料は0円以上で入力してください")
	}
	if p.Amount >= 0 && p.Fee >= 0 && p.Applied() == 0 {
		v.Add("amount", "入金額または振込手数料を入力してください")
	}
	checkMethod(p, v)
	if utf8.RuneCountInString(p.Note) > MaxNoteLen {
		v.Add("note", fmt.Sprintf("備考は%d文字以内で入力してください", MaxNoteLen))
	}
	return v.Err()
}

// overpaymentError is the Japanese refusal of a payment over the balance.
func overpaymentError(balance oroshi.Yen) error {
	return oroshi.Invalid("amount", fmt.Sprintf(
		"入金額（振込手数料を含む）が請求残高（%s円）を超えています。超過分を前受金とする場合は「過入金（前受金）として登録」を選んでください",
		groupDigits(int64(balance))))
}

// groupDigits writes n with thousands separators: 1,234,567.
func groupDigits(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// isOverpayment tells a store's overpayment refusal apart.
func isOverpayment(err error) bool { return errors.Is(err, ErrOverpayment) }
