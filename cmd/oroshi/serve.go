package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve", "serve [--addr HOST:PORT] [--data-dir DIR] [--tls-cert FILE --tls-key FILE [--http-redirect-addr HOST:PORT]]")
	fs.StringVar(&e.cfg.HTTPAddr, "addr", e.cfg.HTTPAddr, "listen address (OROSHI_HTTP_ADDR)")
	fs.StringVar(&e.cfg.DataDir, "data-dir", e.cfg.DataDir, "data directory (OROSHI_DATA_DIR)")
	tlsFlags(fs, &e.cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := e.cfg.Validate(); err != nil {
		return err
	}
	log := logging.New(e.stderr, e.cfg.LogFormat, e.cfg.LogLevel, e.stderrIsTTY)
	if e.cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(e.cfg.MemoryLimit)
	}
	a, err := app.Open(ctx, e.cfg, log, true)
	if err != nil {
		return err
	}
	defer a.Close(context.WithoutCancel(ctx))
	if err := a.StartJobs(ctx); err != nil {
		return err
	}
	a.StartWatchdog(ctx)
	h, err := a.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", e.cfg.HTTPAddr, err)
	}
	if ln, err = listenTLS(ctx, &e.cfg, ln, log); err != nil {
		return err
	}
	if e.cfg.DebugAddr != "" {
		if err := serveDebug(ctx, e.cfg.DebugAddr, log); err != nil {
			return err
		}
	}
	log.Info("oroshi serving", "addr", ln.Addr().String(), "engine", a.Store.Engine(), "version", app.Version,
		"url", e.cfg.PublicURL())
	return serveUntilDone(ctx, a, h, ln, e.cfg.ShutdownDelay, e.cfg.ShutdownTimeout)
}

// serveUntilDone serves until ctx ends (SIGTERM/SIGINT), then drains: /readyz
// turns 503 so a load balancer stops sending, new requests are still served
// for delay, then the listener closes and in-flight requests finish.
func serveUntilDone(ctx context.Context, a *app.App, h http.Handler, ln net.Listener, delay, drain time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: nil}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: draining requests", "timeout", drain.String())
	a.Readiness.SetDraining(true)
	if delay > 0 {
		a.Log.Info("shutting down: /readyz answers 503, still serving", "delay", delay.String())
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-time.After(delay):
		}
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Log.Info("stopped")
	return nil
}
