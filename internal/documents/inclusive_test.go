package documents

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// TestInclusiveReconciles checks the identity 内税 rests on: the tax
// computed once on a rate's included total (subtotal + its tax) is the tax
// of the subtotal again, for both rates, every rounding and every
// subtotal in a wide range (negative ones too: credits).
func TestInclusiveReconciles(t *testing.T) {
	for _, rate := range []int{sales.TaxStandard, sales.TaxReduced} {
		for _, r := range pricing.Roundings {
			for s := oroshi.Yen(-5000); s <= 200000; s++ {
				tax := sales.RoundTax(s, rate, r)
				if got := IncludedTax(s+tax, rate, r); got != tax {
					t.Fatalf("rate %d %s: subtotal %d tax %d, included tax of %d = %d", rate, r, s, tax, s+tax, got)
				}
			}
		}
	}
}

// TestComputeDisplaysBillTheSame: whatever the display, a document bills
// the same total and tax; 内税 rate totals are subtotal + tax.
func TestComputeDisplaysBillTheSame(t *testing.T) {
	for _, c := range []struct {
		name          string
		items         []Item
		r             pricing.Rounding
		base10, tax10 oroshi.Yen // 内税 figures
		base8, tax8   oroshi.Yen
		line0         LineAmount // 内税 first line, for information
	}{
		{"three ¥105 floor", []Item{{10, 1, 105}, {10, 1, 105}, {10, 1, 105}}, pricing.RoundFloor, 346, 31, 0, 0, LineAmount{115, 115}},
		{"three ¥105 half-up", []Item{{10, 1, 105}, {10, 1, 105}, {10, 1, 105}}, pricing.RoundHalfUp, 347, 32, 0, 0, LineAmount{116, 116}},
		{"mixed ceil", []Item{{10, 7, 333}, {8, 3, 1985}}, pricing.RoundCeil, 2331 + 234, 234, 5955 + 477, 477, LineAmount{367, 2565}},
		{"reduced only", []Item{{8, 1, 99}, {8, 1, 99}}, pricing.RoundFloor, 0, 0, 198 + 15, 15, LineAmount{106, 106}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ex, err := Compute(c.items, c.r, TaxExclusive)
			if err != nil {
				t.Fatal(err)
			}
			in, err := Compute(c.items, c.r, TaxInclusive)
			if err != nil {
				t.Fatal(err)
			}
			if in.Total != ex.Total || in.Tax != ex.Tax {
				t.Errorf("内税 bills %d (tax %d), 外税 %d (tax %d)", in.Total, in.Tax, ex.Total, ex.Tax)
			}
			want := map[int][2]oroshi.Yen{10: {c.base10, c.tax10}, 8: {c.base8, c.tax8}}
			var sum oroshi.Yen
			for i, r := range in.ByRate {
				if got := [2]oroshi.Yen{r.Base, r.Tax}; got != want[r.Rate] {
					t.Errorf("%d%%: %v, want %v", r.Rate, got, want[r.Rate])
				}
				if r.Base != ex.ByRate[i].Base+ex.ByRate[i].Tax {
					t.Errorf("%d%%: included %d ≠ %d + %d", r.Rate, r.Base, ex.ByRate[i].Base, ex.ByRate[i].Tax)
				}
				sum += r.Base
			}
			if sum != in.Total || in.Lines[0] != c.line0 {
				t.Errorf("rate totals %d, total %d, line %+v", sum, in.Total, in.Lines[0])
			}
		})
	}
}

