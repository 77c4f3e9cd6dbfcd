package buyers

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EndOfMonth is the closing or payment day that means the month's last day
// (末日): 31 is stored, whatever the month's length.
const EndOfMonth = 31

// ClosingDays are the closing days (締め日) a buyer may have, in the order
// a form offers them.
func ClosingDays() []int { return []int{5, 10, 15, 20, 25, EndOfMonth} }

// ClosingDayLabel is the Japanese name of a closing day: 「20日」, 「末日」.
func ClosingDayLabel(day int) string {
	if day == EndOfMonth {
		return "末日"
	}
	return fmt.Sprintf("%d日", day)
}

func validClosingDay(day int) bool { return slices.Contains(ClosingDays(), day) }

// MaxPaymentMonthOffset bounds payment terms: 3 months after closing is the
// longest site (支払サイト) a seller is expected to grant.
const MaxPaymentMonthOffset = 3

// PaymentTerms say when an invoice closed on the closing day is paid: in
// the month MonthOffset months after the closing month, on Day (31 = the
// month's last day; 29 and 30 also become the last day of a shorter month).
// 翌月末払い is {1, 31}; 翌々月10日払い is {2, 10}.
type PaymentTerms struct {
	MonthOffset int
	Day         int
}

// Label is the Japanese name of the terms: 「翌月末払い」, 「当月25日払い」.
func (p PaymentTerms) Label() string {
	month := map[int]string{0: "当月", 1: "翌月", 2: "翌々月", 3: "3か月後の"}[p.MonthOffset]
	if month == "" {
		month = fmt.Sprintf("%dか月後の", p.MonthOffset)
	}
	if p.Day == EndOfMonth {
		return month + "末払い"
	}
	return fmt.Sprintf("%s%d日払い", month, p.Day)
}

// problem returns a Japanese message when the terms cannot be used with
// closing day closing, and "" when they can.
func (p PaymentTerms) problem(closing int) string {
	switch {
	case p.MonthOffset < 0 || p.MonthOffset > MaxPaymentMonthOffset:
		return "支払月は当月・翌月・翌々月・3か月後から選んでください"
	case p.Day < 1 || p.Day > EndOfMonth:
		return "支払日は1〜30日または末日で指定してください"
	case p.MonthOffset == 0 && validClosingDay(closing) && p.Day < closing:
		return "当月払いの支払日は締め日以降にしてください"
	}
	return ""
}

// DueDate is the payment date of an invoice closed on closing (a civil
// date; hours are ignored), in closing's location.
func (p PaymentTerms) DueDate(closing time.Time) time.Time {
	y, m, _ := closing.Date()
	return dayOfMonth(y, m+time.Month(p.MonthOffset), p.Day, closing.Location())
}

// NextClosing is the first closing date on or after d for closing day
// day: with 20日締め, 4月20日 closes on 4月20日 and 4月21日 on 5月20日.
func NextClosing(day int, d time.Time) time.Time {
	y, m, dd := d.Date()
	c := dayOfMonth(y, m, day, d.Location())
	if dd > c.Day() {
		c = dayOfMonth(y, m+1, day, d.Location())
	}
	return c
}

// dayOfMonth is day of month m (normalised, so 13 is next January),
// clamped to the month's last day.
func dayOfMonth(y int, m time.Month, day int, loc *time.Location) time.Time {
	first := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(day, last)-1)
}

// Payment methods (支払方法). The values are stored and used by the API.
// Billing reads them: invoice and account buyers are invoiced (per order or
// monthly by closing day, per the seller's billing setting) and count
// against the credit limit; cod buyers pay the carrier on delivery.
const (
	PaymentInvoice = "invoice" // 請求書払い (the default)
	PaymentAccount = "account" // 掛売り
	PaymentCOD     = "cod"     // 代金引換
)

// PaymentMethods lists the methods in the order a form offers them.
func PaymentMethods() []string { return []string{PaymentInvoice, PaymentAccount, PaymentCOD} }

// PaymentMethodLabel is the Japanese name of a payment method.
func PaymentMethodLabel(m string) string {
	switch m {
	case PaymentInvoice:
		return "請求書払い"
	case PaymentAccount:
		return "掛売り"
	case PaymentCOD:
		return "代金引換"
	}
	return m
}

// Buyer statuses. The values are stored and used by the API.
const (
	StatusActive    = "active"    // 有効
	StatusSuspended = "suspended" // 停止: the company's users cannot sign in or order
)

// StatusLabel is the Japanese name of a buyer status.
func StatusLabel(s string) string {
	switch s {
	case StatusActive:
		return "有効"
	case StatusSuspended:
		return "停止"
	}
	return s
}

// ParseClosingDay reads a closing day as people write it in a CSV cell or
// an API call: 20, 20日, ２０日, 31, 末, 末日. ok is false for anything else.
func ParseClosingDay(s string) (day int, ok bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(Fold(s), "締め"), "締")
	if s == "末" || s == "末日" {
		return EndOfMonth, true
	}
	day, err := strconv.Atoi(strings.TrimSuffix(s, "日"))
	return day, err == nil && validClosingDay(day)
}

var termsRE = regexp.MustCompile(`^(当月|翌月|翌々月|([0-3])か月後の?)(末|([0-9]{1,2})日)(払い)?$`)

// ParsePaymentTerms reads terms written as Label writes them (翌月末払い,
// 翌々月10日払い, 当月25日; 払い may be left out). ok is false for anything
// else, including days outside 1–31.
func ParsePaymentTerms(s string) (PaymentTerms, bool) {
	m := termsRE.FindStringSubmatch(Fold(s))
	if m == nil {
		return PaymentTerms{}, false
	}
	p := PaymentTerms{Day: EndOfMonth}
	switch m[1] {
	case "当月":
	case "翌月":
		p.MonthOffset = 1
	case "翌々月":
		p.MonthOffset = 2
	default:
		p.MonthOffset, _ = strconv.Atoi(m[2])
	}
	if m[4] != "" {
		p.Day, _ = strconv.Atoi(m[4])
	}
	return p, p.Day >= 1 && p.Day <= EndOfMonth
}

// ParsePaymentMethod reads a payment method by value (invoice) or label
// (請求書払い).
func ParsePaymentMethod(s string) (string, bool) {
	s = Fold(s)
	for _, m := range PaymentMethods() {
		if s == m || s == PaymentMethodLabel(m) {
			return m, true
		}
	}
	return "", false
}
