package web

import "net/http"

// Each area of the seller admin and the shop registers its pages in its own
// file (buyers.go, catalog.go, pricing.go, csv.go); these are the entry
// points routes() calls, so that routes.go still shows every area.

func (s *Server) catalogRoutes(mux *http.ServeMux) {}

func (s *Server) pricingRoutes(mux *http.ServeMux) {}

func (s *Server) csvRoutes(mux *http.ServeMux) {}
