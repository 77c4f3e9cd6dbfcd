package ops

import (
	"context"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Mode is the manual maintenance switch, shared by every instance through
// the database.
type Mode struct {
	On        bool
	Message   string
	Until     *time.Time // expected end, for Retry-After; nil when unknown
	UpdatedBy oroshi.ID
	UpdatedAt time.Time
}

// Status is what every request needs to know: whether the service is
// stopped, until when, and the banners to show.
type Status struct {
	Maintenance bool
	Message     string
	Until       *time.Time
	Banners     []string
}

// RetryAfter is how long clients should wait: until the planned end, or
// DefaultRetryAfter when unknown or already past.
func (st Status) RetryAfter(now time.Time) time.Duration {
	if st.Until != nil && st.Until.After(now) {
		return st.Until.Sub(now).Round(time.Second)
	}
	return DefaultRetryAfter
}

// StatusAt combines the manual switch and the windows at now: the service
// is stopped while the switch is on or a window marked Stop is in progress.
func StatusAt(m Mode, windows []Window, now time.Time) Status {
	st := Status{Maintenance: m.On, Message: m.Message, Until: m.Until}
	for _, w := range windows {
		if w.Announced(now) {
			st.Banners = append(st.Banners, w.Banner())
		}
		if w.Stopping(now) && !m.On {
			end := w.End
			st.Maintenance, st.Message, st.Until = true, w.Message, &end
		}
	}
	return st
}

// StatusSource reads the switch and the windows not yet over.
type StatusSource interface {
	MaintenanceMode(ctx context.Context) (Mode, error)
	CurrentWindows(ctx context.Context, now time.Time) ([]Window, error)
}

// CacheTTL bounds how stale an instance's view of maintenance may be.
const CacheTTL = 5 * time.Second

// Gate caches Status for CacheTTL so that the per-request check costs a
// mutex, not a query. When the database cannot be read the last known
// status is kept (and, before any, the service runs normally).
type Gate struct {
	Source StatusSource
	Now    func() time.Time

	mu      sync.Mutex
	status  Status
	fetched time.Time
}

// Status is the current status, read at most once per CacheTTL.
func (g *Gate) Status(ctx context.Context) Status {
	now := g.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.fetched.IsZero() && now.Sub(g.fetched) < CacheTTL && !now.Before(g.fetched) {
		return g.status
	}
	g.fetched = now
	m, err := g.Source.MaintenanceMode(ctx)
	if err != nil {
		return g.status
	}
	ws, err := g.Source.CurrentWindows(ctx, now)
	if err != nil {
		return g.status
	}
	g.status = StatusAt(m, ws, now)
	return g.status
}

// Forget drops the cached status so this instance sees a change at once
// (others see it within CacheTTL).
func (g *Gate) Forget() {
	g.mu.Lock()
	g.fetched = time.Time{}
	g.mu.Unlock()
}
