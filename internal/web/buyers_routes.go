package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// buyerRoutes registers the buyer pages: the seller's buyer companies with
// their ship-tos and users, price groups and custom field settings in the
// admin, and a buyer admin's own company users in the shop.
func (s *Server) buyerRoutes(mux *http.ServeMux) {
	a, view, edit, manage := areaAdmin, identity.PermAdminView, identity.PermAdminEdit, identity.PermAdminManage
	p := a.pattern
	mux.Handle("GET "+p+"/buyers", s.page(a, view, s.buyerList))
	mux.Handle("GET "+p+"/buyers/new", s.page(a, edit, s.buyerNew))
	mux.Handle("POST "+p+"/buyers", s.page(a, edit, s.buyerCreate))
	mux.Handle("GET "+p+"/buyers/{id}", s.page(a, view, s.buyerShow))
	mux.Handle("GET "+p+"/buyers/{id}/edit", s.page(a, edit, s.buyerEdit))
	mux.Handle("POST "+p+"/buyers/{id}", s.page(a, edit, s.buyerUpdate))
	mux.Handle("POST "+p+"/buyers/{id}/status", s.page(a, edit, s.buyerStatus))
	mux.Handle("POST "+p+"/buyers/{id}/ship-tos", s.page(a, edit, s.shipToCreate))
	mux.Handle("POST "+p+"/buyers/{id}/ship-tos/{sid}", s.page(a, edit, s.shipToUpdate))
	mux.Handle("POST "+p+"/buyers/{id}/ship-tos/{sid}/default", s.page(a, edit, s.shipToDefault))
	mux.Handle("POST "+p+"/buyers/{id}/ship-tos/{sid}/delete", s.page(a, edit, s.shipToDelete))
	mux.Handle("POST "+p+"/buyers/{id}/users", s.page(a, edit, s.buyerUserInvite))
	mux.Handle("POST "+p+"/buyers/{id}/users/{uid}/status", s.page(a, edit, s.buyerUserStatus))

	mux.Handle("GET "+p+"/groups", s.page(a, manage, s.groupList))
	mux.Handle("POST "+p+"/groups", s.page(a, manage, s.groupCreate))
	mux.Handle("POST "+p+"/groups/{id}", s.page(a, manage, s.groupUpdate))
	mux.Handle("POST "+p+"/groups/{id}/delete", s.page(a, manage, s.groupDelete))

	mux.Handle("GET "+p+"/settings/fields", s.page(a, manage, s.fieldSettings))
	mux.Handle("POST "+p+"/settings/fields", s.page(a, manage, s.fieldCreate))
	mux.Handle("POST "+p+"/settings/fields/order", s.page(a, manage, s.fieldReorder))
	mux.Handle("POST "+p+"/settings/fields/labels", s.page(a, manage, s.fieldLabels))
	mux.Handle("POST "+p+"/settings/fields/{id}", s.page(a, manage, s.fieldUpdate))
	mux.Handle("POST "+p+"/settings/fields/{id}/delete", s.page(a, manage, s.fieldDelete))

	shop := areaShop.pattern
	mux.Handle("GET "+shop+"/company/users", s.page(areaShop, identity.PermShopManage, s.companyUsers))
	mux.Handle("POST "+shop+"/company/users", s.page(areaShop, identity.PermShopManage, s.companyUserInvite))
	mux.Handle("POST "+shop+"/company/users/{uid}/status", s.page(areaShop, identity.PermShopManage, s.companyUserStatus))
}
