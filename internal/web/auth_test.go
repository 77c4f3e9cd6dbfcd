package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

const (
	msgBadLogin = "メールアドレスまたはパスワードが正しくありません。"
	msgLocked   = "試行回数が多すぎるため、一時的にロックされています。"
	msgExpired  = "ページの有効期限が切れました"
)

// testSignInFailures: a wrong password and an unknown address answer with
// the same status and the same page, so the form tells nobody which
// addresses have accounts.
func testSignInFailures(t *testing.T, e *env, f *fixture) {
	u := e.user(t, f, identity.RoleStaff)
	b := e.browser(t)
	try := func(email, pw string) *page {
		return b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {email}, "password": {pw}})
	}
	wrong := try(u.Email, "not-the-password-1")
	unknown := try("nobody."+u.Email, password)
	for name, p := range map[string]*page{"wrong password": wrong, "unknown address": unknown} {
		mustContain(t, name, p, http.StatusUnauthorized, msgBadLogin)
		if c := p.header.Get("Set-Cookie"); strings.Contains(c, "oroshi_admin=") {
			t.Errorf("%s: a session cookie was set: %s", name, c)
		}
	}
	same := func(p *page, email string) string { return strings.ReplaceAll(p.body, email, "EMAIL") }
	if same(wrong, u.Email) != same(unknown, "nobody."+u.Email) {
		t.Errorf("the pages differ:\n--- wrong password\n%s\n--- unknown address\n%s", wrong.body, unknown.body)
	}
	if n := e.sessions(t, f.tenant.ID); n != 0 {
		t.Errorf("%d sessions after failed sign-ins", n)
	}
}

// testLockout: five wrong passwords lock the account; then even the right
// password gets 429 with Retry-After.
func testLockout(t *testing.T, e *env, f *fixture) {
	u := e.user(t, f, identity.RolePurchaser)
	b := e.browser(t)
	for i := range identity.AccountLock.Max {
		p := b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {"wrong-password-" + strconv.Itoa(i)}})
		mustContain(t, "wrong password", p, http.StatusUnauthorized, msgBadLogin)
	}
	p := b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {password}})
	mustContain(t, "right password on a locked account", p, http.StatusTooManyRequests, msgLocked)
	if s, err := strconv.Atoi(p.header.Get("Retry-After")); err != nil || s <= 0 {
		t.Errorf("Retry-After = %q, want a number of seconds", p.header.Get("Retry-After"))
	}
	if n := e.sessions(t, f.tenant.ID); n != 0 {
		t.Errorf("%d sessions after a locked sign-in", n)
	}

	// Wrong codes at the second step lock the account the same way.
	owner := e.user(t, f, identity.RoleOwner)
	ob := e.browser(t)
	ob.signInPassword(owner, "/mfa")
	for range identity.AccountLock.Max {
		p := ob.submit(owner.base+"/mfa", owner.base+"/mfa", url.Values{"code": {"abcdef"}})
		mustContain(t, "wrong code", p, http.StatusUnprocessableEntity, "確認コードが正しくありません")
	}
	code, err := e.svc.CurrentCode(owner.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p = ob.submit(owner.base+"/mfa", owner.base+"/mfa", url.Values{"code": {code}})
	mustContain(t, "right code on a locked account", p, http.StatusTooManyRequests, msgLocked)
	if s, err := strconv.Atoi(p.header.Get("Retry-After")); err != nil || s <= 0 {
		t.Errorf("second step locked: Retry-After = %q, want a number of seconds", p.header.Get("Retry-After"))
	}
	if p := ob.get(owner.base + "/"); p.status != away || p.location != owner.base+"/mfa" {
		t.Errorf("after a locked second step: %d → %q, want still pending", p.status, p.location)
	}
}

