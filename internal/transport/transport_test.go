package transport

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/transport/transporttest"
)

func TestRealClient(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"trusted proxy names the client", "127.0.0.1:5000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"forged left part ignored", "127.0.0.1:5000", []string{"1.2.3.4, 203.0.113.7"}, "203.0.113.7"},
		{"chain of trusted proxies", "127.0.0.1:5000", []string{"203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"several header lines", "127.0.0.1:5000", []string{"198.51.100.1", "203.0.113.7"}, "203.0.113.7"},
		{"IPv6 client", "127.0.0.1:5000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"untrusted peer's header ignored", "198.51.100.9:5000", []string{"203.0.113.7"}, "198.51.100.9"},
		{"no header", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"garbage keeps the proxy", "127.0.0.1:5000", []string{"203.0.113.7, nonsense"}, "127.0.0.1"},
		{"only trusted hops", "127.0.0.1:5000", []string{"10.0.0.1"}, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := RealClient(trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.RemoteAddr
			}))
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			host, _, _ := splitHost(got)
			if host != tt.want {
				t.Errorf("client %q, want %q", got, tt.want)
			}
		})
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	var got string
	RealClient(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr })).ServeHTTP(httptest.NewRecorder(), req)
	if got != req.RemoteAddr {
		t.Errorf("without trusted proxies the header was believed: %q", got)
	}
}

func splitHost(addr string) (string, string, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return addr, "", err
	}
	return ap.Addr().String(), "", nil
}

func TestHardenCookie(t *testing.T) {
	tests := []struct {
		in     string
		secure bool
		want   string
	}{
		{"flash=x; Path=/; Max-Age=60", false, "flash=x; Path=/; Max-Age=60; HttpOnly; SameSite=Lax"},
		{"flash=x; Path=/", true, "flash=x; Path=/; HttpOnly; SameSite=Lax; Secure"},
		{"__Host-s=x; Path=/; HttpOnly; Secure; SameSite=Strict", true, "__Host-s=x; Path=/; HttpOnly; Secure; SameSite=Strict"},
		{"secure=httponly; Path=/", false, "secure=httponly; Path=/; HttpOnly; SameSite=Lax"},
	}
	for _, tt := range tests {
		if got := hardenCookie(tt.in, tt.secure); got != tt.want {
			t.Errorf("hardenCookie(%q, %v) = %q, want %q", tt.in, tt.secure, got, tt.want)
		}
	}
}

func TestHeaders(t *testing.T) {
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: "x", Path: "/"})
	})
	for _, secure := range []bool{false, true} {
		rec := httptest.NewRecorder()
		Headers(secure, inner).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		h := rec.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" ||
			h.Get("Content-Security-Policy") == "" || h.Get("Referrer-Policy") == "" {
			t.Errorf("secure=%v: headers %v", secure, h)
		}
		if (h.Get("Strict-Transport-Security") == HSTS) != secure {
			t.Errorf("secure=%v: HSTS %q", secure, h.Get("Strict-Transport-Security"))
		}
		c := rec.Result().Cookies()[0]
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != secure {
			t.Errorf("secure=%v: cookie %s", secure, c)
		}
	}
}

func TestRedirect(t *testing.T) {
	tests := []struct{ host, tlsAddr, reqHost, path, want string }{
		{"", ":8443", "shop.example.com", "/a/b?x=1", "https://shop.example.com:8443/a/b?x=1"},
		{"", ":443", "shop.example.com:80", "/healthz", "https://shop.example.com/healthz"},
		{"oroshi.example.jp", ":8443", "evil.example", "/x", "https://oroshi.example.jp/x"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", tt.path, nil)
		req.Host = tt.reqHost
		rec := httptest.NewRecorder()
		Redirect(tt.host, tt.tlsAddr).ServeHTTP(rec, req)
		if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != tt.want {
			t.Errorf("%s%s: %d %q, want 308 %q", tt.reqHost, tt.path, rec.Code, rec.Header().Get("Location"), tt.want)
		}
	}
}

// TestCertificateRenewal: a renewed certificate on disk is served after
// the next check, without a restart.
func TestCertificateRenewal(t *testing.T) {
	cert, key, _ := transporttest.SelfSigned(t, t.TempDir())
	cert2, key2, _ := transporttest.SelfSigned(t, t.TempDir())
	kp := &keyPair{cert: cert, key: key}
	if err := kp.load(); err != nil {
		t.Fatal(err)
	}
	first, _ := kp.certificate(nil)
	later := time.Now().Add(time.Hour)
	for src, dst := range map[string]string{cert2: cert, key2: key} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(dst, later, later); err != nil {
			t.Fatal(err)
		}
	}
	if c, _ := kp.certificate(nil); !bytes.Equal(c.Certificate[0], first.Certificate[0]) {
		t.Fatal("certificate re-read before a minute passed")
	}
	kp.checked = time.Now().Add(-2 * time.Minute)
	if c, _ := kp.certificate(nil); bytes.Equal(c.Certificate[0], first.Certificate[0]) {
		t.Error("renewed certificate not served")
	}
	if _, err := Config(cert, "/no/such/key"); err == nil {
		t.Error("Config accepted a missing key")
	}
}
