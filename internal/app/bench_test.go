package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// openDemo builds the whole application on engine with the demo seeded.
func openDemo(tb testing.TB, engine string) (*app.App, http.Handler) {
	tb.Helper()
	ctx := context.Background()
	o := sqlstoretest.Options(tb, engine)
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"OROSHI_DATA_DIR": o.DataDir, "OROSHI_DATABASE_URL": o.URL}[k]
	})
	if o.DataDir == "" {
		cfg.DataDir = tb.TempDir()
	}
	if err != nil {
		tb.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), false)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close(ctx) })
	if _, err := (&demo.Seeder{Store: a.Store, Identity: a.Identity, BaseURL: "http://x"}).Seed(ctx); err != nil {
		tb.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		tb.Fatal(err)
	}
	return a, h
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// loginForm fetches the login page: its CSRF cookie and token.
func loginForm(tb testing.TB, h http.Handler, path string) (*http.Cookie, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	m := csrfRE.FindStringSubmatch(rec.Body.String())
	if m == nil || len(rec.Result().Cookies()) == 0 {
		tb.Fatalf("no csrf token on %s (%d)", path, rec.Code)
	}
	return rec.Result().Cookies()[0], m[1]
}

func signIn(tb testing.TB, h http.Handler, path, email string, csrf *http.Cookie, token string) *http.Cookie {
	form := url.Values{"csrf_token": {token}, "email": {email}, "password": {demo.Password}}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(csrf)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		tb.Fatalf("sign-in: %d %s", rec.Code, rec.Body.String())
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "oroshi_shop" || c.Name == "oroshi_admin" {
			return c
		}
	}
	tb.Fatal("no session cookie")
	return nil
}

// BenchmarkSignIn is one buyer sign-in request, argon2id included.
func BenchmarkSignIn(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			_, h := openDemo(b, engine)
			csrf, token := loginForm(b, h, "/sakura/login")
			b.ResetTimer()
			for b.Loop() {
				signIn(b, h, "/sakura/login", "sato@maruyama.example", csrf, token)
			}
		})
	}
}

// BenchmarkShopHome is a signed-in buyer's home page.
func BenchmarkShopHome(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			_, h := openDemo(b, engine)
			csrf, token := loginForm(b, h, "/sakura/login")
			sess := signIn(b, h, "/sakura/login", "sato@maruyama.example", csrf, token)
			b.ResetTimer()
			for b.Loop() {
				req := httptest.NewRequest("GET", "/sakura/", nil)
				req.AddCookie(sess)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("home: %d", rec.Code)
				}
				_, _ = io.Copy(io.Discard, rec.Body)
			}
		})
	}
}

// TestWholeAppServes is a smoke test of the assembled handler on both
// engines: health, readiness, metrics, a page and the API answer.
func TestWholeAppServes(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			_, h := openDemo(t, engine)
			for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200,
				"/sakura/login": 200, "/sakura/": 303, "/api/v1/me": 401, "/api/v1/openapi.json": 200, "/nope/login": 404} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != want {
					t.Errorf("GET %s = %d, want %d", path, rec.Code, want)
				}
			}
			csrf, token := loginForm(t, h, "/sakura/admin/login")
			signIn(t, h, "/sakura/admin/login", "tanaka@sakura-foods.example", csrf, token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			if !strings.Contains(rec.Body.String(), `route="POST /{tenant}/admin/login"`) {
				t.Error("metrics lack the sign-in route")
			}
		})
	}
}