func sessionSetCookie(t *testing.T, p *page, name string) *http.Cookie {
	t.Helper()
	for _, c := range p.cookies {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set (status %d)", name, p.status)
	return nil
}

// testSessionCookie: the cookie is HttpOnly and SameSite=Lax, a new value
// on every sign-in (a planted or previous one stops working), and signing
// out ends the session.
func testSessionCookie(t *testing.T, e *env, f *fixture) {
	u := e.user(t, f, identity.RoleBuyerAdmin)
	b := e.browser(t)
	const planted = "planted-by-an-attacker-0123456789abcdef"
	b.setCookie("oroshi_shop", planted)

	p := b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {password}})
	first := sessionSetCookie(t, p, "oroshi_shop")
	if !first.HttpOnly || first.SameSite != http.SameSiteLaxMode || first.Path != "/" {
		t.Errorf("session cookie: HttpOnly=%v SameSite=%v Path=%q; want HttpOnly, Lax, /", first.HttpOnly, first.SameSite, first.Path)
	}
	if first.Value == planted || len(first.Value) < 40 {
		t.Errorf("session cookie value %q: want a fresh random token", first.Value)
	}

	// Signing in again while signed in rotates the session.
	p = b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {password}})
	second := sessionSetCookie(t, p, "oroshi_shop")
	if second.Value == first.Value {
		t.Error("second sign-in kept the session token")
	}
	if p := b.get(u.base + "/"); p.status != ok {
		t.Errorf("new session: %d, want 200", p.status)
	}
	for name, v := range map[string]string{"previous session": first.Value, "planted cookie": planted} {
		old := e.browser(t)
		old.setCookie("oroshi_shop", v)
		if p := old.get(u.base + "/"); p.status != away {
			t.Errorf("%s still works: %d", name, p.status)
		}
	}
	if n := e.sessions(t, f.tenant.ID); n != 1 {
		t.Errorf("%d sessions after two sign-ins of one browser, want 1", n)
	}

	p = b.submit(u.base+"/", u.base+"/logout", nil)
	if p.status != away || p.location != u.base+"/login" {
		t.Errorf("logout: %d → %q", p.status, p.location)
	}
	if c := sessionSetCookie(t, p, "oroshi_shop"); c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("logout does not clear the cookie: %+v", c)
	}
	after := e.browser(t)
	after.setCookie("oroshi_shop", second.Value)
	if p := after.get(u.base + "/"); p.status != away {
		t.Errorf("session after logout: %d, want 303", p.status)
	}
	if n := e.sessions(t, f.tenant.ID); n != 0 {
		t.Errorf("%d sessions after logout", n)
	}
}

// testCSRF: state-changing forms without the right token are refused with
// the Japanese "page expired" page, and write nothing.
func testCSRF(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	buyer := e.user(t, f, identity.RolePurchaser)
	owner := e.user(t, f, identity.RoleOwner)
	shopper, admin := e.browser(t), e.browser(t)
	shopper.signIn(buyer)
	admin.signIn(owner)
	anon := e.browser(t)
	anon.get(slug + "/login") // has the csrf cookie
	stranger := e.browser(t)  // never saw a form
	otherToken := anon.csrf(anon.get(slug + "/login"))

	login := url.Values{"email": {buyer.Email}, "password": {password}}
	invite := url.Values{"email": {"csrf-victim@example.jp"}, "name": {"被害 太郎"}, "role": {"owner"}}
	tests := []struct {
		name  string
		b     *browser
		path  string
		form  url.Values
		token string // "" for none
	}{
		{"login without token", anon, slug + "/login", login, ""},
		{"login with a wrong token", anon, slug + "/login", login, "d3JvbmctdG9rZW4"},
		{"login without the csrf cookie", stranger, slug + "/login", login, otherToken},
		{"logout without token", shopper, slug + "/logout", nil, ""},
		{"logout with a wrong token", shopper, slug + "/logout", nil, otherToken},
		{"invite without token", admin, slug + "/admin/users", invite, ""},
		{"invite with another browser's token", admin, slug + "/admin/users", invite, otherToken},
	}
	sessions := e.sessions(t, f.tenant.ID)
	for _, tt := range tests {
		form := url.Values{}
		for k, v := range tt.form {
			form[k] = v
		}
		if tt.token != "" {
			form.Set("csrf_token", tt.token)
		}
		p := tt.b.post(tt.path, form)
		mustContain(t, tt.name, p, http.StatusForbidden, msgExpired)
	}
	if n := e.sessions(t, f.tenant.ID); n != sessions {
		t.Errorf("sessions: %d before, %d after refused posts", sessions, n)
	}
	if _, err := e.s.UserByEmail(context.Background(), f.tenant.ID, identity.RealmAdmin, "csrf-victim@example.jp"); err == nil {
		t.Error("a refused invitation created the user")
	}
	if p := shopper.get(slug + "/"); p.status != ok {
		t.Errorf("a refused logout ended the session: %d", p.status)
	}
	if p := stranger.get(slug + "/"); p.status != away {
		t.Errorf("a refused login signed in: %d", p.status)
	}
}

