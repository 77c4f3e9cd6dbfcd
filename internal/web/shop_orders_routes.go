package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// shopOrderRoutes registers the buyer's side of ordering in the shop: the
// cart, quick order and CSV upload (shop_cart*.go), checkout
// (shop_checkout.go), the order history (shop_orders*.go) and buyer-side
// approval with the purchasers' order limits (shop_approvals.go). Seeing
// orders needs shop.view; changing the cart and ordering shop.order;
// approving and setting limits shop.manage (buyer admins).
func (s *Server) shopOrderRoutes(mux *http.ServeMux) {
	a, view, order, manage := areaShop, identity.PermShopView, identity.PermShopOrder, identity.PermShopManage
	p := a.pattern
	mux.Handle("GET "+p+"/cart", s.page(a, order, s.shopCart))
	mux.Handle("POST "+p+"/cart/items", s.page(a, order, s.shopCartAdd))
	mux.Handle("POST "+p+"/cart/items/{sku}", s.page(a, order, s.shopCartUpdate))
	mux.Handle("POST "+p+"/cart/items/{sku}/delete", s.page(a, order, s.shopCartRemove))
	mux.Handle("POST "+p+"/cart/clear", s.page(a, order, s.shopCartClear))
	mux.Handle("GET "+p+"/cart/quick", s.page(a, order, s.shopQuick))
	mux.Handle("POST "+p+"/cart/quick", s.page(a, order, s.shopQuickAdd))
	mux.Handle("POST "+p+"/cart/csv", s.page(a, order, s.shopCartCSV))

	mux.Handle("GET "+p+"/checkout", s.page(a, order, s.shopCheckout))
	mux.Handle("POST "+p+"/checkout/review", s.page(a, order, s.shopCheckoutReview))
	mux.Handle("POST "+p+"/checkout", s.page(a, order, s.shopCheckoutPlace))

	mux.Handle("GET "+p+"/orders", s.page(a, view, s.shopOrders))
	mux.Handle("GET "+p+"/orders/{id}", s.page(a, view, s.shopOrder))
	mux.Handle("GET "+p+"/orders/{id}/placed", s.page(a, view, s.shopOrderPlaced))
	mux.Handle("POST "+p+"/orders/{id}/reorder", s.page(a, order, s.shopOrderReorder))

	mux.Handle("GET "+p+"/approvals", s.page(a, manage, s.shopApprovals))
	mux.Handle("POST "+p+"/approvals/{id}/approve", s.page(a, manage, s.shopApprove))
	mux.Handle("POST "+p+"/approvals/{id}/reject", s.page(a, manage, s.shopReject))
	mux.Handle("POST "+p+"/company/users/{uid}/limit", s.page(a, manage, s.companyUserLimit))
}
