// Package watchdog watches the running service from inside `oroshi serve`:
// every interval the instance holding the "watchdog" lease checks
// readiness, job queue lag, error rate, disk space and backup age. A check
// that starts failing mails the operators and opens an incident; its
// recovery mails them again and closes the incident. Every instance also
// feeds the SLO tables: readiness probes (leader) and per-route request
// figures (each instance adds its own).
package watchdog

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// LeaseName is the leases row the watchdog instances compete for.
const LeaseName = "watchdog"

// Retention is how long SLO figures are kept.
const Retention = 400 * 24 * time.Hour

// Store is what the watchdog needs of the database.
type Store interface {
	NewID() oroshi.ID
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
	AddProbes(ctx context.Context, hours []slo.ProbeHour) error
	AddRequestStats(ctx context.Context, stats []slo.HourStat) error
	PruneSLO(ctx context.Context, before time.Time) error
	CreateIncident(ctx context.Context, in incident.Incident, by audit.Actor) (incident.Incident, error)
	UpdateIncident(ctx context.Context, in incident.Incident, by audit.Actor) (incident.Incident, error)
	OpenWatchdogIncident(ctx context.Context, check string) (incident.Incident, error)
	RecordSentMail(ctx context.Context, m notify.Mail) error
	QueueMail(ctx context.Context, m notify.Mail) (notify.Mail, error)
}

// Options configure New.
type Options struct {
	Config    config.Watchdog
	Store     Store
	Checks    []Check       // usually Checks(cfg, deps, w.Gauges())
	Requests  *slo.Recorder // drained into slo_requests every FlushEvery
	Sender    notify.Sender // alert mail sent directly; nil: queued only
	Operators []string      // alert recipients (OROSHI_OPERATOR_EMAILS)
	BaseURL   string        // for the link in alert mail
	Holder    string        // this instance in the lease; default host/pid
	Now       func() time.Time
	Log       *slog.Logger
	// FlushEvery is how often figures are written (default 1 minute).
	FlushEvery time.Duration
}

// Watchdog is one instance's watchdog. Run it with Run; Tick is one round.
type Watchdog struct {
	o       Options
	g       *gauges
	checks  []Check
	ttl     time.Duration
	mu      sync.Mutex // one round at a time
	leader  bool
	states  map[string]*state
	probes  map[time.Time]*slo.ProbeHour
	flushed time.Time
	pruned  time.Time
	pending []*record     // incidents not yet stored
	running chan struct{} // closed when Run returns; nil before Run
}

// New prepares a watchdog; checks may be added with SetChecks before Run.
func New(o Options) *Watchdog {
	def := config.DefaultWatchdog()
	if o.Config.Interval <= 0 {
		o.Config = def
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = time.Minute
	}
	if o.Holder == "" {
		host, _ := os.Hostname()
		o.Holder = host + "/" + strconv.Itoa(os.Getpid()) + "/" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	w := &Watchdog{o: o, g: newGauges(), ttl: 3 * o.Config.Interval,
		states: map[string]*state{}, probes: map[time.Time]*slo.ProbeHour{}}
	w.SetChecks(o.Checks)
	return w
}

// SetChecks replaces the checks (before Run).
func (w *Watchdog) SetChecks(checks []Check) {
	w.checks = checks
	w.g.reset(checks)
}

// Config is the configuration in force (defaults filled in).
func (w *Watchdog) Config() config.Watchdog { return w.o.Config }

// Collectors are the watchdog's gauges, for the metrics registry.
func (w *Watchdog) Collectors() []prometheus.Collector { return w.g.collectors() }

// Leader tells whether this instance held the lease at its last round.
func (w *Watchdog) Leader() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.leader
}

// Run ticks every interval until ctx ends, then writes what it holds and
// gives up the lease.
func (w *Watchdog) Run(ctx context.Context) {
	w.mu.Lock()
	done := make(chan struct{})
	w.running = done
	w.mu.Unlock()
	defer close(done)
	t := time.NewTicker(w.o.Config.Interval)
	defer t.Stop()
	for {
		w.Tick(ctx)
		select {
		case <-ctx.Done():
			w.stop()
			return
		case <-t.C:
		}
	}
}

