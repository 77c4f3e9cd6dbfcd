package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// documentRoutes registers the document pages (帳票): the layout settings
// with a preview (admin.manage), issuing from an order, a shipment or a
// quote (admin.edit), the search list and downloads for seller staff
// (admin.view), and the buyer's own documents in the shop (shop.view).
func (s *Server) documentRoutes(mux *http.ServeMux) {
	a, view, edit, manage := areaAdmin, identity.PermAdminView, identity.PermAdminEdit, identity.PermAdminManage
	mux.Handle("GET "+a.pattern+"/settings/documents", s.page(a, manage, s.documentSettings))
	mux.Handle("POST "+a.pattern+"/settings/documents", s.page(a, manage, s.documentSettingsSave))
	mux.Handle("POST "+a.pattern+"/settings/documents/preview", s.page(a, manage, s.documentPreview))
	mux.Handle("GET "+a.pattern+"/documents", s.page(a, view, s.documentList))
	mux.Handle("GET "+a.pattern+"/documents/{id}/pdf", s.page(a, view, s.documentPDF))
	mux.Handle("POST "+a.pattern+"/orders/{id}/documents/confirmation", s.page(a, edit, s.documentIssueConfirmation))
	mux.Handle("POST "+a.pattern+"/orders/{id}/shipments/{sid}/delivery-slip", s.page(a, edit, s.documentIssueSlip))
	mux.Handle("POST "+a.pattern+"/quotes/{id}/document", s.page(a, edit, s.documentIssueQuote))

	sh, sview := areaShop, identity.PermShopView
	mux.Handle("GET "+sh.pattern+"/documents", s.page(sh, sview, s.shopDocumentList))
	mux.Handle("GET "+sh.pattern+"/documents/{id}/pdf", s.page(sh, sview, s.shopDocumentPDF))
}
