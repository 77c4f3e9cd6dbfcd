package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

// testLanguageAndHeaders: pages are Japanese by default and English after
// choosing it; the choice only redirects within the site. (Every response
// of every scenario is also checked for the security headers, the page
// language and external URLs: see browser.check.)
func testLanguageAndHeaders(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	b := e.browser(t)
	mustContain(t, "landing", b.get("/"), ok, "受発注システム", "運営者の方")
	mustContain(t, "shop login", b.get(slug+"/login"), ok, "ログイン", "パスワードをお忘れの方")

	p := b.get("/lang?to=en&next=" + url.QueryEscape(slug+"/login"))
	if p.status != away || p.location != slug+"/login" {
		t.Fatalf("/lang: %d → %q", p.status, p.location)
	}
	b.lang = "en"
	mustContain(t, "shop login in English", b.get(slug+"/login"), ok, "Sign in", "Forgot your password?")
	mustContain(t, "404 in English", b.get("/no-such-seller/login"), http.StatusNotFound, "Page not found")
	u := e.user(t, f, identity.RoleViewer)
	b.signIn(u)
	mustContain(t, "admin home in English", b.get(slug+"/admin/"), ok, "Seller admin", "Sign out")
	mustContain(t, "refused page in English", b.get(slug+"/admin/users"), http.StatusForbidden, "Access denied")

	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""} {
		p := b.get("/lang?to=ja&next=" + url.QueryEscape(next))
		if p.status != away || p.location != "/" {
			t.Errorf("/lang?next=%q: %d → %q, want 303 → /", next, p.status, p.location)
		}
	}
	b.lang = "ja"
	mustContain(t, "back in Japanese", b.get(slug+"/admin/"), ok, "管理画面", "ログアウト")

	for _, path := range []string{"/static/app.css", "/static/app.js", "/ops/login", slug + "/admin/login", slug + "/password/forgot", slug + "/admin/mfa"} {
		if p := b.get(path); p.status != ok && p.status != away {
			t.Errorf("GET %s: %d", path, p.status)
		}
	}
}
