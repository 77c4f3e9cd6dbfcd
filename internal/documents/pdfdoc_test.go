package documents

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// TestPDFText renders the sample 請求書 and a 納品書-like sheet through the
// real engine and checks the exact Japanese strings with pdftotext.
func TestPDFText(t *testing.T) {
	r := PDF{Engine: pdftest.Engine(t)}
	l := validLayout()
	l.Address, l.Phone, l.BankAccount = "大阪府大阪市北区梅田1-1", "06-1234-5678", "三井住友銀行 梅田支店 普通 1234567"
	l.ShowJAN, l.ShowCaseQty = true, true
	sh, _, err := buildSheet(sampleInput(l, pricing.NewDate(2026, 5, 14)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Render(sh)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"請求書（見本）", "株式会社見本商事御中", "さくら食品株式会社", "登録番号T7000012050002",
		"2026年5月14日", "業務用ラップ30cm", "本枯れ鰹節500g※", "10%対象小計", "¥315", "消費税（10%）", "¥31",
		"8%対象小計", "¥3,960", "消費税（8%）", "¥316", "合計（税込）", "¥4,622", "※は軽減税率（8%）対象商品です。",
		"お振込先", "4900000000002", "下記のとおりご請求申し上げます。", "ご請求金額（税込）", "お支払期限", "取引期間"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "納品いたしました") {
		t.Errorf("the sample 請求書 prints the 納品書 greeting:\n%s", text)
	}
	// 内税: the lines show tax-included amounts and the tax is "included".
	l.TaxDisplay = TaxInclusive
	sh, amt, err := buildSheet(sampleInput(l, pricing.NewDate(2026, 5, 14)))
	if err != nil {
		t.Fatal(err)
	}
	if b, err = r.Render(sh); err != nil {
		t.Fatal(err)
	}
	flat = strings.Join(strings.Fields(pdftest.Text(t, b)), "")
	// ¥315 + ¥31 = ¥346 (うち ¥31); ¥3,960 + ¥316 = ¥4,276 (うち ¥316): the same
	// ¥4,622 as 外税. Lines: 105 + 10 = ¥115, 1,980 + 158 = ¥2,138.
	for _, want := range []string{"単価（税込）", "金額（税込）", "115", "2,138", "10%対象（税込）", "¥346",
		"うち消費税（10%）", "¥31", "¥4,276", "うち消費税（8%）", "¥316", "合計（税込）", "¥4,622", "内税表示について"} {
		if !strings.Contains(flat, want) {
			t.Errorf("inclusive PDF lacks %q", want)
		}
	}
	if amt.Total != 346+4276 {
		t.Errorf("inclusive total %d", amt.Total)
	}
}
