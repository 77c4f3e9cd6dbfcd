// Package metrics exposes Prometheus metrics on a private registry (never
// the global one, so tests and several servers in one process don't clash).
// Labels are bounded: a route is the ServeMux pattern, never the URL.
package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/oroshi-jp/oroshi/internal/logging"
)

// Buckets of the request duration histogram, in seconds: fine below our
// p99 targets (100 ms pages, 300 ms at 1,000 users) and up to the 3 s of the
// reference SLA, so "share of requests under 3 s" is read off one bucket.
var durationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 3}

// Options configure New. Every field may be left zero.
type Options struct {
	Version string // build version, for oroshi_build_info
	Engine  string // "sqlite" or "postgres"
	Logger  *slog.Logger
	// Pools returns the database pool figures per pool name ("write",
	// "read"), read on every scrape.
	Pools func() map[string]sql.DBStats
	// Jobs counts background jobs per state, read on every scrape within
	// JobsTimeout (default 2 s); a failure is logged and the scrape goes on.
	Jobs        func(ctx context.Context) (map[string]int64, error)
	JobsTimeout time.Duration
}

// Metrics holds the registry and the HTTP instruments.
type Metrics struct {
	reg      *prometheus.Registry
	log      *slog.Logger
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

// New builds the registry with HTTP, build, runtime, process, database pool
// and job metrics.
func New(o Options) *Metrics {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	m := newHTTPMetrics(prometheus.NewRegistry(), o.Logger)
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "oroshi_build_info",
		Help:        "Always 1; the labels say which build runs on which engine.",
		ConstLabels: prometheus.Labels{"version": o.Version, "engine": o.Engine},
	})
	build.Set(1)
	m.reg.MustRegister(build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if o.Pools != nil {
		m.reg.MustRegister(newPoolCollector(o.Pools))
	}
	if o.Jobs != nil {
		timeout := o.JobsTimeout
		if timeout <= 0 {
			timeout = 2 * time.Second
		}
		m.reg.MustRegister(newJobCollector(o.Jobs, timeout, o.Logger))
	}
	return m
}

func newHTTPMetrics(reg *prometheus.Registry, log *slog.Logger) *Metrics {
	m := &Metrics{reg: reg, log: log}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "oroshi_http_requests_total",
		Help: "HTTP requests served, by route pattern, method and status code.",
	}, []string{"route", "method", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "oroshi_http_request_duration_seconds",
		Help:    "Time to serve an HTTP request, by route pattern.",
		Buckets: durationBuckets,
	}, []string{"route"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "oroshi_http_requests_in_flight",
		Help: "HTTP requests being served now (watch it fall to 0 while draining).",
	})
	reg.MustRegister(m.requests, m.duration, m.inFlight)
	return m
}

// Register adds a collector of another package (the job runner, the rate
// limiter) to the private registry.
func (m *Metrics) Register(c prometheus.Collector) error {
	if err := m.reg.Register(c); err != nil {
		return fmt.Errorf("register metrics collector: %w", err)
	}
	return nil
}

// Handler serves the registry in the Prometheus exposition format. A
// collector's error is logged and the rest is still served: a scrape that
// fails wholesale would hide everything else during an incident.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:            errorLog{m.log},
		ErrorHandling:       promhttp.ContinueOnError,
		Registry:            m.reg, // counts its own errors
		MaxRequestsInFlight: 4,
	})
}

// Middleware counts and times requests. The route is read from r.Pattern
// after the handler ran, because the ServeMux sets it while routing.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		sw := logging.NewStatusWriter(w)
		finished := false
		defer func() { // deferred: a panicking handler counts as a 500
			status := sw.Status()
			if !finished {
				status = http.StatusInternalServerError
			} else if status == 0 {
				status = http.StatusOK
			}
			route := logging.Route(r)
			m.requests.WithLabelValues(route, method(r.Method), strconv.Itoa(status)).Inc()
			m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r)
		finished = true
	})
}

// method bounds the method label: a client may send any token as a method.
func method(s string) string {
	switch s {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return s
	default:
		return "OTHER"
	}
}

// errorLog adapts slog to promhttp's Println logger.
type errorLog struct{ log *slog.Logger }

func (e errorLog) Println(v ...any) {
	e.log.Error("metrics scrape", slog.String("error", fmt.Sprint(v...)))
}
