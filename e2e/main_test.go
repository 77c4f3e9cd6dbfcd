package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// oroshiBin is the binary under test, built once by TestMain; "" when the
// run is skipped (-short, or no Chromium and none required).
var oroshiBin string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if !testing.Short() && chromiumPath() != "" {
		dir, err := os.MkdirTemp("", "oroshi-e2e-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		if oroshiBin, err = buildOroshi(dir); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
	}
	return m.Run()
}

// buildOroshi builds ./cmd/oroshi from the repository root (the parent of
// this package's directory, where `go test` runs us).
func buildOroshi(dir string) (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("repository root not found at %s: %w", root, err)
	}
	bin := filepath.Join(dir, "oroshi")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/oroshi")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/oroshi: %w\n%s", err, out)
	}
	return bin, nil
}

// chromiumPath finds the browser: Debian's chromium, or a Chrome by another
// name on a developer's machine.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireBrowser skips (or, under OROSHI_REQUIRE_CHROMIUM=1, fails) when the
// journeys cannot run, and says why.
func requireBrowser(t *testing.T) {
	t.Helper()
	switch {
	case testing.Short():
		t.Skip("end-to-end journeys skipped in -short mode")
	case chromiumPath() == "" && os.Getenv("OROSHI_REQUIRE_CHROMIUM") == "1":
		t.Fatal("Chromium is required (OROSHI_REQUIRE_CHROMIUM=1) but none is on PATH; install Debian's `chromium`")
	case chromiumPath() == "":
		t.Skip("end-to-end journeys skipped: no chromium on PATH (apt-get install chromium fonts-noto-cjk; " +
			"set OROSHI_REQUIRE_CHROMIUM=1 to make this a failure)")
	case oroshiBin == "":
		t.Fatal("the oroshi binary was not built")
	}
}
