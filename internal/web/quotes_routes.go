package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// quoteRoutes registers the quote pages (見積): the seller's list, new
// quote, the quote page with its draft editor and versions, and issue,
// revise and withdraw (quotes_admin*.go); the buyer's request from the
// cart, list, quote page and acceptance (quotes_shop.go). admin.view sees,
// admin.edit acts; shop.view sees, shop.order requests and accepts.
func (s *Server) quoteRoutes(mux *http.ServeMux) {
	a, view, edit := areaAdmin, identity.PermAdminView, identity.PermAdminEdit
	p := a.pattern + "/quotes"
	mux.Handle("GET "+p, s.page(a, view, s.quoteList))
	mux.Handle("GET "+p+"/export", s.exportGate(s.page(a, view, s.quoteExport)))
	mux.Handle("GET "+p+"/new", s.page(a, edit, s.quoteNew))
	mux.Handle("POST "+p, s.page(a, edit, s.quoteCreate))
	mux.Handle("GET "+p+"/{id}", s.page(a, view, s.quoteShow))
	mux.Handle("GET "+p+"/{id}/edit", s.page(a, edit, s.quoteEdit))
	mux.Handle("POST "+p+"/{id}", s.page(a, edit, s.quoteSave))
	mux.Handle("POST "+p+"/{id}/issue", s.page(a, edit, s.quoteIssue))
	mux.Handle("POST "+p+"/{id}/revise", s.page(a, edit, s.quoteRevise))
	mux.Handle("POST "+p+"/{id}/withdraw", s.page(a, edit, s.quoteWithdraw))

	sh, sview, order := areaShop, identity.PermShopView, identity.PermShopOrder
	sp := sh.pattern + "/quotes"
	mux.Handle("POST "+sp+"/request", s.page(sh, order, s.shopQuoteRequest))
	mux.Handle("GET "+sp, s.page(sh, sview, s.shopQuotes))
	mux.Handle("GET "+sp+"/{id}", s.page(sh, sview, s.shopQuote))
	mux.Handle("POST "+sp+"/{id}/accept", s.page(sh, order, s.shopQuoteAccept))
}
