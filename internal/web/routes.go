package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// routes lists every page. Areas: /ops (operators), /{tenant}/admin (seller
// staff), /{tenant}/ (buyers' shop). Each protected page names the
// permission it needs; identity.Can decides.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handle(s.landing))
	mux.Handle("GET /lang", s.handle(s.setLanguage))

	ops, admin, shop := areaOps, areaAdmin, areaShop
	for _, a := range []area{ops, admin, shop} {
		s.authRoutes(mux, a)
	}

	mux.Handle("GET /ops/{$}", s.page(ops, identity.PermOpsConsole, s.opsHome))
	mux.Handle("POST /ops/tenants", s.page(ops, identity.PermOpsConsole, s.opsTenantCreate))
	mux.Handle("GET /ops/outbox/{id}", s.page(ops, identity.PermOpsConsole, s.opsMail))

	mux.Handle("GET /{tenant}/admin/{$}", s.page(admin, identity.PermAdminView, s.adminHome))
	mux.Handle("GET /{tenant}/admin/users", s.page(admin, identity.PermAdminManage, s.adminUsers))
	mux.Handle("POST /{tenant}/admin/users", s.page(admin, identity.PermAdminManage, s.adminUserInvite))
	mux.Handle("POST /{tenant}/admin/users/{id}/status", s.page(admin, identity.PermAdminManage, s.adminUserStatus))

	mux.Handle("GET /{tenant}/admin/settings", s.page(admin, identity.PermAdminOwner, s.adminSettings))
	mux.Handle("POST /{tenant}/admin/settings", s.page(admin, identity.PermAdminOwner, s.adminSettingsSave))

	s.buyerRoutes(mux)
	s.catalogRoutes(mux)
	s.pricingRoutes(mux)
	s.csvRoutes(mux)
	s.webhookRoutes(mux)
	s.notificationRoutes(mux)
	s.orderExportRoutes(mux)
	s.adminOrderRoutes(mux)
	s.shopOrderRoutes(mux)
	s.quoteRoutes(mux)
	s.documentRoutes(mux)
	s.billingRoutes(mux)
	s.backupRoutes(mux)
	s.tenantRoutes(mux)
	s.accessRoutes(mux)
	s.maintenanceRoutes(mux)
	s.historyRoutes(mux)
	s.monitoringRoutes(mux)
	s.blockRoutes(mux)

	mux.Handle("GET /{tenant}/{$}", s.page(shop, identity.PermShopView, s.shopHome))

	mux.Handle("/", s.handle(s.notFound))
}

// authRoutes are the same sign-in pages in each area.
func (s *Server) authRoutes(mux *http.ServeMux, a area) {
	p := a.pattern
	mux.Handle("GET "+p+"/login", s.public(a, s.loginForm))
	mux.Handle("POST "+p+"/login", s.public(a, s.login))
	mux.Handle("POST "+p+"/logout", s.public(a, s.logout))
	mux.Handle("GET "+p+"/mfa", s.mfaPage(a, s.mfaForm))
	mux.Handle("POST "+p+"/mfa", s.mfaPage(a, s.mfaVerify))
	mux.Handle("GET "+p+"/mfa/setup", s.mfaPage(a, s.mfaSetupForm))
	mux.Handle("POST "+p+"/mfa/setup", s.mfaPage(a, s.mfaSetup))
	mux.Handle("GET "+p+"/password/forgot", s.public(a, s.forgotForm))
	mux.Handle("POST "+p+"/password/forgot", s.public(a, s.forgot))
	// Link tokens travel in the query string or the form body, never in the
	// path: the access log records paths, not query strings.
	mux.Handle("GET "+p+"/password/reset", s.public(a, s.linkForm(identity.PurposeReset)))
	mux.Handle("POST "+p+"/password/reset", s.public(a, s.linkRedeem(identity.PurposeReset)))
	mux.Handle("GET "+p+"/invite", s.public(a, s.linkForm(identity.PurposeInvite)))
	mux.Handle("POST "+p+"/invite", s.public(a, s.linkRedeem(identity.PurposeInvite)))
}
