// Package mailtest starts a real mailpit (loopback SMTP server with an HTTP
// API) for tests, and reads what it received.
//
// mailpit is found on $PATH or in $(go env GOPATH)/bin; install it with
// `go install github.com/axllent/mailpit@v1.33.1`. When it is missing the
// test is skipped, unless OROSHI_REQUIRE_MAILPIT=1 (CI), which fails it.
package mailtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTimeout bounds how long mailpit may take to answer.
const startTimeout = 10 * time.Second

// Start runs a mailpit on free loopback ports for the duration of the test
// and returns its SMTP address and the base URL of its HTTP API.
func Start(t testing.TB) (smtpHost string, smtpPort int, apiURL string) {
	t.Helper()
	bin := binary(t)
	smtpPort, httpPort := freePort(t), freePort(t)
	dir := t.TempDir()
	cmd := exec.Command(bin,
		"--smtp", "127.0.0.1:"+strconv.Itoa(smtpPort),
		"--listen", "127.0.0.1:"+strconv.Itoa(httpPort),
		"--database", filepath.Join(dir, "mp.db"),
		"--smtp-disable-rdns", "--disable-version-check", "--quiet")
	logf, err := os.Create(filepath.Join(dir, "mailpit.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // only the process this test started
		<-done
		logf.Close()
	})
	apiURL = "http://127.0.0.1:" + strconv.Itoa(httpPort)
	if err := waitReady(apiURL, smtpPort, done); err != nil {
		b, _ := os.ReadFile(logf.Name())
		t.Fatalf("mailpit did not start: %v\n%s", err, b)
	}
	return "127.0.0.1", smtpPort, apiURL
}

// binary finds mailpit or skips (fails under OROSHI_REQUIRE_MAILPIT=1).
func binary(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, d := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(d, "bin"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	msg := "mailpit not found on PATH or in $(go env GOPATH)/bin; " +
		"install it with `go install github.com/axllent/mailpit@v1.33.1`"
	if os.Getenv("OROSHI_REQUIRE_MAILPIT") == "1" {
		t.Fatal(msg + " (required: OROSHI_REQUIRE_MAILPIT=1)")
	}
	t.Skip("SMTP tests skipped: " + msg)
	return ""
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before mailpit binds it; on a test machine that is rare enough.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitReady(apiURL string, smtpPort int, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case <-exited:
			return errors.New("mailpit exited")
		case <-ctx.Done():
			return fmt.Errorf("no answer within %s", startTimeout)
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := client.Get(apiURL + "/api/v1/info")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			continue
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(smtpPort)), time.Second)
		if err != nil {
			continue
		}
		c.Close()
		return nil
	}
}
