package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reads database/sql pool figures on each scrape, so the
// numbers are current without a goroutine polling them.
type poolCollector struct {
	stats                            func() map[string]sql.DBStats
	maxOpen, open, inUse, idle       *prometheus.Desc
	waitCount, waitSeconds, maxIdleC *prometheus.Desc
}

func newPoolCollector(stats func() map[string]sql.DBStats) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("oroshi_db_"+name, help, []string{"pool"}, nil)
	}
	return &poolCollector{
		stats:       stats,
		maxOpen:     d("max_open_connections", "Configured limit of open connections (0: none)."),
		open:        d("open_connections", "Open connections, in use or idle."),
		inUse:       d("in_use_connections", "Connections in use."),
		idle:        d("idle_connections", "Idle connections."),
		waitCount:   d("wait_count_total", "Times a caller waited for a free connection."),
		waitSeconds: d("wait_duration_seconds_total", "Total time callers waited for a free connection."),
		maxIdleC:    d("max_idle_closed_total", "Connections closed because the idle pool was full."),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.maxOpen, c.open, c.inUse, c.idle, c.waitCount, c.waitSeconds, c.maxIdleC} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for pool, s := range c.stats() {
		gauge := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, pool)
		}
		counter := func(d *prometheus.Desc, v float64) {
			ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, pool)
		}
		gauge(c.maxOpen, float64(s.MaxOpenConnections))
		gauge(c.open, float64(s.OpenConnections))
		gauge(c.inUse, float64(s.InUse))
		gauge(c.idle, float64(s.Idle))
		counter(c.waitCount, float64(s.WaitCount))
		counter(c.waitSeconds, s.WaitDuration.Seconds())
		counter(c.maxIdleC, float64(s.MaxIdleClosed))
	}
}

// jobCollector counts background jobs by state on each scrape. The count is
// a query, so it runs under a timeout; when it fails, oroshi_jobs_up is 0
// (an alert can fire on that) and the rest of the scrape is unaffected.
type jobCollector struct {
	count   func(ctx context.Context) (map[string]int64, error)
	timeout time.Duration
	log     *slog.Logger
	jobs    *prometheus.Desc
	up      *prometheus.Desc
}

func newJobCollector(count func(context.Context) (map[string]int64, error), timeout time.Duration, log *slog.Logger) *jobCollector {
	return &jobCollector{
		count:   count,
		timeout: timeout,
		log:     log,
		jobs:    prometheus.NewDesc("oroshi_jobs", "Background jobs by state.", []string{"state"}, nil),
		up:      prometheus.NewDesc("oroshi_jobs_up", "1 when the last job count succeeded.", nil, nil),
	}
}

func (c *jobCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.jobs
	ch <- c.up
}

// Collect has no request context (promhttp does not pass one), so the
// timeout starts from Background.
func (c *jobCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	counts, err := c.count(ctx)
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelError, "metrics: count jobs", slog.String("error", err.Error()))
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, float64(n), state)
	}
}
