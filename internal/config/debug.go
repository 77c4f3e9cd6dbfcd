package config

import (
	"net"
	"net/netip"
)

// loadDebug reads OROSHI_DEBUG_ADDR: a second listener serving Go's
// profiler (/debug/pprof/) for performance work. It must be a loopback
// address, because profiles show request data and the endpoint has no
// sign-in; "" (the default) serves nothing.
func (c *Config) loadDebug(getenv func(string) string) error {
	s := getenv("OROSHI_DEBUG_ADDR")
	if s == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		return &Error{"OROSHI_DEBUG_ADDR", s, "must be host:port on loopback, e.g. 127.0.0.1:6060"}
	}
	if host != "localhost" {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.IsLoopback() {
			return &Error{"OROSHI_DEBUG_ADDR", s, "must be a loopback address (127.0.0.1, ::1 or localhost): profiles carry request data"}
		}
	}
	c.DebugAddr = s
	return nil
}
