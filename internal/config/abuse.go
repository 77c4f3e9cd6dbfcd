package config

import (
	"net/netip"
	"strings"
)

// Abuse configures the abuse guard (internal/abuse).
type Abuse struct {
	// Exempt client addresses are never scored, blocked nor rate limited.
	// Empty by default: loopback is not exempt either.
	Exempt []netip.Prefix
}

// loadAbuse reads OROSHI_ABUSE_EXEMPT: comma-separated addresses or CIDR
// prefixes, e.g. "127.0.0.1,10.0.0.0/8".
func (c *Config) loadAbuse(getenv func(string) string) error {
	v := getenv("OROSHI_ABUSE_EXEMPT")
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := parsePrefix(f)
		if err != nil {
			return &Error{"OROSHI_ABUSE_EXEMPT", v, "must be a comma-separated list of IP addresses or CIDR prefixes"}
		}
		c.Abuse.Exempt = append(c.Abuse.Exempt, p)
	}
	return nil
}

// parsePrefix reads "10.0.0.0/8" or a single address "192.0.2.1".
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}
