package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// catalogAdminRoutes registers the seller's catalogue pages: products with
// their SKUs, stock, images and visibility, and the category tree. Viewers
// read; staff and above change.
func (s *Server) catalogAdminRoutes(mux *http.ServeMux) {
	a, view, edit := areaAdmin, identity.PermAdminView, identity.PermAdminEdit
	p := a.pattern
	mux.Handle("GET "+p+"/products", s.page(a, view, s.productList))
	mux.Handle("GET "+p+"/products/new", s.page(a, edit, s.productNew))
	mux.Handle("POST "+p+"/products", s.page(a, edit, s.productCreate))
	mux.Handle("GET "+p+"/products/{id}", s.page(a, view, s.productShow))
	mux.Handle("GET "+p+"/products/{id}/edit", s.page(a, edit, s.productEdit))
	mux.Handle("POST "+p+"/products/{id}", s.page(a, edit, s.productUpdate))
	mux.Handle("POST "+p+"/products/{id}/status", s.page(a, edit, s.productStatus))
	mux.Handle("POST "+p+"/products/{id}/visibility", s.page(a, edit, s.productVisibility))
	mux.Handle("POST "+p+"/products/{id}/delete", s.page(a, edit, s.productDelete))
	mux.Handle("POST "+p+"/products/{id}/skus/{sid}/stock", s.page(a, edit, s.productStock))
	mux.Handle("GET "+p+"/products/{id}/images/{image_id}", s.page(a, view, s.productImage))
	mux.Handle("POST "+p+"/products/{id}/images", s.page(a, edit, s.productImageAdd))
	mux.Handle("POST "+p+"/products/{id}/images/order", s.page(a, edit, s.productImageOrder))
	mux.Handle("POST "+p+"/products/{id}/images/{image_id}/delete", s.page(a, edit, s.productImageDelete))

	mux.Handle("GET "+p+"/categories", s.page(a, view, s.categoryList))
	mux.Handle("POST "+p+"/categories", s.page(a, edit, s.categoryCreate))
	mux.Handle("POST "+p+"/categories/{id}", s.page(a, edit, s.categoryUpdate))
	mux.Handle("POST "+p+"/categories/{id}/delete", s.page(a, edit, s.categoryDelete))
}