// testCrossSite: a post that the browser marks as coming from another site
// is refused even with a valid token.
func testCrossSite(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	buyer := e.user(t, f, identity.RolePurchaser)
	b := e.browser(t)
	token := b.csrf(b.get(slug + "/login"))
	p := b.post(slug+"/login", url.Values{"csrf_token": {token}, "email": {buyer.Email}, "password": {password}},
		"Sec-Fetch-Site", "cross-site")
	if p.status != deny {
		t.Errorf("cross-site login: %d, want 403", p.status)
	}
	if n := e.sessions(t, f.tenant.ID); n != 0 {
		t.Errorf("cross-site login created %d sessions", n)
	}
	owner := e.user(t, f, identity.RoleOwner)
	b.signIn(owner)
	token = b.csrf(b.get(slug + "/admin/users"))
	p = b.post(slug+"/admin/users", url.Values{"csrf_token": {token}, "email": {"xsite@example.jp"}, "name": {"x"}, "role": {"staff"}},
		"Sec-Fetch-Site", "cross-site")
	if p.status != deny {
		t.Errorf("cross-site invite: %d, want 403", p.status)
	}
	if _, err := e.s.UserByEmail(context.Background(), f.tenant.ID, identity.RealmAdmin, "xsite@example.jp"); err == nil {
		t.Error("a cross-site invitation created the user")
	}
	// The same post from the site itself goes through.
	p = b.post(slug+"/admin/users", url.Values{"csrf_token": {token}, "email": {"xsite@example.jp"}, "name": {"x"}, "role": {"staff"}},
		"Sec-Fetch-Site", "same-origin")
	if p.status != away {
		t.Errorf("same-origin invite: %d, want 303", p.status)
	}
}

// testOversizedForm: a form body over 64 KiB is refused with 413 before
// anything is done with it.
func testOversizedForm(t *testing.T, e *env, f *fixture) {
	u := e.user(t, f, identity.RolePurchaser)
	b := e.browser(t)
	token := b.csrf(b.get(u.base + "/login"))
	form := url.Values{"csrf_token": {token}, "email": {u.Email}, "password": {password},
		"padding": {strings.Repeat("あ", 70<<10/3+100)}}
	p := b.post(u.base+"/login", form)
	mustContain(t, "oversized login form", p, http.StatusRequestEntityTooLarge, "送信内容が大きすぎます")
	if n := e.sessions(t, f.tenant.ID); n != 0 {
		t.Errorf("oversized form created %d sessions", n)
	}
	// Just under the limit is fine.
	form.Set("padding", strings.Repeat("a", 60<<10))
	if p := b.post(u.base+"/login", form); p.status != away {
		t.Errorf("a 60 KiB form: %d, want 303", p.status)
	}
}

func testUnknownTenant(t *testing.T, e *env, f *fixture) {
	for _, path := range []string{"/no-such-seller/login", "/no-such-seller/admin/login", "/no-such-seller/", "/no-such-seller/admin/users", "/ops/no-such-page"} {
		b := e.browser(t)
		mustContain(t, "GET "+path, b.get(path), http.StatusNotFound, `<html lang="ja">`, "ページが見つかりません")
	}
	b := e.browser(t)
	p := b.post("/no-such-seller/login", url.Values{"email": {"a@example.jp"}, "password": {password}})
	mustContain(t, "POST login of an unknown tenant", p, http.StatusNotFound, "ページが見つかりません")
}

// testSuspendedTenant: a suspended seller's pages are closed, to signed-in
// users too.
func testSuspendedTenant(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	buyer := e.user(t, f, identity.RolePurchaser)
	b := e.browser(t)
	b.signIn(buyer)
	token := b.csrf(b.get(slug + "/"))

	// Through the store, as the operator console and the CLI do: an
	// instance sees its own store's changes at once (other instances
	// within sqlstore's tenantTTL).
	err := e.s.SaveTenantContract(context.Background(), f.tenant.ID, tenancy.StatusSuspended, f.tenant.Contract, nil, nil)
	if err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{slug + "/login", slug + "/admin/login", slug + "/", slug + "/search", slug + "/admin/"} {
		mustContain(t, "GET "+path, b.get(path), http.StatusForbidden, `<html lang="ja">`)
	}
	p := b.post(slug+"/login", url.Values{"csrf_token": {token}, "email": {buyer.Email}, "password": {password}})
	if p.status != http.StatusForbidden {
		t.Errorf("sign-in to a suspended tenant: %d, want 403", p.status)
	}
}
