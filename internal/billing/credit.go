package billing

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// A credit note (返還請求書, 適格返還請求書) records money given back to a
// buyer after a sale: a return (返品) or a discount (値引き). Unless the
// amount is under ¥10,000 tax included the seller must hand one over, with
// the qualified-invoice items: issuer and registration number, date,
// per-rate amounts and the tax once per rate.
//
// A credit note lowers what the buyer owes at once (Balance.Credited). In
// the next monthly closing it is part of ご入金額 (入金額 is what brought
// the previous 今回請求額 down to what is owed now: payments, bank fees
// and credit notes), so 繰越金額 is lower by its total; it is not a line of
// that invoice. It names the invoice it corrects when there is one, but is
// not applied to that invoice's own payment status.

// Audit action and target of credit notes.
const (
	ActionCreditNoteIssue = "返還請求書（発行）"
	TargetCreditNote      = "credit_note"
)

// Limits of a credit note.
const (
	MaxCreditLines     = 100
	MaxCreditReasonLen = 200
	MaxCreditDescLen   = 100
	// CreditNoteThreshold: returns and discounts under this amount (tax
	// included) need no 返還請求書 (the small-amount exemption); one may
	// still be issued.
	CreditNoteThreshold oroshi.Yen = 10000
)

// CreditNote is an issued 返還請求書. Amounts are positive: what is given
// back.
type CreditNote struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	Number      string // R-2026-000001
	BuyerID     oroshi.ID
	BuyerCode   string
	BuyerName   string
	InvoiceID   oroshi.ID // the invoice it corrects; 0 when none
	Date        pricing.Date
	Reason      string // 返品・値引きの理由
	TaxRounding pricing.Rounding
	Lines       []CreditLine // filled by CreditNote, not by lists
	ByRate      []RateTotal
	Subtotal    oroshi.Yen // tax excluded
	Tax         oroshi.Yen
	Total       oroshi.Yen // Subtotal + Tax
	CreatedBy   oroshi.ID
	CreatedAt   time.Time
	// DocumentProblem, set by CreateCreditNote only, says why its PDF was
	// not issued ("" when it was or no issuer is wired).
	DocumentProblem string
}

// CreditLine is one item given back: what, its amount without tax, rate.
type CreditLine struct {
	No          int
	Description string
	Amount      oroshi.Yen // tax excluded, positive
	TaxRate     int        // 10 or 8
}

// Reduced tells whether the line is at the reduced rate (marked ※).
func (l CreditLine) Reduced() bool { return l.TaxRate == sales.TaxReduced }

// CreditNoteInput is a credit note as entered.
type CreditNoteInput struct {
	BuyerID   oroshi.ID
	InvoiceID oroshi.ID
	Date      pricing.Date // zero: today
	Reason    string
	Lines     []CreditLine
}

// CreditFilter selects credit notes, newest first.
type CreditFilter struct {
	BuyerID oroshi.ID
	From    pricing.Date // credit date, inclusive; zero: open
	To      pricing.Date
	AfterID oroshi.ID // keyset: older than this one (by ID descending)
	Limit   int
}

// CreditStore is what credit notes need from the database.
type CreditStore interface {
	// InsertCreditNote numbers and stores cn with its lines and records ev
	// (target: the credit note) in one transaction.
	InsertCreditNote(ctx context.Context, cn CreditNote, ev audit.Event) (CreditNote, error)
	CreditNote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (CreditNote, error) // with lines
	CreditNotes(ctx context.Context, t oroshi.TenantID, f CreditFilter) ([]CreditNote, error)
}

// DocumentIssuer makes the PDFs of invoices and credit notes (package
// documents, which imports billing: hence this interface).
type DocumentIssuer interface {
	IssueInvoiceDocument(ctx context.Context, t oroshi.TenantID, invoiceID oroshi.ID, actor audit.Actor) error
	IssueCreditNoteDocument(ctx context.Context, t oroshi.TenantID, creditNoteID oroshi.ID, actor audit.Actor) error
}

// CreditTotals numbers the lines and computes the per-rate amounts with
// the tax once per rate on the rate's total, rounded r.
func CreditTotals(cn CreditNote, r pricing.Rounding) CreditNote {
	sums := map[int]oroshi.Yen{}
	for i := range cn.Lines {
		cn.Lines[i].No = i + 1
		sums[cn.Lines[i].TaxRate] += cn.Lines[i].Amount
	}
	cn.TaxRounding, cn.ByRate, cn.Subtotal, cn.Tax = r, nil, 0, 0
	for _, rate := range []int{sales.TaxStandard, sales.TaxReduced} {
		sub, ok := sums[rate]
		if !ok {
			continue
		}
		tax := sales.RoundTax(sub, rate, r)
		cn.ByRate = append(cn.ByRate, RateTotal{Rate: rate, Subtotal: sub, Tax: tax})
		cn.Subtotal += sub
		cn.Tax += tax
	}
	cn.Total = cn.Subtotal + cn.Tax
	return cn
}
