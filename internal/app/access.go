package app

import (
	"context"
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/metrics"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/support"
)

// accessLogged wraps h in the access log (one recorder per App, created on
// the first call) and registers its metrics.
func (a *App) accessLogged(m *metrics.Metrics, h http.Handler) http.Handler {
	if a.accessLog == nil {
		a.accessLog = accesslog.New(a.Store, accesslog.Options{NewID: a.Store.NewID, Logger: a.Log})
		for _, c := range a.accessLog.Collectors() {
			if err := m.Register(c); err != nil {
				a.Log.Warn("access log metrics", "err", err)
			}
		}
	}
	return a.accessLog.Middleware(h)
}

// closeAccessLog writes the buffered access log rows.
func (a *App) closeAccessLog(ctx context.Context) {
	if a.accessLog == nil {
		return
	}
	if err := a.accessLog.Close(ctx); err != nil {
		a.Log.Warn("flush access log", "err", err)
	}
}

// grantsAndSupport are the operator access grants and the inquiries.
func (a *App) grantsAndSupport() (*opsaccess.Service, *support.Service) {
	return &opsaccess.Service{Store: a.Store, Now: time.Now},
		&support.Service{Store: a.Store, Now: time.Now, SupportEmails: a.Config.SupportEmails, BaseURL: a.Config.PublicURL()}
}
