package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The billing pages, for TestPagesRender: with rows, so that the loops and
// branches of the templates are rendered too.
func init() {
	at := time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)
	day := pricing.NewDate(2026, 5, 20)
	iv := billing.Invoice{ID: 5, Number: "B-2026-000005", Kind: billing.ModeMonthly, Method: billing.MethodDetailed, BuyerID: 3,
		BuyerCode: "B001", BuyerName: "株式会社まるやま商店", ClosingDate: day, PeriodFrom: pricing.NewDate(2026, 4, 21),
		PeriodTo: day, IssueDate: day, DueDate: pricing.NewDate(2026, 6, 30), TaxRounding: pricing.RoundFloor,
		Previous: 1000, Received: 1000, Sales: 600, Tax: 48, Total: 648, Paid: 100,
		ByRate: []billing.RateTotal{{Rate: 8, Subtotal: 600, Tax: 48}},
		Lines: []billing.Line{{No: 1, ShippedOn: day, OrderID: 9, OrderNumber: "O-2026-000009", SlipNo: "O-2026-000009-1",
			Code: "RED-1", Name: "本枯れ鰹節 500g", Unit: "袋", Quantity: 3, UnitPrice: 200, Amount: 600, TaxRate: 8}},
		Payments: []billing.Payment{{ID: 7, ReceivedOn: day, Amount: 100, Method: billing.PayCash, Note: "店頭", Overpayment: true},
			{ID: 8, ReceivedOn: day, Amount: 50, Cancelled: true, CancelledAt: at, CancelNote: "誤登録"}}}
	show := newInvoiceShowView(iv)
	show.Form, show.CancelID, show.Reason = paymentForm{ReceivedOn: "2026-05-20", Method: "cash", Overpayment: true}, 7, "r"
	show.Methods = paymentMethodOptions("cash")
	rows := []invoiceRow{{Invoice: iv, URL: "/x"}}
	res := &billing.Result{Mode: billing.ModeMonthly, Buyers: 2, Issued: 1, Empty: 1, Failed: []string{"B002"},
		DocumentsFailed: []string{"B-1"}}
	aging := billing.BuildAging([]billing.OpenItem{{BuyerID: 3, BuyerCode: "B001", BuyerName: "まるやま", DueDate: day, Balance: 648}},
		pricing.NewDate(2026, 7, 1))
	opts := []buyerOption{{Value: "x", Label: "未入金", Selected: true}}
	for name, data := range map[string]any{
		"admin/invoices/index": invoiceListView{Filter: invoiceFilterForm{Buyer: "B001"}, Statuses: opts, Invoices: rows,
			Next: "/n", First: "/f"},
		"admin/invoices/show": show,
		"admin/invoices/closing": closingView{Date: "2026-05-20", Settings: billing.DefaultSettings(),
			Runs: []closingRunRow{{QueuedRun: billing.QueuedRun{Status: billing.RunSucceeded, Result: *res, BuyerCode: "B001",
				FinishedAt: at, ActorName: "山田"}, URL: "/r"}, {QueuedRun: billing.QueuedRun{Status: billing.RunFailed,
				Message: "x"}}}},
		"admin/invoices/closing_run": closingRunView{Run: billing.QueuedRun{Status: billing.RunSucceeded, Result: *res}},
		"admin/invoices/aging":       agingView{Aging: aging, Buckets: billing.Buckets, Today: "2026/07/01"},
		"admin/invoices/settings":    billingSettingsView{Modes: opts, Methods: opts, Settings: billing.Settings{UpdatedAt: at}},
	} {
		pageViews[name] = struct {
			data  any
			areas []string
		}{data, []string{"admin"}}
	}
	for name, data := range map[string]any{
		"shop/invoices/index": shopInvoiceListView{Statuses: opts, Invoices: rows, Next: "/n", First: "/f",
			Balance: billing.Balance{Invoiced: 648, Paid: 100}},
		"shop/invoices/show": show,
	} {
		pageViews[name] = struct {
			data  any
			areas []string
		}{data, []string{"shop"}}
	}
}
