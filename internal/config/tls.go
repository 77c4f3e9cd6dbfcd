package config

import (
	"net"
	"net/netip"
	"strings"
)

// TLS is native HTTPS for `oroshi serve` and the proxies whose
// X-Forwarded-For is believed.
type TLS struct {
	CertFile string // OROSHI_TLS_CERT / --tls-cert: PEM certificate chain
	KeyFile  string // OROSHI_TLS_KEY / --tls-key: PEM private key
	// RedirectAddr (OROSHI_HTTP_REDIRECT_ADDR / --http-redirect-addr), when
	// set with TLS, answers every plain-HTTP request there with 308 to https.
	RedirectAddr string
	// TrustedProxies (OROSHI_TRUSTED_PROXIES, comma-separated CIDRs or
	// addresses): peers whose X-Forwarded-For names the real client.
	TrustedProxies []netip.Prefix
}

// Enabled tells whether the server itself speaks TLS.
func (t TLS) Enabled() bool { return t.CertFile != "" }

func (c *Config) loadTLS(getenv func(string) string) error {
	c.TLS.CertFile = getenv("OROSHI_TLS_CERT")
	c.TLS.KeyFile = getenv("OROSHI_TLS_KEY")
	c.TLS.RedirectAddr = getenv("OROSHI_HTTP_REDIRECT_ADDR")
	v := getenv("OROSHI_TRUSTED_PROXIES")
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		p, err := parsePrefix(s) // abuse.go
		if err != nil {
			return &Error{"OROSHI_TRUSTED_PROXIES", v, "must be comma-separated CIDRs or addresses, e.g. 127.0.0.1/32,10.0.0.0/8"}
		}
		c.TLS.TrustedProxies = append(c.TLS.TrustedProxies, p)
	}
	return nil
}

// validateTLS checks the TLS settings, which flags may also have set.
func (c *Config) validateTLS() error {
	t := c.TLS
	if (t.CertFile == "") != (t.KeyFile == "") {
		return &Error{"OROSHI_TLS_KEY", t.KeyFile, "OROSHI_TLS_CERT and OROSHI_TLS_KEY must be set together"}
	}
	if t.RedirectAddr != "" {
		if !t.Enabled() {
			return &Error{"OROSHI_HTTP_REDIRECT_ADDR", t.RedirectAddr, "needs OROSHI_TLS_CERT and OROSHI_TLS_KEY"}
		}
		if _, _, err := net.SplitHostPort(t.RedirectAddr); err != nil {
			return &Error{"OROSHI_HTTP_REDIRECT_ADDR", t.RedirectAddr, "must be host:port, e.g. :80"}
		}
	}
	if t.Enabled() && strings.HasPrefix(c.BaseURL, "http://") {
		return &Error{"OROSHI_BASE_URL", c.BaseURL, "must be https:// when OROSHI_TLS_CERT is set"}
	}
	return nil
}

// Secure tells whether browsers reach the site over HTTPS: served with TLS
// here, or behind a TLS proxy named by an https OROSHI_BASE_URL. Cookies
// are then Secure with the __Host- prefix and every answer carries HSTS.
func (c *Config) Secure() bool {
	return c.TLS.Enabled() || strings.HasPrefix(c.BaseURL, "https://")
}
