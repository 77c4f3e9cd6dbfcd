package config

import "time"

// loadRestart reads the settings of rolling restarts and scheduled jobs:
//
//   - OROSHI_SHUTDOWN_DELAY (default 0): on SIGTERM, how long serve keeps
//     serving while /readyz answers 503, so that a load balancer probing
//     /readyz stops sending before the listener closes (e.g. 5s under
//     Kubernetes; nginx's passive checks need none).
//   - OROSHI_JOBS_SWEEP_INTERVAL (default 1m, at least 1s): how often the
//     periodic outbox sweep runs. Tests shorten it to count runs of a
//     periodic job across several servers.
func (c *Config) loadRestart(getenv func(string) string) error {
	if v := getenv("OROSHI_SHUTDOWN_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > time.Minute {
			return &Error{"OROSHI_SHUTDOWN_DELAY", v, "must be a duration from 0s to 1m, such as 5s"}
		}
		c.ShutdownDelay = d
	}
	if v := getenv("OROSHI_JOBS_SWEEP_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return &Error{"OROSHI_JOBS_SWEEP_INTERVAL", v, "must be a duration of at least 1s, such as 30s or 1m"}
		}
		c.JobsSweepInterval = d
	}
	return nil
}
