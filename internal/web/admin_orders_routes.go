package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// adminOrderRoutes registers the seller's order pages (受注): the list with
// filters and bulk approval, the detail with the actions its status allows,
// the shipment form, proxy orders (代理注文), the buyer company's order
// settings and purchasers' limits, and the tenant's sales settings.
// admin.view sees; admin.edit acts; the sales settings need admin.manage.
func (s *Server) adminOrderRoutes(mux *http.ServeMux) {
	a, view, edit, manage := areaAdmin, identity.PermAdminView, identity.PermAdminEdit, identity.PermAdminManage
	p := a.pattern + "/orders"
	mux.Handle("GET "+p, s.page(a, view, s.orderList))
	mux.Handle("POST "+p+"/approve", s.page(a, edit, s.orderApproveMany))
	mux.Handle("GET "+p+"/new", s.page(a, edit, s.proxyOrderNew))
	mux.Handle("POST "+p+"/new", s.page(a, edit, s.proxyOrderEdit))
	mux.Handle("POST "+p+"/new/review", s.page(a, edit, s.proxyOrderReview))
	mux.Handle("POST "+p, s.page(a, edit, s.proxyOrderPlace))
	mux.Handle("GET "+p+"/{id}", s.page(a, view, s.orderShow))
	mux.Handle("POST "+p+"/{id}/approve", s.page(a, edit, s.orderApprove))
	mux.Handle("POST "+p+"/{id}/cancel-approval", s.page(a, edit, s.orderCancelApproval))
	mux.Handle("GET "+p+"/{id}/ship", s.page(a, edit, s.orderShipForm))
	mux.Handle("POST "+p+"/{id}/ship", s.page(a, edit, s.orderShip))
	mux.Handle("POST "+p+"/{id}/invoice", s.page(a, edit, s.orderInvoice))
	mux.Handle("POST "+p+"/{id}/complete", s.page(a, edit, s.orderComplete))
	mux.Handle("POST "+p+"/{id}/cancel", s.page(a, edit, s.orderCancel))

	mux.Handle("POST "+a.pattern+"/buyers/{id}/sales-settings", s.page(a, edit, s.buyerSalesSave))
	mux.Handle("POST "+a.pattern+"/buyers/{id}/users/{uid}/order-limit", s.page(a, edit, s.buyerUserLimitSave))

	mux.Handle("GET "+a.pattern+"/settings/sales", s.page(a, manage, s.salesSettings))
	mux.Handle("POST "+a.pattern+"/settings/sales", s.page(a, manage, s.salesSettingsSave))
}
