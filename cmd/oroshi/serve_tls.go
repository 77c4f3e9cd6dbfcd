package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/transport"
)

// tlsFlags adds serve's TLS flags, which override the environment.
func tlsFlags(fs *flag.FlagSet, c *config.Config) {
	fs.StringVar(&c.TLS.CertFile, "tls-cert", c.TLS.CertFile, "PEM certificate chain: serve HTTPS (OROSHI_TLS_CERT)")
	fs.StringVar(&c.TLS.KeyFile, "tls-key", c.TLS.KeyFile, "PEM private key (OROSHI_TLS_KEY)")
	fs.StringVar(&c.TLS.RedirectAddr, "http-redirect-addr", c.TLS.RedirectAddr,
		"also listen here and redirect every plain-HTTP request to https, e.g. :80 (OROSHI_HTTP_REDIRECT_ADDR)")
}

// listenTLS wraps ln in TLS when a certificate is configured (TLS 1.2 and
// 1.3, AEAD suites only) and starts the plain-HTTP redirector, which stops
// with ctx. Without a certificate ln is returned as it is.
func listenTLS(ctx context.Context, c *config.Config, ln net.Listener, log *slog.Logger) (net.Listener, error) {
	if !c.TLS.Enabled() {
		return ln, nil
	}
	tc, err := transport.Config(c.TLS.CertFile, c.TLS.KeyFile)
	if err != nil {
		ln.Close()
		return nil, &config.Error{Name: "OROSHI_TLS_CERT", Value: c.TLS.CertFile, Reason: err.Error()}
	}
	if c.TLS.RedirectAddr != "" {
		if err := redirectHTTP(ctx, c, ln.Addr().String(), log); err != nil {
			ln.Close()
			return nil, err
		}
	}
	return tls.NewListener(ln, tc), nil
}

// redirectHTTP listens on the redirect address and answers 308 to https
// until ctx ends.
func redirectHTTP(ctx context.Context, c *config.Config, tlsAddr string, log *slog.Logger) error {
	rl, err := net.Listen("tcp", c.TLS.RedirectAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.TLS.RedirectAddr, err)
	}
	host := ""
	if u, err := url.Parse(c.BaseURL); err == nil && c.BaseURL != "" {
		host = u.Host
	}
	srv := &http.Server{Handler: transport.Redirect(host, tlsAddr), ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: 10 * time.Second, MaxHeaderBytes: 16 << 10}
	go func() {
		if err := srv.Serve(rl); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP redirector stopped", "err", err)
		}
	}()
	context.AfterFunc(ctx, func() { srv.Close() })
	log.Info("redirecting plain HTTP to https", "addr", rl.Addr().String())
	return nil
}
