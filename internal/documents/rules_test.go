package documents

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestRegistrationNumber(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		// Published 法人番号: 国税庁, トヨタ自動車, and the worked examples of
		// the check-digit formula (4011001098993, 2120901007402, 7123456789012).
		{"T7000012050002", "T7000012050002", true},
		{"T1180301018771", "T1180301018771", true},
		{"T4011001098993", "T4011001098993", true},
		{"T2120901007402", "T2120901007402", true},
		{"T7123456789012", "T7123456789012", true},
		{"ｔ７０００－０１２０５０００２", "T7000012050002", true}, // full width, lower case, hyphen folded
		{"", "", true},                 // not registered
		{"T7000012050003", "", false},  // base changed: check digit no longer matches
		{"T8000012050002", "", false},  // wrong check digit
		{"7000012050002", "", false},   // no T
		{"T700001205000", "", false},   // 12 digits
		{"T70000120500021", "", false}, // 14 digits
		{"T70000120500A2", "", false},  // a letter
	} {
		got, msg := RegistrationNumber(c.in)
		if got != c.want || (msg == "") != c.ok {
			t.Errorf("RegistrationNumber(%q) = %q, %q; want %q ok=%v", c.in, got, msg, c.want, c.ok)
		}
		if !c.ok && !strings.Contains(msg, "登録番号") {
			t.Errorf("RegistrationNumber(%q): message %q does not name the field", c.in, msg)
		}
	}
	if CheckDigit("000012050002") != 7 || CheckDigit("12345") != -1 {
		t.Error("CheckDigit")
	}
}

func yen(n int64) *oroshi.Yen { y := oroshi.Yen(n); return &y }

func TestComputeExclusiveOncePerRate(t *testing.T) {
	// Three ¥105 lines at 10 %: ¥315 → tax ¥31 once per rate; per line it
	// would be 3 × ¥10 = ¥30. Two ¥1,980 × 1 at 8 %: ¥3,960 → ¥316 (per
	// line 2 × ¥158 = ¥316; with ¥1,985: ¥3,970 → ¥317, per line ¥316).
	items := []Item{{10, 1, 105}, {10, 1, 105}, {10, 1, 105}, {8, 1, 1985}, {8, 1, 1985}}
	for _, c := range []struct {
		r              pricing.Rounding
		tax10, tax8, t oroshi.Yen
	}{
		{pricing.RoundFloor, 31, 317, 315 + 3970 + 31 + 317},
		{pricing.RoundHalfUp, 32, 318, 315 + 3970 + 32 + 318}, // 31.5 → 32; 317.6 → 318
		{pricing.RoundCeil, 32, 318, 315 + 3970 + 32 + 318},
	} {
		a, err := Compute(items, c.r, TaxExclusive)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.ByRate) != 2 || a.ByRate[0].Rate != 10 || a.ByRate[0].Base != 315 || a.ByRate[0].Tax != c.tax10 ||
			a.ByRate[1].Base != 3970 || a.ByRate[1].Tax != c.tax8 || a.Total != c.t {
			t.Errorf("%s: %+v", c.r, a)
		}
		if a.Lines[0].Amount != 105 || a.Lines[0].UnitPrice != 105 {
			t.Errorf("%s: line %+v", c.r, a.Lines[0])
		}
	}
}

func TestComputeInclusive(t *testing.T) {
	// 内税 shows the same money: ¥105 × 3 lines at 10 % is ¥315 + ¥31 (once
	// per rate) = ¥346 tax included, and the tax back-computed once on
	// ¥346 is ¥31 again (31.45 floored). The lines show ¥115 each for
	// information (105 + 10.5 floored); 3 × ¥115 = ¥345 would bill a yen
	// less than the order.
	a, err := Compute([]Item{{10, 1, 105}, {10, 1, 105}, {10, 1, 105}}, pricing.RoundFloor, TaxInclusive)
	if err != nil {
		t.Fatal(err)
	}
	if a.Lines[0].UnitPrice != 115 || a.Lines[0].Amount != 115 || a.ByRate[0].Base != 346 || a.ByRate[0].Tax != 31 ||
		a.Total != 346 || a.Tax != 31 {
		t.Errorf("inclusive: %+v", a)
	}
	// 8 %: ¥1,000 × 3 → ¥3,000 + ¥240 = ¥3,240, tax 3,240 × 8 / 108 = ¥240 exactly.
	a, err = Compute([]Item{{8, 3, 1000}}, pricing.RoundCeil, TaxInclusive)
	if err != nil || a.ByRate[0].Base != 3240 || a.ByRate[0].Tax != 240 || a.Lines[0].UnitPrice != 1080 {
		t.Errorf("inclusive 8%%: %+v %v", a, err)
	}
	for _, c := range []struct {
		total oroshi.Yen
		r     pricing.Rounding
		want  oroshi.Yen
	}{
		{345, pricing.RoundFloor, 31}, {345, pricing.RoundHalfUp, 31}, {345, pricing.RoundCeil, 32},
		{1100, pricing.RoundCeil, 100}, {-345, pricing.RoundFloor, -31}, {0, pricing.RoundCeil, 0},
	} {
		if got := IncludedTax(c.total, 10, c.r); got != c.want {
			t.Errorf("IncludedTax(%d, 10, %s) = %d, want %d", c.total, c.r, got, c.want)
		}
	}
	if _, err := Compute(nil, pricing.RoundFloor, "x"); err == nil {
		t.Error("unknown display accepted")
	}
	if _, err := Compute([]Item{{5, 1, 1}}, pricing.RoundFloor, TaxInclusive); err == nil {
		t.Error("unknown rate accepted")
	}
}

