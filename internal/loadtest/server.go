package loadtest

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
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the throwaway PostgreSQL database
)

// ServerOptions say how to build, seed and start the server under test.
type ServerOptions struct {
	Root     string   // module root: where `go build ./cmd/oroshi` runs; fonts in Root/var/fonts
	WorkDir  string   // binary and SQLite data directory
	Engine   string   // "sqlite" or "postgres"
	AdminURL string   // PostgreSQL: a database to run CREATE/DROP DATABASE in
	Seed     []string // the seeding subcommand and flags; default `demo`
	Tenant   string   // the seeded tenant's slug; default "sakura"
	Buyers   []string // buyer company codes the extra buyer users belong to; default B001–B003
	NBuyers  int      // extra buyer users (purchasers), created through the store (accounts.go)
	NStaff   int      // extra seller staff users, likewise
	Profile  bool     // serve pprof on a loopback debug listener (Server.DebugBase)
	Bin      string   // a binary built before (BuildBinary); "" builds one into WorkDir
}

// Server is a running `oroshi serve` with its extra users and API key.
type Server struct {
	Base, Tenant, Engine string
	DebugBase            string   // pprof listener when ServerOptions.Profile
	BuyerCodes           []string // the companies of the extra buyer users (ServerOptions.Buyers)
	PID                  int
	Buyers, Staff        []Account
	APIKey               string
	cmd                  *exec.Cmd
	env                  []string
	bin                  string
	cleanup              []func() error
	log                  bytes.Buffer
}

const userPassword = "load-test-2026-pass"

// StartServer builds the binary, prepares a fresh database, seeds it, adds
// users and an API key through the CLI and starts `oroshi serve`.
func StartServer(ctx context.Context, o ServerOptions) (*Server, error) {
	o.defaults()
	s := &Server{Tenant: o.Tenant, Engine: o.Engine, BuyerCodes: o.Buyers, bin: o.Bin}
	if s.bin == "" {
		s.bin = filepath.Join(o.WorkDir, "oroshi")
		if err := BuildBinary(ctx, o.Root, s.bin); err != nil {
			return nil, err
		}
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s.Base = "http://" + addr
	s.env = append(withoutOroshi(os.Environ()), "OROSHI_DATA_DIR="+filepath.Join(o.WorkDir, "data"),
		"OROSHI_HTTP_ADDR="+addr, "OROSHI_BASE_URL="+s.Base, "OROSHI_LOG_LEVEL=warn",
		"OROSHI_FONT_DIR="+filepath.Join(o.Root, "var", "fonts"), "OROSHI_ABUSE_EXEMPT=127.0.0.1")
	if o.Profile {
		daddr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		s.DebugBase = "http://" + daddr
		s.env = append(s.env, "OROSHI_DEBUG_ADDR="+daddr)
	}
	if o.Engine == "postgres" {
		dbURL, drop, err := createDatabase(ctx, o.AdminURL)
		if err != nil {
			return nil, err
		}
		s.cleanup = append(s.cleanup, drop)
		s.env = append(s.env, "OROSHI_DATABASE_URL="+dbURL)
	}
	if err := s.seed(ctx, o); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// BuildBinary builds `oroshi` from the module at root into bin.
func BuildBinary(ctx context.Context, root, bin string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/oroshi")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	return nil
}

func (o *ServerOptions) defaults() {
	if len(o.Seed) == 0 {
		o.Seed = []string{"demo"}
	}
	if o.Tenant == "" {
		o.Tenant = "sakura"
	}
	if len(o.Buyers) == 0 {
		o.Buyers = []string{"B001", "B002", "B003"} // the demo buyers with delivery addresses
	}
	if o.Engine == "" {
		o.Engine = "sqlite"
	}
}

// seed runs the seeding subcommand, then creates the users and the key.
func (s *Server) seed(ctx context.Context, o ServerOptions) error {
	if _, err := s.run(ctx, "", o.Seed...); err != nil {
		return err
	}
	if err := s.createAccounts(ctx, o); err != nil {
		return err
	}
	out, err := s.run(ctx, "", "apikey", "create", "--tenant", s.Tenant, "--name", "load test", "--scopes", "orders:read")
	if err != nil {
		return err
	}
	s.APIKey = strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if !strings.HasPrefix(s.APIKey, "oroshi_") {
		return fmt.Errorf("apikey create printed no key:\n%s", out)
	}
	return nil
}

// run runs one CLI subcommand and returns its standard output.
func (s *Server) run(ctx context.Context, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env = s.env
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("oroshi %s: %v\n%s", strings.Join(args[:min(2, len(args))], " "), err, stderr.String())
	}
	return string(out), nil
}

func (s *Server) start(ctx context.Context) error {
	s.cmd = exec.Command(s.bin, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.PID = s.cmd.Process.Pid
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if resp, err := client.Get(s.Base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("oroshi serve not ready after 30 s:\n%s", s.log.String())
}

// LogTail is the last n bytes of the server's output; read it after Close
// (the process writes it while it runs).
func (s *Server) LogTail(n int) string {
	b := s.log.Bytes()
	return string(b[max(0, len(b)-n):])
}

// Close stops the server (SIGINT, then kill after 10 s) and drops the
// throwaway database.
func (s *Server) Close() error {
	var errs []error
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- s.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			errs = append(errs, s.cmd.Process.Kill(), <-done)
		}
	}
	for _, f := range s.cleanup {
		errs = append(errs, f())
	}
	return errors.Join(errs...)
}

// createDatabase creates a database named oroshi_load_<random> next to
// adminURL's and returns its URL and a function dropping it.
func createDatabase(ctx context.Context, adminURL string) (string, func() error, error) {
	db, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "oroshi_load_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	drop := func() error {
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", nil, errors.Join(err, drop())
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func withoutOroshi(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "OROSHI_") {
			out = append(out, e)
		}
	}
	return out
}