// testInvoice is a monthly invoice built by billing's own rules: three
// ¥105 deliveries at 10 % on three slips and a reduced-rate line.
func testInvoice(t *testing.T, m billing.Method) billing.Invoice {
	t.Helper()
	var lines []billing.Line
	for i := 1; i <= 3; i++ {
		lines = append(lines, billing.Line{ShippedOn: pricing.NewDate(2026, 4, 10*i), ShipmentID: oroshi.ID(i),
			SlipNo: "O-2026-00000" + itoa(i) + "-1", Name: "業務用ラップ 30cm", Unit: "本", Quantity: 1, UnitPrice: 105, Amount: 105, TaxRate: 10})
	}
	lines = append(lines, billing.Line{ShippedOn: pricing.NewDate(2026, 4, 30), ShipmentID: 3, SlipNo: "O-2026-000003-1",
		Name: "本枯れ鰹節 500g", Unit: "袋", Quantity: 2, UnitPrice: 1985, Amount: 3970, TaxRate: 8})
	iv := billing.Invoice{Number: "B-2026-000042", Kind: billing.ModeMonthly, Method: m, BuyerName: "株式会社見本商事",
		ClosingDate: pricing.NewDate(2026, 4, 30), PeriodFrom: pricing.NewDate(2026, 4, 1), PeriodTo: pricing.NewDate(2026, 4, 30),
		IssueDate: pricing.NewDate(2026, 5, 1), DueDate: pricing.NewDate(2026, 5, 31), TaxRounding: pricing.RoundFloor, Lines: lines}
	iv, err := billing.Build(iv, 20000, 5000) // 前回 ¥20,000, ¥15,000 received, ¥5,000 carried
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

// TestInvoiceSheetInclusive: the 請求書 honours the tax display and bills
// the same 今回請求額 either way; per-rate totals and taxes are printed.
func TestInvoiceSheetInclusive(t *testing.T) {
	for _, c := range []struct {
		method      billing.Method
		d           TaxDisplay
		want, unwan []string
	}{
		// Detailed: 315 → tax 31, 3,970 → 317; total 5,000 + 4,285 + 348 = 9,633.
		{billing.MethodDetailed, TaxExclusive, []string{"単価（税抜）", "10%対象 小計=¥315", "消費税（10%）=¥31",
			"8%対象 小計=¥3,970", "消費税（8%）=¥317", "今回売上額=¥4,285", "消費税額=¥348", "今回ご請求額=¥9,633"}, []string{"うち"}},
		{billing.MethodDetailed, TaxInclusive, []string{"単価（税込）", "金額（税込）", "10%対象（税込）=¥346", "うち消費税（10%）=¥31",
			"8%対象（税込）=¥4,287", "うち消費税（8%）=¥317", "今回売上額（税込）=¥4,633", "うち消費税額=¥348", "今回ご請求額=¥9,633",
			"内税表示について"}, []string{"税抜"}},
		// Slips: 10 % tax is 3 × ¥10 = ¥30 (kept as the slips' sum), 8 % ¥317.
		{billing.MethodSlips, TaxInclusive, []string{"10%対象（税込）=¥345", "うち消費税（10%）=¥30", "8%対象（税込）=¥4,287",
			"今回ご請求額=¥9,632", SlipsNote}, nil},
	} {
		iv := testInvoice(t, c.method)
		l := validLayout()
		l.TaxDisplay = c.d
		sh := invoiceSheet(sheetInput{Recipient: iv.BuyerName, Layout: l, Version: 1}, iv)
		text := sheetText(sh)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %s: lacks %q in\n%s", c.method, c.d, w, text)
			}
		}
		for _, w := range c.unwan {
			if strings.Contains(text, w) {
				t.Errorf("%s %s: shows %q in\n%s", c.method, c.d, w, text)
			}
		}
	}
}

// sheetText flattens a sheet's fields (label=value), rows and notes.
func sheetText(sh Sheet) string {
	var b strings.Builder
	for _, fs := range [][]Field{sh.Headline, sh.Meta, sh.Totals, sh.TaxSummary} {
		for _, f := range fs {
			b.WriteString(f.Label + "=" + f.Value + "\n")
		}
	}
	for _, c := range sh.Columns {
		b.WriteString(c.Title + "|")
	}
	for _, r := range sh.Rows {
		b.WriteString("\n" + strings.Join(r, "|"))
	}
	for _, n := range sh.Notes {
		b.WriteString("\n" + n.Title + ":" + n.Text)
	}
	return b.String()
}

// TestInclusiveInvoicePDF renders a 内税 請求書 and a 内税 返還請求書 through
// the real engine and reads them back with pdftotext.
func TestInclusiveInvoicePDF(t *testing.T) {
	r := PDF{Engine: pdftest.Engine(t)}
	l := validLayout()
	l.TaxDisplay, l.BankAccount = TaxInclusive, "三井住友銀行 梅田支店 普通 1234567"
	iv := testInvoice(t, billing.MethodDetailed)
	b, err := r.Render(invoiceSheet(sheetInput{Recipient: iv.BuyerName, Layout: l, Version: 1}, iv))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(pdftest.Text(t, b)), "")
	for _, want := range []string{"請求書", "株式会社見本商事御中", "登録番号T7000012050002", "単価（税込）", "金額（税込）",
		"本枯れ鰹節500g※", "10%対象（税込）", "¥346", "うち消費税（10%）", "¥31", "8%対象（税込）", "¥4,287",
		"うち消費税（8%）", "¥317", "今回売上額（税込）", "¥4,633", "うち消費税額", "¥348", "今回ご請求額", "¥9,633",
		"前回請求額", "¥20,000", "繰越金額", "¥5,000", "内税表示について", "※は軽減税率（8%）対象商品です。"} {
		if !strings.Contains(flat, want) {
			t.Errorf("内税 請求書 PDF lacks %q:\n%s", want, flat)
		}
	}
	cn := billing.CreditNote{Number: "R-2026-000001", BuyerName: "株式会社見本商事", Date: pricing.NewDate(2026, 5, 2),
		Reason: "破損による返品", TaxRounding: pricing.RoundFloor,
		Lines:  []billing.CreditLine{{No: 1, Description: "本枯れ鰹節 500g", Amount: 1985, TaxRate: 8}},
		ByRate: []billing.RateTotal{{Rate: 8, Subtotal: 1985, Tax: 158}}, Subtotal: 1985, Tax: 158, Total: 2143}
	b, err = r.Render(creditSheet(sheetInput{Recipient: cn.BuyerName, Layout: l, Version: 1}, cn, iv.Number))
	if err != nil {
		t.Fatal(err)
	}
	flat = strings.Join(strings.Fields(pdftest.Text(t, b)), "")
	for _, want := range []string{"返還請求書", "金額（税込）", "2,143", "8%対象（税込）", "うち消費税（8%）", "¥158",
		"返還額合計（税込）", "¥2,143", "B-2026-000042"} {
		if !strings.Contains(flat, want) {
			t.Errorf("内税 返還請求書 PDF lacks %q:\n%s", want, flat)
		}
	}
}
