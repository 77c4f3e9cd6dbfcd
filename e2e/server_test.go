package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// server is one `oroshi serve` process on its own data directory and
// database, seeded with the demo tenant.
type server struct {
	base    string            // http://127.0.0.1:port
	secrets map[string]string // e-mail → TOTP secret printed by `oroshi demo`
	cmd     *exec.Cmd
	exited  chan struct{} // closed when cmd.Wait returns; then waitErr is set
	waitErr error
	stderr  *syncBuffer
}

// startServer seeds and starts oroshi on engine ("sqlite" or "postgres");
// the cleanup stops it with SIGTERM and checks that it exits cleanly.
func startServer(t *testing.T, engine string) *server {
	t.Helper()
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	env := append(environWithoutOroshi(),
		"OROSHI_DATA_DIR="+t.TempDir(),
		"OROSHI_HTTP_ADDR=127.0.0.1:"+port,
		"OROSHI_BASE_URL="+base,
		"OROSHI_LOG_FORMAT=json",
		"OROSHI_FONT_DIR="+fontDir(t),
	)
	if engine == "postgres" {
		env = append(env, "OROSHI_DATABASE_URL="+freshPostgres(t))
	}
	s := &server{base: base, secrets: seedDemo(t, env), exited: make(chan struct{}), stderr: &syncBuffer{}}
	s.cmd = exec.Command(oroshiBin, "serve")
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = s.stderr, s.stderr
	s.cmd.SysProcAttr = childProcAttr()
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start oroshi serve: %v", err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })
	s.waitReady(t)
	return s
}

// seedDemo runs `oroshi demo` and reads the TOTP secrets it prints: each
// secret line follows the line of its login.
func seedDemo(t *testing.T, env []string) map[string]string {
	t.Helper()
	// The demo places, ships and bills orders through the services: a few
	// seconds alone, much more on a loaded CI machine with PostgreSQL.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, oroshiBin, "demo")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oroshi demo: %v\n%s", err, stderr.String())
	}
	secrets := map[string]string{}
	const marker = "(TOTP secret):"
	last := ""
	for line := range strings.Lines(string(out)) {
		if f := strings.Fields(line); len(f) >= 2 && strings.Contains(f[1], "@") {
			last = f[1]
		} else if _, secret, ok := strings.Cut(line, marker); ok && last != "" {
			secrets[last] = strings.TrimSpace(secret)
		}
	}
	for _, email := range []string{opsEmail, ownerEmail} {
		if secrets[email] == "" {
			t.Fatalf("oroshi demo printed no TOTP secret for %s:\n%s", email, out)
		}
	}
	return secrets
}

// waitReady polls /readyz: the server has no other way to say it is up.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		resp, err := client.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("oroshi serve not ready within 20s (last: %v)\n%s", describe(resp, err), s.stderr)
		}
		select {
		case <-s.exited:
			t.Fatalf("oroshi serve exited before it was ready: %v\n%s", s.waitErr, s.stderr)
		case <-tick.C:
		}
	}
}

// stop asks for a graceful shutdown, as systemd or Kubernetes would, and
// fails unless the server drains and exits 0 within 10 s. It also fails on
// any error the server logged during the run: a 5xx the browser did not
// notice is still a bug.
func (s *server) stop(t *testing.T) {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("SIGTERM oroshi serve: %v", err)
	}
	select {
	case <-s.exited:
		if s.waitErr != nil {
			t.Errorf("oroshi serve did not exit cleanly after SIGTERM: %v", s.waitErr)
		}
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("oroshi serve still running 10s after SIGTERM; killed")
	}
	for line := range strings.Lines(s.stderr.String()) {
		if strings.Contains(line, `"level":"ERROR"`) {
			t.Errorf("oroshi serve logged an error: %s", strings.TrimSpace(line))
		}
	}
	if t.Failed() {
		t.Logf("oroshi serve output:\n%s", s.stderr)
	}
}

func describe(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

// environWithoutOroshi is this process's environment minus OROSHI_*, so a
// developer's own settings (an SMTP host, a database) cannot change what
// the journeys see.
func environWithoutOroshi() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OROSHI_") {
			env = append(env, kv)
		}
	}
	return env
}

// freePort asks the kernel for a free loopback port. Another process could
// take it before oroshi listens; waitReady then reports the server's error.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// freshPostgres creates an empty database for one server and drops it when
// the test ends (after the server has stopped: cleanups run in reverse).
func freshPostgres(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("OROSHI_TEST_DATABASE_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable&connect_timeout=2"
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("OROSHI_TEST_DATABASE_URL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		msg := fmt.Sprintf("no PostgreSQL at %s: %v", redactURL(admin), err)
		if os.Getenv("OROSHI_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (OROSHI_REQUIRE_POSTGRES=1): %s", msg)
		}
		t.Skipf("PostgreSQL journeys skipped: %s (set OROSHI_TEST_DATABASE_URL)", msg)
	}
	name := "oroshi_e2e_" + randomHex(6)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// syncBuffer collects a child's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// fontDir is the repository's var/fonts (`make fonts`), where the server
// finds the PDF fonts; the tests run in e2e/.
func fontDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "var", "fonts"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
