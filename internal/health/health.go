// Package health answers the load balancer's and the orchestrator's probes:
// /healthz says the process is alive, /readyz says it should get traffic.
package health

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Checker is what readiness needs of the database; *sqlstore.Store has it.
type Checker interface {
	Ping(ctx context.Context) error
	MigrationsCurrent(ctx context.Context) (bool, error)
}

// DefaultTimeout bounds the checks of one /readyz call: a database slower
// than this is as good as down for serving pages within our targets.
const DefaultTimeout = 2 * time.Second

// retryAfter is sent with every 503: probes come every few seconds anyway.
const retryAfter = "5"

// Handler returns the /healthz and /readyz handlers. Both answer any method;
// the router decides which (GET patterns also match HEAD).
func Handler(c Checker, log *slog.Logger) (healthz http.Handler, readyz *Readiness) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(alive), &Readiness{checker: c, log: log, timeout: DefaultTimeout}
}

// alive answers 200 for as long as the process serves: a restart is the
// remedy for a dead process, never for a dead database, so nothing is checked.
func alive(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, report{Status: "ok"})
}

// Readiness is the /readyz handler.
type Readiness struct {
	checker  Checker
	log      *slog.Logger
	timeout  time.Duration
	draining atomic.Bool
	// migrated stays true once seen: migrations only move forward while
	// we run, and skipping the check keeps probes off the single SQLite
	// writer connection.
	migrated atomic.Bool
	mu       sync.Mutex
	last     string // summary of the last answer, to log changes only
}

// SetDraining(true) makes /readyz answer 503 at once. Call it on SIGTERM,
// before http.Server.Shutdown, and wait a probe interval or two, so the
// load balancer stops sending new requests before the server stops.
func (h *Readiness) SetDraining(draining bool) { h.draining.Store(draining) }

// report is the JSON body. It names the failed check but never carries
// error text: probes are unauthenticated, and errors name hosts and users.
type report struct {
	Status     string `json:"status"`
	Database   string `json:"database,omitempty"`
	Migrations string `json:"migrations,omitempty"`
}

func (h *Readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.draining.Load() {
		h.note(r.Context(), report{Status: "draining"}, nil)
		w.Header().Set("Retry-After", retryAfter)
		writeJSON(w, http.StatusServiceUnavailable, report{Status: "draining"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.timeout)
	defer cancel()
	rep, err := h.check(ctx)
	h.note(r.Context(), rep, err)
	if rep.Status != "ready" {
		w.Header().Set("Retry-After", retryAfter)
		writeJSON(w, http.StatusServiceUnavailable, rep)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// check runs the database checks in order; the first failure decides.
func (h *Readiness) check(ctx context.Context) (report, error) {
	if err := h.checker.Ping(ctx); err != nil {
		return report{Status: "unavailable", Database: "unreachable", Migrations: "unknown"}, err
	}
	if h.migrated.Load() {
		return report{Status: "ready", Database: "ok", Migrations: "current"}, nil
	}
	current, err := h.checker.MigrationsCurrent(ctx)
	switch {
	case err != nil:
		return report{Status: "unavailable", Database: "ok", Migrations: "unknown"}, err
	case !current:
		return report{Status: "unavailable", Database: "ok", Migrations: "pending"}, nil
	}
	h.migrated.Store(true)
	return report{Status: "ready", Database: "ok", Migrations: "current"}, nil
}

// note logs when the answer changes rather than on every probe: several
// load balancers probing every few seconds would flood the log in an outage.
func (h *Readiness) note(ctx context.Context, rep report, err error) {
	summary := rep.Status + "/" + rep.Database + "/" + rep.Migrations
	h.mu.Lock()
	changed := summary != h.last
	h.last = summary
	h.mu.Unlock()
	if !changed {
		return
	}
	attrs := []slog.Attr{slog.String("status", rep.Status),
		slog.String("database", rep.Database), slog.String("migrations", rep.Migrations)}
	level := slog.LevelInfo
	if rep.Status == "unavailable" {
		level = slog.LevelError
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	h.log.LogAttrs(ctx, level, "readiness changed", attrs...)
}

func writeJSON(w http.ResponseWriter, status int, body report) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // a vanished prober is not an error
}
