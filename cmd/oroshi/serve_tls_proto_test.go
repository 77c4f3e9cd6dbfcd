package main

import (
	"crypto/tls"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/transport"
)

// TestServeTLS starts `oroshi serve --tls-cert/--tls-key` and proves, with
// the real openssl s_client and with Go's TLS client as a second witness,
// that only TLS 1.2 and 1.3 with forward-secret AEAD suites are spoken,
// that every answer carries HSTS and cookies are __Host-/Secure, and that
// the plain-HTTP port redirects everything to https.
func TestServeTLS(t *testing.T) {
	s := startTLSServe(t)
	t.Run("openssl", s.checkOpenSSL)
	t.Run("go client", s.checkGoClient)
	t.Run("headers and cookies", s.checkHeaders)
	t.Run("redirect", s.checkRedirect)
}

// opensslCases are s_client runs: the flags, whether the server must
// accept, the protocol it must then speak, and for a refusal the reason
// net/http logs (proof that our server refused, not the local OpenSSL).
var opensslCases = []struct {
	name    string
	args    []string
	ok      bool
	proto   string
	refusal string
}{
	{"TLS 1.0", []string{"-tls1", "-cipher", "DEFAULT@SECLEVEL=0"}, false, "", "unsupported versions"},
	{"TLS 1.1", []string{"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"}, false, "", "unsupported versions"},
	{"TLS 1.2 same flags as refused 1.0/1.1", []string{"-tls1_2", "-cipher", "DEFAULT@SECLEVEL=0"}, true, "TLSv1.2", ""},
	{"TLS 1.2 CBC AES128-SHA256", []string{"-tls1_2", "-cipher", "AES128-SHA256"}, false, "", "no cipher suite"},
	{"TLS 1.2 CBC ECDHE-RSA-AES128-SHA", []string{"-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"}, false, "", "no cipher suite"},
	{"TLS 1.2 CBC ECDHE-RSA-AES256-SHA384", []string{"-tls1_2", "-cipher", "ECDHE-RSA-AES256-SHA384"}, false, "", "no cipher suite"},
	{"TLS 1.2 RSA key exchange AES256-GCM-SHA384", []string{"-tls1_2", "-cipher", "AES256-GCM-SHA384"}, false, "", "no cipher suite"},
	{"TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256", []string{"-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"}, true, "TLSv1.2", ""},
	{"TLS 1.2 ECDHE-RSA-AES256-GCM-SHA384", []string{"-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"}, true, "TLSv1.2", ""},
	{"TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305", []string{"-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305"}, true, "TLSv1.2", ""},
	{"TLS 1.2 curve P-384 only", []string{"-tls1_2", "-curves", "P-384"}, false, "", "handshake error"},
	{"TLS 1.3", []string{"-tls1_3"}, true, "TLSv1.3", ""},
}

func (s *tlsServer) checkOpenSSL(t *testing.T) {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not installed (apt-get install openssl; .ci/run installs it): TLS checked with Go's client only")
	}
	for _, c := range opensslCases {
		t.Run(c.name, func(t *testing.T) {
			before := len(s.handshakes.String())
			args := append([]string{"s_client", "-connect", s.addr, "-servername", "localhost", "-brief"}, c.args...)
			cmd := exec.Command(bin, args...)
			cmd.Stdin = strings.NewReader("")
			out, err := cmd.CombinedOutput()
			connected := err == nil && strings.Contains(string(out), "CONNECTION ESTABLISHED")
			if connected != c.ok {
				t.Fatalf("openssl %s: connected=%v, want %v (%v)\n%s", strings.Join(c.args, " "), connected, c.ok, err, out)
			}
			if c.ok && !strings.Contains(string(out), "Protocol version: "+c.proto) {
				t.Errorf("openssl %s: not %s\n%s", strings.Join(c.args, " "), c.proto, out)
			}
			if !c.ok {
				s.waitRefusal(t, before, c.refusal, string(out))
			}
		})
	}
}

