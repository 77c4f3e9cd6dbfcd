package transport

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// HSTS is the Strict-Transport-Security value: two years, subdomains too.
const HSTS = "max-age=63072000; includeSubDomains"

// Headers sets the security headers of every answer, before next runs:
// a CSP that allows nothing (the web pages replace it with their own
// strict one), no framing, no sniffing, no referrer, and HSTS when the
// site is reached over HTTPS (secure) or this request came over TLS.
// Health, metrics, the API and the 404s outside every area get them too.
// Every cookie set below is hardened (cookies.go).
func Headers(secure bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		tls := secure || r.TLS != nil
		if tls {
			h.Set("Strict-Transport-Security", HSTS)
		}
		cw := &cookieWriter{ResponseWriter: w, secure: tls}
		next.ServeHTTP(cw, r)
		cw.fix() // an answer with no body and no explicit status
	})
}

// RealClient makes r.RemoteAddr the real client's address when the peer
// is a trusted proxy: the right-most address of X-Forwarded-For that is
// not itself a trusted proxy (addresses left of it could be forged by the
// client). Everything downstream (access log, rate limits, sessions)
// reads r.RemoteAddr. Without trusted proxies the header is ignored.
func RealClient(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := forwardedClient(r, isTrusted); ok {
			r2 := *r
			r2.RemoteAddr = net.JoinHostPort(c.String(), "0")
			r = &r2
		}
		next.ServeHTTP(w, r)
	})
}

// forwardedClient finds the client named by a trusted peer's
// X-Forwarded-For; false when the peer is not trusted or names no one.
func forwardedClient(r *http.Request, isTrusted func(netip.Addr) bool) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !isTrusted(ap.Addr()) {
		return netip.Addr{}, false
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, false // garbage: keep the proxy's own address
		}
		if !isTrusted(a) {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}
