//go:build linux

package crash

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// bin is the oroshi binary under test, built by TestMain when enabled.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv("OROSHI_CRASHTEST") == "1" && !testing.Short() {
		dir, err := os.MkdirTemp("", "oroshi-crash-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "crash:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "oroshi")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/oroshi")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "crash: go build: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// enabled skips unless OROSHI_CRASHTEST=1 (make crashtest).
func enabled(t *testing.T) {
	t.Helper()
	if bin == "" {
		t.Skip("crash tests run with OROSHI_CRASHTEST=1 (make crashtest)")
	}
}

// envInt reads a tuning knob of the run, e.g. OROSHI_CRASH_CYCLES.
func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// node is the settings of one oroshi installation: a data directory and a
// database, shared by every process started on it.
type node struct {
	env []string
}

// newNode prepares settings for engine ("sqlite" or "postgres"); dbURL
// overrides the fresh PostgreSQL database.
func newNode(t *testing.T, engine, dbURL string) *node {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OROSHI_") {
			env = append(env, kv)
		}
	}
	fonts, err := filepath.Abs(filepath.Join("..", "..", "var", "fonts"))
	if err != nil {
		t.Fatal(err)
	}
	env = append(env, "OROSHI_DATA_DIR="+t.TempDir(), "OROSHI_LOG_FORMAT=json", "OROSHI_FONT_DIR="+fonts)
	if engine == "postgres" && dbURL == "" {
		dbURL = freshPostgres(t)
	}
	if dbURL != "" {
		env = append(env, "OROSHI_DATABASE_URL="+dbURL)
	}
	return &node{env: env}
}

// cli runs one oroshi subcommand to completion and returns its stdout.
func (n *node) cli(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = n.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oroshi %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// proc is one running `oroshi serve`.
type proc struct {
	base   string
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
	out    *syncBuffer
}

// serve starts `oroshi serve` on port and waits until /readyz says 200.
func (n *node) serve(t *testing.T, port string, extra ...string) *proc {
	t.Helper()
	p := &proc{base: "http://127.0.0.1:" + port, exited: make(chan struct{}), out: &syncBuffer{}}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(append(n.env, "OROSHI_HTTP_ADDR=127.0.0.1:"+port, "OROSHI_BASE_URL="+p.base), extra...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start oroshi serve: %v", err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.kill() })
	p.waitReady(t, 30*time.Second)
	return p
}

func (p *proc) waitReady(t *testing.T, within time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(within)
	for {
		resp, err := client.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("oroshi serve not ready within %s\n%s", within, p.out)
		}
		select {
		case <-p.exited:
			t.Fatalf("oroshi serve exited before it was ready: %v\n%s", p.err, p.out)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// kill ends the process at once, as a power cut or the OOM killer would.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// term asks for a graceful stop and waits for a clean exit.
func (p *proc) term(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("SIGTERM: %v", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("oroshi serve did not exit cleanly after SIGTERM: %v\n%s", p.err, p.out)
		}
	case <-time.After(40 * time.Second):
		p.kill()
		t.Errorf("oroshi serve still running 40s after SIGTERM; killed")
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// pgAdmin opens the PostgreSQL that may CREATE DATABASE, or skips (fails
// under OROSHI_REQUIRE_POSTGRES=1) when none answers.
func pgAdmin(t *testing.T) (*sql.DB, string) {
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
		if os.Getenv("OROSHI_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL is required (OROSHI_REQUIRE_POSTGRES=1): %v", err)
		}
		t.Skipf("no PostgreSQL (set OROSHI_TEST_DATABASE_URL): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, admin
}

// freshPostgres creates an empty database, dropped when the test ends.
func freshPostgres(t *testing.T) string {
	t.Helper()
	db, admin := pgAdmin(t)
	name := fmt.Sprintf("oroshi_crash_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
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
