package web

import (
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The credit note pages, for TestPagesRender: with rows and messages, so
// that the loops and branches of the templates are rendered too.
func init() {
	cn := billing.CreditNote{ID: 4, Number: "R-2026-000004", BuyerCode: "B001", BuyerName: "株式会社まるやま商店",
		Date: pricing.NewDate(2026, 5, 20), Reason: "返品", Total: 1100}
	full := cn
	full.InvoiceID, full.TaxRounding = 5, pricing.RoundFloor
	full.Lines = []billing.CreditLine{{No: 1, Description: "破損", Amount: 1000, TaxRate: 8}}
	full.ByRate = []billing.RateTotal{{Rate: 8, Subtotal: 1000, Tax: 80}}
	show := creditShowView{Note: full, Invoice: "B-2026-000005",
		Docs: []docLink{{Kind: "返還請求書", Number: cn.Number, Version: 2, URL: "/d"}, {Version: 1, Superseded: true}}}
	form := newCreditForm("2026-05-20")
	form.Lines[0] = creditFormLine{Description: "破損", Amount: "abc", Rate: "8"}
	form.Lines = padCreditLines(form.Lines)
	form.attachErrors(map[string]string{"lines[0].amount": "明細1行目の金額（税抜）は半角数字（円）で入力してください"})
	for name, data := range map[string]any{
		"admin/invoices/credit_notes": creditListView{Notes: []creditRow{{CreditNote: cn, PDF: "/pdf"}, {CreditNote: cn}},
			Next: "/n", First: "/f", Form: creditFilterForm{Buyer: "B001"}},
		"admin/invoices/credit_new":  creditFormView{Form: form, Rates: creditRates},
		"admin/invoices/credit_show": show,
	} {
		pageViews[name] = struct {
			data  any
			areas []string
		}{data, []string{"admin"}}
	}
	for name, data := range map[string]any{
		"shop/invoices/credit_notes": creditListView{Notes: []creditRow{{CreditNote: cn, PDF: "/pdf"}, {CreditNote: cn}},
			Next: "/n", First: "/f", Shop: true, Form: creditFilterForm{From: "2026-05-01"}},
		"shop/invoices/credit_show": show,
	} {
		pageViews[name] = struct {
			data  any
			areas []string
		}{data, []string{"shop"}}
	}
}
