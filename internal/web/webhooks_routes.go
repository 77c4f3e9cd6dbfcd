package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// webhookRoutes registers the seller's webhook pages: endpoints (URL,
// events, signing secret), the test button and the delivery log. Webhooks
// send order data out of the platform, so they need admin.manage, like
// API keys.
func (s *Server) webhookRoutes(mux *http.ServeMux) {
	a, m := areaAdmin, identity.PermAdminManage
	p := a.pattern + "/webhooks"
	mux.Handle("GET "+p, s.page(a, m, s.webhookList))
	mux.Handle("GET "+p+"/new", s.page(a, m, s.webhookNew))
	mux.Handle("POST "+p, s.page(a, m, s.webhookCreate))
	mux.Handle("GET "+p+"/{id}", s.page(a, m, s.webhookShow))
	mux.Handle("POST "+p+"/{id}", s.page(a, m, s.webhookUpdate))
	mux.Handle("POST "+p+"/{id}/secret", s.page(a, m, s.webhookReveal))
	mux.Handle("POST "+p+"/{id}/secret/rotate", s.page(a, m, s.webhookRotate))
	mux.Handle("POST "+p+"/{id}/active", s.page(a, m, s.webhookActive))
	mux.Handle("POST "+p+"/{id}/delete", s.page(a, m, s.webhookDelete))
	mux.Handle("POST "+p+"/{id}/ping", s.page(a, m, s.webhookPing))
	mux.Handle("GET "+p+"/{id}/deliveries/{delivery}", s.page(a, m, s.webhookDelivery))
	mux.Handle("POST "+p+"/{id}/deliveries/{delivery}/resend", s.page(a, m, s.webhookRedeliver))
}
