package web

import "net/http"

// catalogRoutes registers the catalogue: the seller's product and category
// pages (catalog_admin_routes.go) and the buyers' listing, search and
// product pages (catalog_shop.go).
func (s *Server) catalogRoutes(mux *http.ServeMux) {
	s.catalogAdminRoutes(mux)
	s.catalogShopRoutes(mux)
}