// Wait waits (at most until ctx ends) for a started Run to finish its
// last writes, so the store is not closed under it.
func (w *Watchdog) Wait(ctx context.Context) {
	w.mu.Lock()
	done := w.running
	w.mu.Unlock()
	if done == nil {
		return
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func (w *Watchdog) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flush(ctx, w.o.Now())
	if w.leader {
		if err := w.o.Store.ReleaseLease(ctx, LeaseName, w.o.Holder); err != nil {
			w.o.Log.Warn("watchdog: release lease", "error", err)
		}
	}
}

// Tick is one round: take or renew the lease, run the checks when leader,
// write figures when due.
func (w *Watchdog) Tick(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.o.Now()
	w.lead(ctx)
	if w.leader {
		w.runChecks(ctx, now)
		w.retryIncidents(ctx)
	}
	if now.Sub(w.flushed) >= w.o.FlushEvery {
		w.flush(ctx, now)
	}
	if w.leader && now.Sub(w.pruned) >= 24*time.Hour {
		if err := w.o.Store.PruneSLO(ctx, now.Add(-Retention)); err == nil {
			w.pruned = now
		}
	}
}

// lead takes or renews the lease. When the database cannot be asked, the
// instance keeps whatever it was: a leader must go on watching exactly
// when the database is down, and a follower cannot know better.
func (w *Watchdog) lead(ctx context.Context) {
	ok, err := w.o.Store.TakeLease(ctx, LeaseName, w.o.Holder, w.ttl)
	if err != nil {
		w.o.Log.Warn("watchdog: lease", "error", err, "leader", w.leader)
		return
	}
	if ok != w.leader {
		w.o.Log.Info("watchdog: leadership changed", "leader", ok, "holder", w.o.Holder)
	}
	if !ok && w.leader {
		clear(w.states)
		w.g.reset(w.checks)
	}
	w.leader = ok
	w.g.leader.Set(map[bool]float64{true: 1, false: 0}[ok])
}

// runChecks runs every check under a timeout of one interval. Checks that
// need the database are skipped (their state kept) while readiness fails.
func (w *Watchdog) runChecks(ctx context.Context, now time.Time) {
	dbDown := false
	for _, c := range w.checks {
		if c.NeedsDB && dbDown {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, w.o.Config.Interval)
		start := time.Now()
		err := c.Run(cctx, now)
		cancel()
		if ctx.Err() != nil {
			return // shutting down: not a failure of the service
		}
		if c.Name == CheckReadiness {
			dbDown = err != nil
			w.probe(now, err == nil, time.Since(start))
		}
		w.observe(ctx, c, err, now)
	}
}

func (w *Watchdog) probe(now time.Time, ok bool, latency time.Duration) {
	h := now.UTC().Truncate(time.Hour)
	p := w.probes[h]
	if p == nil {
		p = &slo.ProbeHour{Hour: h}
		w.probes[h] = p
	}
	p.Add(ok, latency)
}

// flush writes the probe and request figures; what cannot be written now
// (the database is down) is kept for the next flush, so an outage still
// shows in the availability once the database is back.
func (w *Watchdog) flush(ctx context.Context, now time.Time) {
	w.flushed = now
	if len(w.probes) > 0 {
		hours := make([]slo.ProbeHour, 0, len(w.probes))
		for _, p := range w.probes {
			hours = append(hours, *p)
		}
		if err := w.o.Store.AddProbes(ctx, hours); err != nil {
			w.o.Log.Warn("watchdog: write probes", "error", err)
		} else {
			clear(w.probes)
		}
	}
	if w.o.Requests == nil {
		return
	}
	if stats := w.o.Requests.Drain(); len(stats) > 0 {
		if err := w.o.Store.AddRequestStats(ctx, stats); err != nil {
			w.o.Log.Warn("watchdog: write request figures", "error", err)
			w.o.Requests.Restore(stats)
		}
	}
}
