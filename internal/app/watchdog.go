package app

import (
	"context"
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/metrics"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/watchdog"
)

// newWatchdog builds the watchdog (not started: see StartWatchdog) and the
// request recorder its error-rate check and the SLO page read. Alert mail
// goes through sender directly.
func (a *App) newWatchdog(sender notify.Sender) {
	a.Requests = slo.NewRecorder()
	cfg := a.Config.Watchdog
	a.Watchdog = watchdog.New(watchdog.Options{Config: cfg, Store: a.Store, Requests: a.Requests, Sender: sender,
		Operators: a.Config.OperatorEmails, BaseURL: a.Config.PublicURL(), Log: a.Log})
	deps := watchdog.Deps{Ping: a.Store.Ping, OldestJob: a.Store.OldestAvailableJob, Requests: a.Requests,
		DiskFree: watchdog.DiskFree(a.Config.DataDir), LastGoodBackup: a.Store.LastGoodBackup}
	a.Watchdog.SetChecks(watchdog.Checks(a.Watchdog.Config(), deps, a.Watchdog))
}

// StartWatchdog runs the watchdog until ctx ends (serve only; every
// instance runs one, the lease holder checks). OROSHI_WATCHDOG=off skips it.
func (a *App) StartWatchdog(ctx context.Context) {
	if a.Config.Watchdog.Disabled {
		a.Log.Warn("watchdog disabled (OROSHI_WATCHDOG=off)")
		return
	}
	go a.Watchdog.Run(ctx)
}

// watchRequests registers the watchdog's gauges and wraps h in the request
// recorder (the SLO figures and the error-rate check).
func (a *App) watchRequests(m *metrics.Metrics, h http.Handler) http.Handler {
	if a.Config.Watchdog.Disabled {
		return h // nothing would write the figures
	}
	for _, c := range a.Watchdog.Collectors() {
		if err := m.Register(c); err != nil {
			a.Log.Warn("watchdog gauges", "error", err)
		}
	}
	return watchdog.Middleware(a.Requests, h)
}
