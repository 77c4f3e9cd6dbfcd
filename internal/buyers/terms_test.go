package buyers

import (
	"testing"
	"time"
)

func TestPaymentTermsLabel(t *testing.T) {
	tests := []struct {
		p    PaymentTerms
		want string
	}{
		{PaymentTerms{1, 31}, "翌月末払い"},
		{PaymentTerms{2, 10}, "翌々月10日払い"},
		{PaymentTerms{0, 25}, "当月25日払い"},
		{PaymentTerms{0, 31}, "当月末払い"},
		{PaymentTerms{3, 31}, "3か月後の末払い"},
	}
	for _, tt := range tests {
		if got := tt.p.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestClosingDayLabel(t *testing.T) {
	if got := ClosingDayLabel(31); got != "末日" {
		t.Errorf("ClosingDayLabel(31) = %q", got)
	}
	if got := ClosingDayLabel(20); got != "20日" {
		t.Errorf("ClosingDayLabel(20) = %q", got)
	}
	for _, d := range ClosingDays() {
		if !validClosingDay(d) {
			t.Errorf("closing day %d not valid", d)
		}
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDueDate(t *testing.T) {
	tests := []struct {
		p       PaymentTerms
		closing time.Time
		want    time.Time
	}{
		{PaymentTerms{1, 31}, date(2026, 1, 31), date(2026, 2, 28)},
		{PaymentTerms{1, 31}, date(2028, 1, 31), date(2028, 2, 29)},
		{PaymentTerms{2, 10}, date(2026, 11, 20), date(2027, 1, 10)},
		{PaymentTerms{1, 30}, date(2026, 1, 20), date(2026, 2, 28)},
		{PaymentTerms{0, 31}, date(2026, 4, 15), date(2026, 4, 30)},
		{PaymentTerms{3, 31}, date(2026, 12, 31), date(2027, 3, 31)},
	}
	for _, tt := range tests {
		if got := tt.p.DueDate(tt.closing); !got.Equal(tt.want) {
			t.Errorf("%s from %s = %s, want %s", tt.p.Label(), tt.closing.Format(time.DateOnly),
				got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestNextClosing(t *testing.T) {
	tests := []struct {
		day  int
		d    time.Time
		want time.Time
	}{
		{20, date(2026, 4, 20), date(2026, 4, 20)},
		{20, date(2026, 4, 21), date(2026, 5, 20)},
		{31, date(2026, 2, 1), date(2026, 2, 28)},
		{31, date(2026, 4, 30), date(2026, 4, 30)},
		{25, date(2026, 12, 26), date(2027, 1, 25)},
		{5, date(2026, 1, 5), date(2026, 1, 5)},
	}
	for _, tt := range tests {
		if got := NextClosing(tt.day, tt.d); !got.Equal(tt.want) {
			t.Errorf("NextClosing(%d, %s) = %s, want %s", tt.day, tt.d.Format(time.DateOnly),
				got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestLabels(t *testing.T) {
	for _, m := range PaymentMethods() {
		if PaymentMethodLabel(m) == m {
			t.Errorf("payment method %s has no label", m)
		}
	}
	if PaymentMethodLabel(PaymentInvoice) != "請求書払い" || PaymentMethodLabel(PaymentAccount) != "掛売り" {
		t.Error("payment method labels")
	}
	if StatusLabel(StatusActive) != "有効" || StatusLabel(StatusSuspended) != "停止" {
		t.Error("status labels")
	}
}

func TestParseClosingDay(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"20", 20, true}, {"20日", 20, true}, {"２０日", 20, true}, {"末日", 31, true}, {"末", 31, true},
		{"31", 31, true}, {"末日締め", 31, true}, {"12日", 0, false}, {"", 0, false}, {"月末", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseClosingDay(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseClosingDay(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParsePaymentTerms(t *testing.T) {
	tests := []struct {
		in   string
		want PaymentTerms
		ok   bool
	}{
		{"翌月末払い", PaymentTerms{1, 31}, true},
		{"翌々月10日払い", PaymentTerms{2, 10}, true},
		{"当月２５日", PaymentTerms{0, 25}, true},
		{"3か月後の末払い", PaymentTerms{3, 31}, true},
		{"翌月32日払い", PaymentTerms{}, false},
		{"翌月0日払い", PaymentTerms{}, false},
		{"来月末", PaymentTerms{}, false},
	}
	for _, tt := range tests {
		got, ok := ParsePaymentTerms(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParsePaymentTerms(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, p := range []PaymentTerms{{0, 31}, {1, 31}, {2, 10}, {3, 5}} {
		if got, ok := ParsePaymentTerms(p.Label()); !ok || got != p {
			t.Errorf("round trip of %s: %+v, %v", p.Label(), got, ok)
		}
	}
}

func TestParsePaymentMethod(t *testing.T) {
	for in, want := range map[string]string{"invoice": PaymentInvoice, "掛売り": PaymentAccount, " 代金引換 ": PaymentCOD} {
		if got, ok := ParsePaymentMethod(in); !ok || got != want {
			t.Errorf("ParsePaymentMethod(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParsePaymentMethod("現金"); ok {
		t.Error("unknown method accepted")
	}
}