func validLayout() Layout {
	l := DefaultLayout("さくら食品株式会社")
	l.RegistrationNo = "T7000012050002"
	return l
}

func TestLayoutNormalize(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n rest")
	for _, c := range []struct {
		name  string
		edit  func(*Layout)
		field string
	}{
		{"ok", func(*Layout) {}, ""},
		{"png logo", func(l *Layout) { l.Logo.Data = png }, ""},
		{"jpeg seal", func(l *Layout) { l.Seal.Data = []byte{0xFF, 0xD8, 0xFF, 0xE0, 1} }, ""},
		{"no name", func(l *Layout) { l.CompanyName = "  " }, "company_name"},
		{"bad reg", func(l *Layout) { l.RegistrationNo = "T1234567890123" }, "registration_no"},
		{"gif seal", func(l *Layout) { l.Seal.Data = []byte("GIF89a....") }, "seal"},
		{"text as logo", func(l *Layout) { l.Logo.Data = []byte("<svg></svg>") }, "logo"},
		{"big logo", func(l *Layout) { l.Logo.Data = append(png, make([]byte, MaxImageBytes)...) }, "logo"},
		{"display", func(l *Layout) { l.TaxDisplay = "both" }, "tax_display"},
		{"retention", func(l *Layout) { l.RetentionYears = 5 }, "retention_years"},
		{"greeting", func(l *Layout) { l.Greetings[KindQuote] = strings.Repeat("あ", MaxGreetingLen+1) }, "greeting_quote"},
		{"invoice greeting", func(l *Layout) { l.Greetings[KindInvoice] = strings.Repeat("あ", MaxGreetingLen+1) }, "greeting_invoice"},
	} {
		l := validLayout()
		c.edit(&l)
		err := l.Normalize()
		var ve *oroshi.ValidationError
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (!errors.As(err, &ve) || ve.Fields[c.field] == ""):
			t.Errorf("%s: want a message on %s, got %v", c.name, c.field, err)
		}
	}
	l := validLayout()
	l.Logo.Data = png
	if err := l.Normalize(); err != nil || l.Logo.Type != "image/png" {
		t.Errorf("logo type %q, %v", l.Logo.Type, err)
	}
}

func TestIssuerProblems(t *testing.T) {
	l := validLayout()
	if err := l.IssuerProblems(KindDeliverySlip); err != nil {
		t.Errorf("complete layout: %v", err)
	}
	l.RegistrationNo = ""
	if err := l.IssuerProblems(KindQuote); err != nil {
		t.Errorf("a quote needs no registration number: %v", err)
	}
	if err := l.IssuerProblems(KindDeliverySlip); err == nil || !strings.Contains(err.Error(), "登録番号") {
		t.Errorf("delivery slip without registration number: %v", err)
	}
	l.CompanyName = ""
	if err := l.IssuerProblems(KindQuote); err == nil || !strings.Contains(err.Error(), "会社名") {
		t.Errorf("no company name: %v", err)
	}
}

