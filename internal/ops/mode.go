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
//
// The mutex is never held while the database is read: one caller at a
// time refreshes, the others answer with the status it replaces. Pages
// ask the gate while they hold a database connection of their own, so a
// refresher that waited for a connection under the mutex could wait for
// the very pages waiting for the mutex.
type Gate struct {
	Source StatusSource
	Now    func() time.Time

	mu         sync.Mutex
	status     Status
	fetched    time.Time
	refreshing bool
	forgets    int // Forget calls, so a refresh begun before one does not count as fresh
}

// Status is the current status, read at most once per CacheTTL.
func (g *Gate) Status(ctx context.Context) Status {
	now := g.Now()
	g.mu.Lock()
	fresh := !g.fetched.IsZero() && now.Sub(g.fetched) < CacheTTL && !now.Before(g.fetched)
	if fresh || g.refreshing {
		st := g.status
		g.mu.Unlock()
		return st
	}
	g.refreshing = true
	forgets := g.forgets
	g.mu.Unlock()

	st, ok := g.fetch(ctx, now)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refreshing = false
	if ok {
		g.status = st
	}
	if forgets == g.forgets {
		g.fetched = now // also after a failure: no query per request while the database is down
	}
	return g.status
}

func (g *Gate) fetch(ctx context.Context, now time.Time) (Status, bool) {
	m, err := g.Source.MaintenanceMode(ctx)
	if err != nil {
		return Status{}, false
	}
	ws, err := g.Source.CurrentWindows(ctx, now)
	if err != nil {
		return Status{}, false
	}
	return StatusAt(m, ws, now), true
}

// Forget drops the cached status so this instance sees a change at once
// (others see it within CacheTTL).
func (g *Gate) Forget() {
	g.mu.Lock()
	g.fetched = time.Time{}
	g.forgets++
	g.mu.Unlock()
}
