package watchdog

import "github.com/prometheus/client_golang/prometheus"

// gauges are the watchdog's figures on /metrics, for the Prometheus alert
// rules in deploy/prometheus/alerts.yml. Only the leader runs checks: on
// the others check_ok stays 1 and leader 0, so rules take min/max across
// instances.
type gauges struct {
	checkOK    *prometheus.GaugeVec
	leader     prometheus.Gauge
	queueLag   prometheus.Gauge
	errorRate  prometheus.Gauge
	diskFree   prometheus.Gauge
	lastBackup prometheus.Gauge
}

func newGauges() *gauges {
	g := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	}
	out := &gauges{
		checkOK: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "oroshi_watchdog_check_ok",
			Help: "1 when the watchdog's last run of the check passed, 0 when it failed."}, []string{"check"}),
		leader:     g("oroshi_watchdog_leader", "1 on the instance holding the watchdog lease."),
		queueLag:   g("oroshi_job_queue_lag_seconds", "How long the oldest available job has waited for a worker."),
		errorRate:  g("oroshi_http_error_ratio_1m", "Share of 5xx answers in the last minute, as the watchdog saw it."),
		diskFree:   g("oroshi_disk_free_ratio", "Share of the data directory's file system that is free."),
		lastBackup: g("oroshi_last_backup_timestamp_seconds", "Unix time of the last good backup (0: unknown)."),
	}
	out.diskFree.Set(1) // until measured: a follower must not look full
	return out
}

func (g *gauges) collectors() []prometheus.Collector {
	return []prometheus.Collector{g.checkOK, g.leader, g.queueLag, g.errorRate, g.diskFree, g.lastBackup}
}

// reset marks every check passing: a follower must not keep reporting what
// it saw while it led.
func (g *gauges) reset(checks []Check) {
	for _, c := range checks {
		g.checkOK.WithLabelValues(c.Name).Set(1)
	}
}
