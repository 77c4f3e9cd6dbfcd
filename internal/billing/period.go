package billing

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// ClosingDateOf is the closing date (締め日) of month (y, m) for closing
// day day: 末日 (31) and days past the month's end become its last day, so
// 末日締め closes on 2月28日 (29日 in a leap year).
func ClosingDateOf(y int, m time.Month, day int) pricing.Date {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return pricing.NewDate(first.Year(), first.Month(), min(day, last))
}

// IsClosingDate tells whether d is a closing date for closing day day.
func IsClosingDate(day int, d pricing.Date) bool { return ClosingDateOf(d.Year, d.Month, day) == d }

// PreviousClosing is the closing date before the one on closing (the same
// closing day one month earlier).
func PreviousClosing(day int, closing pricing.Date) pricing.Date {
	return ClosingDateOf(closing.Year, closing.Month-1, day)
}

// Period is the closing period that ends on closing: from the day after
// the previous closing date up to closing, both inclusive (JST dates).
// With 20日締め, closing 2026-03-20 covers 2026-02-21 … 2026-03-20; with
// 末日締め, 2026-03-31 covers 2026-03-01 … 2026-03-31.
func Period(day int, closing pricing.Date) (from, to pricing.Date) {
	return PreviousClosing(day, closing).AddDays(1), closing
}

// DueDate is the payment date of an invoice closed on closing under the
// buyer's payment terms (翌月末払い …).
func DueDate(terms buyers.PaymentTerms, closing pricing.Date) pricing.Date {
	d := terms.DueDate(time.Date(closing.Year, closing.Month, closing.Day, 0, 0, 0, 0, time.UTC))
	return pricing.NewDate(d.Year(), d.Month(), d.Day())
}

// PerOrderDueDate is the payment date of a per-order invoice issued on
// issued: it is paid as if closed on the buyer's next closing date.
func PerOrderDueDate(day int, terms buyers.PaymentTerms, issued pricing.Date) pricing.Date {
	c := ClosingDateOf(issued.Year, issued.Month, day)
	if issued.Compare(c) > 0 {
		c = ClosingDateOf(issued.Year, issued.Month+1, day)
	}
	return DueDate(terms, c)
}
