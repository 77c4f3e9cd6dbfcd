package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// csvRoutes registers the CSV pages of the seller admin: downloads of
// buyers, ship-tos and prices for anyone who may read them, and imports
// (with their dry run and progress page) for staff who may change them.
func (s *Server) csvRoutes(mux *http.ServeMux) {
	a, view, edit := areaAdmin, identity.PermAdminView, identity.PermAdminEdit
	p := a.pattern
	mux.Handle("GET "+p+"/csv", s.page(a, view, s.csvIndex))
	mux.Handle("GET "+p+"/csv/export/{kind}", s.exportGate(s.page(a, view, s.csvExport)))
	mux.Handle("GET "+p+"/csv/import", s.page(a, edit, s.csvImportForm))
	mux.Handle("POST "+p+"/csv/import", s.page(a, edit, s.csvImportSubmit))
	mux.Handle("GET "+p+"/csv/imports/{id}", s.page(a, edit, s.csvImportShow))
	mux.Handle("POST "+p+"/csv/imports/{id}/commit", s.page(a, edit, s.csvImportCommit))
}
