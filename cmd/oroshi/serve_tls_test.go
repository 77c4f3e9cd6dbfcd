package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/transport/transporttest"
)

// lockedBuffer collects log output written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// tlsServer is `oroshi serve` with a self-signed certificate (from the
// environment) and a plain-HTTP redirector (from a flag), on free ports.
type tlsServer struct {
	addr, redirect string
	pool           *x509.CertPool
	handshakes     *lockedBuffer // net/http's log: handshake errors
}

func startTLSServe(t *testing.T) *tlsServer {
	t.Helper()
	certFile, keyFile, pool := transporttest.SelfSigned(t, t.TempDir())
	s := &tlsServer{addr: transporttest.FreeAddr(t), redirect: transporttest.FreeAddr(t), pool: pool, handshakes: &lockedBuffer{}}
	log.SetOutput(s.handshakes) // http.Server with no ErrorLog logs here
	env := engineEnv(t, "sqlite")
	env["OROSHI_TLS_CERT"], env["OROSHI_TLS_KEY"] = certFile, keyFile
	ctx, cancel := context.WithCancel(context.Background())
	done, stderr := make(chan error, 1), &lockedBuffer{}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", s.addr, "--http-redirect-addr", s.redirect},
			func(k string) string { return env[k] }, &bytes.Buffer{}, stderr)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		log.SetOutput(os.Stderr)
	})
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		c, err := tls.Dial("tcp", s.addr, &tls.Config{RootCAs: pool})
		if err == nil {
			c.Close()
			return s
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer TLS on %s: %v\n%s", s.addr, err, stderr)
		}
	}
}

// client is an HTTPS client trusting the test certificate, not
// following redirects.
func (s *tlsServer) client() *http.Client {
	return &http.Client{Timeout: 10 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.pool}, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func sleepShort() { time.Sleep(100 * time.Millisecond) }
