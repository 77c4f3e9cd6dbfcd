package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// billingRoutes registers the billing pages (請求): the seller's invoice
// list and detail with payments (入金), the closing run (締め処理), the
// aging list (未回収一覧) and the billing settings; and the buyer
// company's own invoices in the shop. admin.view sees, admin.edit acts,
// the settings need admin.manage. Without the billing service (tests of
// other areas) the pages are not there.
func (s *Server) billingRoutes(mux *http.ServeMux) {
	if s.Billing == nil {
		return
	}
	a, view, edit, manage := areaAdmin, identity.PermAdminView, identity.PermAdminEdit, identity.PermAdminManage
	p := a.pattern + "/invoices"
	mux.Handle("GET "+p, s.page(a, view, s.invoiceList))
	mux.Handle("GET "+p+"/{id}", s.page(a, view, s.invoiceShow))
	mux.Handle("POST "+p+"/{id}/payments", s.page(a, edit, s.paymentRecord))
	mux.Handle("POST "+p+"/{id}/payments/{pid}/cancel", s.page(a, edit, s.paymentCancel))
	if s.Documents != nil {
		mux.Handle("POST "+p+"/{id}/document", s.page(a, edit, s.documentIssueInvoice))
	}
	mux.Handle("GET "+p+"/closing", s.page(a, view, s.closingForm))
	mux.Handle("POST "+p+"/closing", s.page(a, edit, s.closingRun))
	mux.Handle("GET "+p+"/closing/runs/{id}", s.page(a, view, s.closingRunShow))
	mux.Handle("GET "+p+"/aging", s.page(a, view, s.agingList))
	s.creditNoteRoutes(mux, a, p) // 返還請求書: billing_credit.go
	mux.Handle("GET "+a.pattern+"/settings/billing", s.page(a, manage, s.billingSettings))
	mux.Handle("POST "+a.pattern+"/settings/billing", s.page(a, manage, s.billingSettingsSave))

	sh, sview := areaShop, identity.PermShopView
	mux.Handle("GET "+sh.pattern+"/invoices", s.page(sh, sview, s.shopInvoiceList))
	mux.Handle("GET "+sh.pattern+"/invoices/{id}", s.page(sh, sview, s.shopInvoiceShow))
}
