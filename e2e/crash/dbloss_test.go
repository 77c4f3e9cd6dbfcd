//go:build linux

package crash

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDatabaseLoss stops a throwaway PostgreSQL cluster under a running
// server: pages, the API and /readyz must answer 503 quickly (no hang, no
// 500), and the server must serve again by itself once the cluster is back.
func TestDatabaseLoss(t *testing.T) {
	enabled(t)
	pg := newCluster(t)
	n := newNode(t, "postgres", pg.url)
	key := seedKey(t, n)
	p := n.serve(t, freePort(t))
	c := newAPIClient(p.base, key, 2)
	probes := []string{"/api/v1/products", "/sakura/login", "/readyz"}
	for _, path := range probes {
		if status, took := probe(c, path); status != http.StatusOK {
			t.Fatalf("GET %s before the outage: %d (%s)", path, status, took)
		}
	}
	pg.ctl(t, "stop", "-m", "immediate")
	for range 2 { // the first request meets the broken pooled connections
		for _, path := range probes {
			status, took := probe(c, path)
			t.Logf("database down: GET %s → %d in %s", path, status, took)
			if status != http.StatusServiceUnavailable {
				t.Errorf("GET %s with the database down: %d, want 503", path, status)
			}
			if took > 5*time.Second {
				t.Errorf("GET %s with the database down took %s, want < 5s", path, took)
			}
		}
	}
	pg.start(t)
	t0 := time.Now()
	for _, path := range probes {
		for {
			status, _ := probe(c, path)
			if status == http.StatusOK {
				break
			}
			if time.Since(t0) > 30*time.Second {
				t.Fatalf("GET %s still %d 30s after the database returned\n%s", path, status, p.out)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	t.Logf("recovered %s after the database returned", time.Since(t0).Round(time.Millisecond))
	if t.Failed() {
		t.Logf("oroshi serve output:\n%s", p.out)
	}
	for line := range strings.Lines(p.out.String()) {
		if strings.Contains(line, "goroutine ") || strings.Contains(line, "panic") {
			t.Errorf("the server logged a stack or panic: %s", line)
		}
	}
	p.term(t)
}

// probe GETs path and says what came back and how long it took.
func probe(c *apiClient, path string) (int, time.Duration) {
	t0 := time.Now()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.key)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, time.Since(t0)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, time.Since(t0)
}

// cluster is a throwaway PostgreSQL owned by the postgres user, on a free
// port: stopping it cannot disturb the machine's own server.
type cluster struct {
	dir, port, url string
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	initdb := pgTool("initdb")
	u, err := user.Lookup("postgres")
	if initdb == "" || err != nil || os.Geteuid() != 0 {
		if os.Getenv("OROSHI_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("a throwaway PostgreSQL needs root, a postgres user and initdb (initdb %q, %v)", initdb, err)
		}
		t.Skip("no throwaway PostgreSQL: needs root, a postgres user and initdb")
	}
	dir, err := os.MkdirTemp("", "oroshi-crash-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	c := &cluster{dir: dir, port: freePort(t)}
	c.url = "postgres://postgres@127.0.0.1:" + c.port + "/postgres?sslmode=disable&connect_timeout=2"
	asPostgres(t, initdb, "-D", filepath.Join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync")
	c.start(t)
	t.Cleanup(func() {
		_ = exec.Command("runuser", "-u", "postgres", "--", pgTool("pg_ctl"), "-D", filepath.Join(dir, "data"), "stop", "-m", "immediate").Run()
	})
	return c
}

func (c *cluster) start(t *testing.T) {
	t.Helper()
	c.ctl(t, "start", "-w", "-l", filepath.Join(c.dir, "log"),
		"-o", "-p "+c.port+" -k "+c.dir+" -c listen_addresses=127.0.0.1 -c fsync=off")
}

func (c *cluster) ctl(t *testing.T, args ...string) {
	t.Helper()
	asPostgres(t, pgTool("pg_ctl"), append([]string{"-D", filepath.Join(c.dir, "data")}, args...)...)
}

func asPostgres(t *testing.T, tool string, args ...string) {
	t.Helper()
	out, err := exec.Command("runuser", append([]string{"-u", "postgres", "--", tool}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(tool), strings.Join(args, " "), err, out)
	}
}

// pgTool finds a PostgreSQL program on PATH or in Debian's versioned
// directory; "" when there is none.
func pgTool(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return ""
	}
	return matches[len(matches)-1]
}
