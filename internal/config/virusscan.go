package config

import (
	"strconv"
	"time"
)

// VirusScan is the clamd that every upload is scanned by before it is
// stored (internal/virusscan). Addr "" disables scanning.
type VirusScan struct {
	// Addr is clamd's "host:port" or unix socket path (OROSHI_CLAMD_ADDR).
	Addr string
	// MaxBytes is the largest file clamd accepts; it must not exceed
	// clamd's StreamMaxLength (OROSHI_CLAMD_MAX_BYTES, default 25 MiB,
	// clamd's default). Larger uploads are refused.
	MaxBytes int64
	// Timeout bounds one scan (OROSHI_CLAMD_TIMEOUT, default 30s).
	Timeout time.Duration
}

func (c *Config) loadVirusScan(getenv func(string) string) error {
	v := VirusScan{Addr: getenv("OROSHI_CLAMD_ADDR"), MaxBytes: 25 << 20, Timeout: 30 * time.Second}
	if s := getenv("OROSHI_CLAMD_MAX_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1024 || n > 4<<30 {
			return &Error{"OROSHI_CLAMD_MAX_BYTES", s, "must be a number of bytes from 1024 to 4 GiB, at most clamd's StreamMaxLength"}
		}
		v.MaxBytes = n
	}
	if s := getenv("OROSHI_CLAMD_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Second || d > 10*time.Minute {
			return &Error{"OROSHI_CLAMD_TIMEOUT", s, "must be a duration from 1s to 10m, e.g. 30s"}
		}
		v.Timeout = d
	}
	c.VirusScan = v
	return nil
}
