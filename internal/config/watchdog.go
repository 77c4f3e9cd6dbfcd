package config

import (
	"strconv"
	"time"
)

// Watchdog configures the in-process watchdog of `oroshi serve`: how often
// it checks, and the threshold of each check. A check fails (and operators
// are mailed) when its figure crosses the threshold.
type Watchdog struct {
	Disabled     bool          // OROSHI_WATCHDOG=off
	Interval     time.Duration // OROSHI_WATCHDOG_INTERVAL, default 15s
	QueueLag     time.Duration // OROSHI_WATCHDOG_QUEUE_LAG: oldest available job older than this, default 5m
	ErrorRate    float64       // OROSHI_WATCHDOG_ERROR_RATE: share of 5xx in the last minute, default 0.05
	MinErrorReqs int           // OROSHI_WATCHDOG_ERROR_MIN_REQUESTS: fewer requests than this never fail, default 20
	DiskFree     float64       // OROSHI_WATCHDOG_DISK_FREE: least share of the data dir's disk free, default 0.10
	BackupAge    time.Duration // OROSHI_WATCHDOG_BACKUP_AGE: last good backup older than this, default 26h
}

// DefaultWatchdog is the watchdog without any variable set.
func DefaultWatchdog() Watchdog {
	return Watchdog{Interval: 15 * time.Second, QueueLag: 5 * time.Minute, ErrorRate: 0.05,
		MinErrorReqs: 20, DiskFree: 0.10, BackupAge: 26 * time.Hour}
}

func (c *Config) loadWatchdog(getenv func(string) string) error {
	w := DefaultWatchdog()
	switch v := getenv("OROSHI_WATCHDOG"); v {
	case "", "on":
	case "off":
		w.Disabled = true
	default:
		return &Error{"OROSHI_WATCHDOG", v, "must be on or off"}
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{
		{"OROSHI_WATCHDOG_INTERVAL", &w.Interval},
		{"OROSHI_WATCHDOG_QUEUE_LAG", &w.QueueLag},
		{"OROSHI_WATCHDOG_BACKUP_AGE", &w.BackupAge},
	} {
		if v := getenv(d.name); v != "" {
			parsed, err := time.ParseDuration(v)
			if err != nil || parsed <= 0 {
				return &Error{d.name, v, "must be a positive duration such as 15s or 26h"}
			}
			*d.dst = parsed
		}
	}
	if err := loadShare(getenv, "OROSHI_WATCHDOG_ERROR_RATE", &w.ErrorRate); err != nil {
		return err
	}
	if err := loadShare(getenv, "OROSHI_WATCHDOG_DISK_FREE", &w.DiskFree); err != nil {
		return err
	}
	if v := getenv("OROSHI_WATCHDOG_ERROR_MIN_REQUESTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return &Error{"OROSHI_WATCHDOG_ERROR_MIN_REQUESTS", v, "must be a whole number of at least 1"}
		}
		w.MinErrorReqs = n
	}
	c.Watchdog = w
	return nil
}

// loadShare reads a share between 0 and 1 ("0.05" is 5 %).
func loadShare(getenv func(string) string, name string, dst *float64) error {
	v := getenv(name)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || f >= 1 {
		return &Error{name, v, "must be a share between 0 and 1, e.g. 0.05"}
	}
	*dst = f
	return nil
}