func TestSheet(t *testing.T) {
	l := validLayout()
	l.ShowJAN, l.ShowCaseQty = true, true
	in := sampleInput(l, pricing.NewDate(2026, 5, 14))
	sh, amt, err := buildSheet(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(sh.Columns) != 9 || len(sh.Rows) != 2 || len(sh.Rows[0]) != 9 {
		t.Fatalf("columns %d rows %v", len(sh.Columns), sh.Rows)
	}
	if !strings.HasSuffix(sh.Rows[1][2], ReducedMark) || strings.HasSuffix(sh.Rows[0][2], ReducedMark) || sh.Legend != Legend {
		t.Errorf("reduced mark: %v legend %q", sh.Rows, sh.Legend)
	}
	if sh.IssuedOn != "2026年5月14日" || sh.Recipient != "株式会社見本商事 御中" {
		t.Errorf("header %q %q", sh.IssuedOn, sh.Recipient)
	}
	// 315 at 10 % → 31; 3,960 at 8 % → 316; total 4,622.
	if amt.Total != 4622 || sh.Headline[0].Value != "¥4,622" {
		t.Errorf("total %d %v", amt.Total, sh.Headline)
	}
	want := []string{"10%対象 小計 ¥315", "消費税（10%） ¥31", "8%対象 小計 ¥3,960", "消費税（8%） ¥316", "合計（税込） ¥4,622"}
	for i, f := range sh.Totals {
		if got := f.Label + " " + f.Value; i >= len(want) || got != want[i] {
			t.Errorf("totals[%d] = %q", i, got)
		}
	}
	if !strings.Contains(strings.Join(sh.Issuer.Lines, "/"), "登録番号 T7000012050002") {
		t.Errorf("issuer %v", sh.Issuer.Lines)
	}
	l.ShowCode, l.ShowJAN, l.ShowCaseQty = false, false, false
	in.Layout = l
	if sh, _, _ = buildSheet(in); len(sh.Columns) != 6 {
		t.Errorf("without optional columns: %d", len(sh.Columns))
	}
}

func TestFilterAndCursor(t *testing.T) {
	k := Key{IssuedAt: time.Date(2026, 5, 14, 3, 4, 5, 123456000, time.UTC), ID: 42}
	got, err := DecodeCursor(EncodeCursor(k))
	if err != nil || got.ID != 42 || !got.IssuedAt.Equal(k.IssuedAt) {
		t.Errorf("cursor round trip: %v %v", got, err)
	}
	for _, f := range []Filter{
		{Kind: "invoice_x"},
		{From: pricing.NewDate(2026, 5, 2), To: pricing.NewDate(2026, 5, 1)},
		{MinTotal: yen(10), MaxTotal: yen(5)},
		{Cursor: "!!"},
	} {
		if f.Check() == nil {
			t.Errorf("%+v accepted", f)
		}
	}
	if err := (Filter{Kind: KindQuote, MinTotal: yen(0), MaxTotal: yen(0)}).Check(); err != nil {
		t.Error(err)
	}
}

// TestInvoiceGreeting: a layout saved before the 請求書 had a greeting gets
// the default one; one saved empty keeps no greeting.
func TestInvoiceGreeting(t *testing.T) {
	if g := DefaultLayout("x").Greetings[KindInvoice]; g != "下記のとおりご請求申し上げます。" {
		t.Errorf("default invoice greeting %q", g)
	}
	l := validLayout()
	delete(l.Greetings, KindInvoice)
	l.Greetings[KindQuote] = ""
	if err := l.Normalize(); err != nil {
		t.Fatal(err)
	}
	if l.Greetings[KindInvoice] != "下記のとおりご請求申し上げます。" || l.Greetings[KindQuote] != "" {
		t.Errorf("greetings after normalize: %q", l.Greetings)
	}
	l.Greetings = nil
	l.fillGreetings()
	for _, k := range GreetingKinds {
		if l.Greetings[k] == "" {
			t.Errorf("no default greeting for %s", k.Label())
		}
	}
}

// TestSampleIsInvoice: the settings preview is a 請求書 with the invoice
// greeting, its own meta and ご請求金額 — nothing of a 納品書.
func TestSampleIsInvoice(t *testing.T) {
	l := validLayout()
	l.Greetings[KindDeliverySlip] = "納品の挨拶"
	l.Greetings[KindInvoice] = "請求の挨拶"
	sh, _, err := buildSheet(sampleInput(l, pricing.NewDate(2026, 12, 14)))
	if err != nil {
		t.Fatal(err)
	}
	if sh.Title != "請求書（見本）" || sh.Greeting != "請求の挨拶" || sh.Headline[0].Label != "ご請求金額（税込）" {
		t.Errorf("title %q greeting %q headline %v", sh.Title, sh.Greeting, sh.Headline)
	}
	var meta []string
	for _, f := range sh.Meta {
		meta = append(meta, f.Label+" "+f.Value)
	}
	want := []string{"請求番号 SAMPLE-0001", "取引期間 2026年12月1日〜2026年12月14日", "お支払期限 2027年1月31日"}
	if strings.Join(meta, "/") != strings.Join(want, "/") {
		t.Errorf("meta %q, want %q", meta, want)
	}
}
