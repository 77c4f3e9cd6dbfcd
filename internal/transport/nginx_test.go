package transport_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/transport"
	"github.com/oroshi-jp/oroshi/internal/transport/transporttest"
)

// TestNginxSnippet checks deploy/nginx/oroshi.conf with the real nginx:
// `nginx -t` accepts it, and run in front of a backend that trusts it
// (transport.RealClient), it speaks only TLS 1.2/1.3 with 256-bit
// ciphers, sends one HSTS header, and passes the real client address
// while dropping one the client forged.
func TestNginxSnippet(t *testing.T) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		t.Skip("nginx not installed (apt-get install nginx-light; .ci/run installs it)")
	}
	backend := httptest.NewServer(transport.RealClient([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", transport.HSTS)
			io.WriteString(w, r.RemoteAddr)
		})))
	t.Cleanup(backend.Close)
	dir := t.TempDir()
	conf, addr, pool := nginxConf(t, dir, strings.TrimPrefix(backend.URL, "http://"))
	test := exec.Command(bin, "-t", "-p", dir, "-c", conf)
	if out, err := test.CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	run := exec.CommandContext(ctx, bin, "-p", dir, "-c", conf, "-g", "daemon off;")
	run.Stderr = os.Stderr
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = run.Wait() })
	waitListening(t, addr)
	checkNginxTLS(t, addr, pool)
	checkNginxProxy(t, addr, pool)
}

// nginxConf writes an nginx.conf around the snippet: free loopback ports,
// the test certificate, the backend as the upstream, files under dir.
func nginxConf(t *testing.T, dir, backend string) (conf, addr string, pool *x509.CertPool) {
	t.Helper()
	snippet, err := os.ReadFile("../../deploy/nginx/oroshi.conf")
	if err != nil {
		t.Fatal(err)
	}
	cert, key, pool := transporttest.SelfSigned(t, dir)
	addr, plain := transporttest.FreeAddr(t), transporttest.FreeAddr(t)
	s := string(snippet)
	for old, repl := range map[string]string{
		"/etc/ssl/oroshi/fullchain.pem": cert, "/etc/ssl/oroshi/privkey.pem": key,
		"listen 80;": "listen " + plain + ";", "listen 443 ssl": "listen " + addr + " ssl",
		"listen [::]:80;\n": "", "listen [::]:443 ssl http2;\n": "",
		"server 127.0.0.1:8081": "server " + backend, "server 127.0.0.1:8082": "server " + backend,
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("the snippet has no %q any more: update this test", old)
		}
		s = strings.ReplaceAll(s, old, repl)
	}
	if err := os.WriteFile(filepath.Join(dir, "oroshi.conf"), []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	conf = filepath.Join(dir, "nginx.conf")
	main := "pid " + dir + "/nginx.pid;\nerror_log " + dir + "/error.log;\nevents {}\nhttp {\n" +
		"access_log off;\nclient_body_temp_path " + dir + ";\nproxy_temp_path " + dir + ";\ninclude " + dir + "/oroshi.conf;\n}\n"
	if err := os.WriteFile(conf, []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf, addr, pool
}

func waitListening(t *testing.T, addr string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
	}
	t.Fatalf("nginx does not listen on %s", addr)
}

func checkNginxTLS(t *testing.T, addr string, pool *x509.CertPool) {
	cases := []struct {
		name string
		cfg  *tls.Config
		ok   bool
	}{
		{"TLS 1.1", &tls.Config{MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11}, false},
		{"TLS 1.2 AES-128-GCM", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}}, false},
		{"TLS 1.2 CBC", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA}}, false},
		{"TLS 1.2 AES-256-GCM", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}}, true},
		{"TLS 1.2 ChaCha20", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}}, true},
		{"TLS 1.3", &tls.Config{MinVersion: tls.VersionTLS13}, true},
	}
	for _, c := range cases {
		c.cfg.RootCAs = pool
		conn, err := tls.Dial("tcp", addr, c.cfg)
		if (err == nil) != c.ok {
			t.Errorf("nginx %s: connected=%v, want %v (%v)", c.name, err == nil, c.ok, err)
		}
		if err == nil {
			if st := conn.ConnectionState(); st.Version == tls.VersionTLS13 && st.CipherSuite == tls.TLS_AES_128_GCM_SHA256 {
				t.Errorf("nginx %s: negotiated the 128-bit TLS 1.3 suite", c.name)
			}
			conn.Close()
		}
	}
}

func checkNginxProxy(t *testing.T, addr string, pool *x509.CertPool) {
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("GET", "https://"+addr+"/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.66") // forged by the client
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if host, _, _ := net.SplitHostPort(string(body)); host != "127.0.0.1" {
		t.Errorf("backend saw client %q, want 127.0.0.1 (the forged address dropped)", body)
	}
	if hsts := resp.Header.Values("Strict-Transport-Security"); len(hsts) != 1 || hsts[0] != transport.HSTS {
		t.Errorf("HSTS headers through nginx: %q", hsts)
	}
}
