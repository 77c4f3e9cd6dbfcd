//go:build linux

package crash

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestZeroDowntimeRestart runs two servers on one PostgreSQL database behind
// nginx, restarts each in turn with SIGTERM under a load of pages and API
// calls, and counts failed requests (want 0). The periodic outbox sweep,
// every second, must run once per interval across both servers (River's
// leader), not once per server.
func TestZeroDowntimeRestart(t *testing.T) {
	enabled(t)
	nginx := nginxPath(t)
	n := newNode(t, "postgres", "")
	key := seedKey(t, n)
	extra := []string{"OROSHI_JOBS_SWEEP_INTERVAL=1s", "OROSHI_TRUSTED_PROXIES=127.0.0.1/32", "OROSHI_SHUTDOWN_DELAY=1s"}
	ports := []string{freePort(t), freePort(t)}
	procs := []*proc{n.serve(t, ports[0], extra...), n.serve(t, ports[1], extra...)}
	front := startNginx(t, nginx, ports)
	f := newFixture(t, newAPIClient(front, key, 2), 2)
	clients := workerClients(t, n, front, 4)

	ctx, stop := context.WithCancel(context.Background())
	var sent, failed atomic.Int64
	var fails sync.Map
	var wg sync.WaitGroup
	for w := range clients {
		wg.Go(func() { mixedLoad(ctx, clients[w], f, w, &sent, &failed, &fails) })
	}
	started := time.Now()
	for i, p := range procs {
		time.Sleep(2 * time.Second)
		t0 := time.Now()
		p.drain(t)
		procs[i] = n.serve(t, ports[i], extra...)
		t.Logf("server %d restarted in %s", i+1, time.Since(t0).Round(time.Millisecond))
	}
	time.Sleep(2 * time.Second)
	stop()
	wg.Wait()
	elapsed := time.Since(started)
	fails.Range(func(k, v any) bool { t.Errorf("failed: %s (%d times)", k, v.(*atomic.Int64).Load()); return true })
	t.Logf("%d requests through nginx in %s while restarting both servers: %d failed",
		sent.Load(), elapsed.Round(time.Millisecond), failed.Load())
	checkSweeps(t, n, elapsed)
	for _, p := range procs {
		p.term(t)
	}
}

// mixedLoad sends a page, an API read and an order (with an
// Idempotency-Key, sent once: a failure counts) until ctx ends.
func mixedLoad(ctx context.Context, c *apiClient, f fixture, w int, sent, failed *atomic.Int64, fails *sync.Map) {
	note := func(what string, status int, err error, want int) {
		sent.Add(1)
		if err == nil && status == want {
			return
		}
		failed.Add(1)
		k := fmt.Sprintf("%s → %d %v", what, status, err)
		v, _ := fails.LoadOrStore(k, new(atomic.Int64))
		v.(*atomic.Int64).Add(1)
	}
	for i := 0; ctx.Err() == nil; i++ {
		status, _, err := c.call(http.MethodGet, "/sakura/login", nil, "")
		note("GET /sakura/login", status, err, http.StatusOK)
		status, _, err = c.call(http.MethodGet, "/api/v1/products/"+f.product, nil, "")
		note("GET /api/v1/products/{id}", status, err, http.StatusOK)
		b := f.buyers[(w+i)%len(f.buyers)]
		key := fmt.Sprintf("zdr-%d-%d", w, i)
		body := map[string]any{"buyer_id": b[0], "ship_to_id": b[1], "po_number": key,
			"lines": []map[string]any{{"sku_id": f.skus[i%len(f.skus)], "quantity": 1}}}
		status, _, err = c.call(http.MethodPost, "/api/v1/orders", body, key)
		note("POST /api/v1/orders", status, err, http.StatusCreated)
	}
}

// checkSweeps counts the periodic sweep's jobs: one server's schedule gives
// about one per second, plus a run at start-up of each new leader; two
// schedulers would give twice as many.
func checkSweeps(t *testing.T, n *node, elapsed time.Duration) {
	t.Helper()
	db, err := sql.Open("pgx", n.databaseURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var count int
	var first, last time.Time
	err = db.QueryRow(`SELECT count(*), min(created_at), max(created_at) FROM river_job WHERE kind = 'sweep_mail_outbox'`).
		Scan(&count, &first, &last)
	if err != nil {
		t.Fatalf("count sweeps: %v", err)
	}
	span := last.Sub(first)
	limit := int(span/time.Second) + 1 + 2 // + a start-up run per new leader (one per restart at most)
	t.Logf("periodic sweep (every 1s): %d runs over %s (test ran %s); at most %d expected, about %d if doubled",
		count, span.Round(time.Millisecond), elapsed.Round(time.Millisecond), limit, 2*int(span/time.Second)+2)
	if count < 3 || count > limit {
		t.Errorf("periodic sweep ran %d times over %s: want 3..%d (once per interval across servers)", count, span, limit)
	}
}

// databaseURL is the node's OROSHI_DATABASE_URL.
func (n *node) databaseURL() string {
	const prefix = "OROSHI_DATABASE_URL="
	for _, kv := range n.env {
		if len(kv) > len(prefix) && kv[:len(prefix)] == prefix {
			return kv[len(prefix):]
		}
	}
	return ""
}

// nginxPath finds nginx, or skips (fails under OROSHI_REQUIRE_NGINX=1).
func nginxPath(t *testing.T) string {
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("OROSHI_REQUIRE_NGINX") == "1" {
		t.Fatal("nginx is required (OROSHI_REQUIRE_NGINX=1): apt-get install nginx-light")
	}
	t.Skip("no nginx: apt-get install nginx-light (OROSHI_REQUIRE_NGINX=1 makes this a failure)")
	return ""
}

// nginxConf balances over both servers and moves a request to the other
// one when a server refuses the connection or answers 502/503.
const nginxConf = `daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
worker_processes 1;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  upstream oroshi {
    server 127.0.0.1:%[2]s max_fails=1 fail_timeout=1s;
    server 127.0.0.1:%[3]s max_fails=1 fail_timeout=1s;
  }
  server {
    listen 127.0.0.1:%[4]s;
    location / {
      proxy_pass http://oroshi;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 1s;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }
  }
}
`

// startNginx runs nginx in the foreground with a temporary prefix and
// returns its base URL once it accepts connections.
func startNginx(t *testing.T, nginx string, ports []string) string {
	t.Helper()
	dir := t.TempDir()
	port := freePort(t)
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, ports[0], ports[1], port), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGQUIT); <-exited })
	base := "http://127.0.0.1:" + port
	for deadline := time.Now().Add(10 * time.Second); ; {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return base
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx exited: %s%s", out, log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("nginx did not start within 10s")
		}
	}
}

// drain sends SIGTERM and checks that, during OROSHI_SHUTDOWN_DELAY, the
// server says 503 on /readyz yet still serves pages; then it must exit 0.
func (p *proc) drain(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(time.Second)
	ready := http.StatusOK
	for ready == http.StatusOK && time.Now().Before(deadline) {
		if resp, err := c.Get(p.base + "/readyz"); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode
		}
	}
	page := 0
	if resp, err := c.Get(p.base + "/sakura/login"); err == nil {
		resp.Body.Close()
		page = resp.StatusCode
	}
	if ready != http.StatusServiceUnavailable || page != http.StatusOK {
		t.Errorf("draining: /readyz %d (want 503), a page %d (want 200)", ready, page)
	}
	p.term(t)
}
