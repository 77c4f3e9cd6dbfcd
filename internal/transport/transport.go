// Package transport is what oroshi does at the edge of HTTP: the TLS
// settings of `oroshi serve`, the plain-HTTP redirector, the security
// headers every answer carries, and the real client address behind a
// trusted proxy.
package transport

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// CipherSuites are the TLS 1.2 suites offered: forward secrecy (ECDHE)
// and AEAD (AES-GCM, ChaCha20-Poly1305) only; no CBC, no RSA key
// exchange. TLS 1.3's suites are fixed by Go and all qualify.
var CipherSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
}

// Curves are the key exchanges offered: the post-quantum hybrid first,
// then X25519 and P-256.
var Curves = []tls.CurveID{tls.X25519MLKEM768, tls.X25519, tls.CurveP256}

// Config is the server's TLS configuration: TLS 1.2 and 1.3 only, the
// suites and curves above, and the certificate read from certFile and
// keyFile (read again when either file changes, so a renewed certificate
// is served without a restart).
func Config(certFile, keyFile string) (*tls.Config, error) {
	kp := &keyPair{cert: certFile, key: keyFile}
	if err := kp.load(); err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS13,
		CipherSuites: CipherSuites, CurvePreferences: Curves, NextProtos: []string{"h2", "http/1.1"},
		GetCertificate: kp.certificate}, nil
}

// keyPair is a certificate and key on disk, checked for changes at most
// once a minute.
type keyPair struct {
	cert, key string
	mu        sync.Mutex
	current   *tls.Certificate
	modified  time.Time // newer of the two files' modification times
	checked   time.Time
}

func (k *keyPair) load() error {
	c, err := tls.LoadX509KeyPair(k.cert, k.key)
	if err != nil {
		return fmt.Errorf("TLS certificate %s and key %s: %w", k.cert, k.key, err)
	}
	k.current, k.modified, k.checked = &c, k.mtime(), time.Now()
	return nil
}

func (k *keyPair) mtime() time.Time {
	var newest time.Time
	for _, f := range []string{k.cert, k.key} {
		if fi, err := os.Stat(f); err == nil && fi.ModTime().After(newest) {
			newest = fi.ModTime()
		}
	}
	return newest
}

// certificate serves the current pair; a renewal that fails to load
// keeps the previous one.
func (k *keyPair) certificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if time.Since(k.checked) > time.Minute {
		k.checked = time.Now()
		if k.mtime().After(k.modified) {
			_ = k.load()
		}
	}
	return k.current, nil
}

// Redirect answers every request with 308 Permanent Redirect to the same
// path and query over https, at host ("host[:port]" of the public URL) or,
// when host is "", at the request's host name and the port of tlsAddr
// (left out when 443). Health probes too: nothing is served over plain
// HTTP, so probes belong on the TLS port.
func Redirect(host, tlsAddr string) http.Handler {
	_, port, _ := net.SplitHostPort(tlsAddr)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := host
		if h == "" {
			h = r.Host
			if hh, _, err := net.SplitHostPort(r.Host); err == nil {
				h = hh
			}
			if port != "" && port != "443" {
				h = net.JoinHostPort(h, port)
			}
		}
		u := url.URL{Scheme: "https", Host: h, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
		w.Header().Set("Connection", "close")
		http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
	})
}