// waitRefusal waits for the server's handshake error logged after offset.
func (s *tlsServer) waitRefusal(t *testing.T, offset int, reason, client string) {
	t.Helper()
	for range 50 {
		logged := s.handshakes.String()[offset:]
		if strings.Contains(logged, "TLS handshake error") && strings.Contains(logged, reason) {
			return
		}
		sleepShort()
	}
	t.Errorf("server logged no handshake error %q after the refusal; log:\n%s\nclient:\n%s",
		reason, s.handshakes.String()[offset:], client)
}

// goCases are Go client configurations and whether they must connect.
var goCases = []struct {
	name string
	cfg  *tls.Config
	ok   bool
}{
	{"TLS 1.0", &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS10}, false},
	{"TLS 1.1", &tls.Config{MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11}, false},
	{"TLS 1.2 CBC", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256}}, false},
	{"TLS 1.2 RSA key exchange", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{
		tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384}}, false},
	{"TLS 1.2 P-384 only", &tls.Config{MaxVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.CurveP384}}, false},
	{"TLS 1.2 AES-GCM", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}}, true},
	{"TLS 1.2 ChaCha20", &tls.Config{MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}}, true},
	{"TLS 1.2 X25519", &tls.Config{MaxVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.X25519}}, true},
	{"TLS 1.2 P-256", &tls.Config{MaxVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.CurveP256}}, true},
	{"TLS 1.3", &tls.Config{MinVersion: tls.VersionTLS13}, true},
}

func (s *tlsServer) checkGoClient(t *testing.T) {
	for _, c := range goCases {
		cfg := c.cfg.Clone()
		cfg.RootCAs, cfg.ServerName = s.pool, "localhost"
		conn, err := tls.Dial("tcp", s.addr, cfg)
		if (err == nil) != c.ok {
			t.Errorf("%s: connected=%v, want %v (%v)", c.name, err == nil, c.ok, err)
		}
		if err != nil {
			continue
		}
		st := conn.ConnectionState()
		if st.Version < tls.VersionTLS12 || (st.Version == tls.VersionTLS12 && !aead(st.CipherSuite)) {
			t.Errorf("%s: negotiated %s %s", c.name, tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite))
		}
		conn.Close()
	}
}

func aead(suite uint16) bool {
	for _, s := range transport.CipherSuites {
		if s == suite {
			return true
		}
	}
	return false
}

func (s *tlsServer) checkHeaders(t *testing.T) {
	c := s.client()
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/api/v1/me", "/ops/login", "/no/such/page", "/static/app.css"} {
		resp, err := c.Get("https://" + s.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); got != transport.HSTS {
			t.Errorf("GET %s: Strict-Transport-Security %q", path, got)
		}
		if path == "/ops/login" {
			checkLoginCookie(t, resp)
		}
	}
}

// checkLoginCookie: the sign-in form's CSRF cookie is __Host-, Secure,
// HttpOnly, SameSite, for path / and no domain.
func checkLoginCookie(t *testing.T, resp *http.Response) {
	t.Helper()
	cs := resp.Cookies()
	if len(cs) == 0 {
		t.Fatal("GET /ops/login set no cookie")
	}
	for _, c := range cs {
		if !strings.HasPrefix(c.Name, "__Host-") || !c.Secure || !c.HttpOnly || c.SameSite == http.SameSiteDefaultMode ||
			c.Path != "/" || c.Domain != "" {
			t.Errorf("cookie under TLS: %s", c.String())
		}
	}
}

func (s *tlsServer) checkRedirect(t *testing.T) {
	c := s.client()
	for _, path := range []string{"/ops/login?next=%2Fops%2F", "/healthz", "/sakura/admin/orders/1"} {
		resp, err := c.Get("http://" + s.redirect + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if want := "https://" + s.addr + path; resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Errorf("GET http://…%s: %d %q, want 308 %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	resp, err := c.Get("https://" + s.addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the redirect's target: %v %v", resp, err)
	}
	if resp.ProtoMajor != 2 {
		t.Errorf("HTTPS answered over %s, want HTTP/2", resp.Proto)
	}
	resp.Body.Close()
}
