package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/web"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

const password = "kaisha-no-hikidashi-42"

// passwordHash is hashed once: argon2id costs tens of milliseconds.
var passwordHash = sync.OnceValue(func() string {
	h, err := identity.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
})

// TestPages runs the page scenarios through the real router on each
// engine. The scenarios share one server and store per engine (a PostgreSQL
// database costs ~0.5 s) and are kept apart by tenant.
func TestPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *fixture)
	}{
		{"RoleTable", testRoleTable},
		{"CookieOfAnotherArea", testCookieOfAnotherArea},
		{"MFAPending", testMFAPending},
		{"SignInFailures", testSignInFailures},
		{"Lockout", testLockout},
		{"SessionCookie", testSessionCookie},
		{"CSRF", testCSRF},
		{"CrossSite", testCrossSite},
		{"OversizedForm", testOversizedForm},
		{"UnknownTenant", testUnknownTenant},
		{"SuspendedTenant", testSuspendedTenant},
		{"Invitation", testInvitation},
		{"PasswordReset", testPasswordReset},
		{"LanguageAndHeaders", testLanguageAndHeaders},
		{"TenantSettings", testTenantSettings},
		{"UserStatus", testUserStatus},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, i+1)) })
		}
	})
}

// env is one running web server on a store.
type env struct {
	s   *sqlstore.Store
	svc *identity.Service
	srv *httptest.Server
	log *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func newEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// fixture is one scenario's tenant with a buyer company.
type fixture struct {
	n      int
	tenant tenancy.Tenant
	buyer  buyers.Buyer
}

func (e *env) fixture(t *testing.T, n int) *fixture {
	t.Helper()
	f := &fixture{n: n, tenant: e.tenant(t, fmt.Sprintf("sakura%d", n))}
	b, err := (&buyers.Service{Store: e.s}).Create(context.Background(),
		buyers.Buyer{Tenant: f.tenant.ID, Code: "B001", Name: "株式会社まるやま商店"}, audit.Actor{Realm: audit.RealmSystem})
	if err != nil {
		t.Fatal(err)
	}
	f.buyer = b
	return f
}

func (e *env) tenant(t *testing.T, slug string) tenancy.Tenant {
	t.Helper()
	tn, err := (&tenancy.Service{Store: e.s}).Create(context.Background(), slug, "さくら食品株式会社")
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

// user is a stored user and where it signs in.
type user struct {
	identity.User
	base string // "/ops", "/sakura1/admin", "/sakura1"
}

// user stores an active user with `password`; operators and seller
// owners/admins get a second factor at once.
func (e *env) user(t *testing.T, f *fixture, role string) user {
	t.Helper()
	ctx := context.Background()
	realm, tn, buyer, base := identity.RealmAdmin, f.tenant.ID, oroshi.ID(0), "/"+f.tenant.Slug+"/admin"
	switch role {
	case identity.RoleOperator:
		realm, tn, base = identity.RealmOps, oroshi.PlatformTenant, "/ops"
	case identity.RoleBuyerAdmin, identity.RolePurchaser, identity.RoleBuyerView:
		realm, buyer, base = identity.RealmShop, f.buyer.ID, "/"+f.tenant.Slug
	}
	email := fmt.Sprintf("%s.%d@example.jp", strings.ReplaceAll(role, "_", "-"), f.n)
	u, err := e.s.CreateUser(ctx, identity.User{Tenant: tn, Realm: realm, BuyerID: buyer, Email: email,
		Name: "桜井 一郎", Role: role, PasswordHash: passwordHash(), Status: identity.StatusActive},
		audit.Event{Tenant: tn, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	if identity.NeedsMFA(u, false) {
		if _, err := e.svc.EnableTOTPNow(ctx, u, f.tenant.Name); err != nil {
			t.Fatal(err)
		}
		if u, err = e.s.User(ctx, tn, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return user{User: u, base: base}
}

// count counts rows as tenant tn sees them (on PostgreSQL with
// app.tenant_id set, as the application role).
func (e *env) count(t *testing.T, tn oroshi.TenantID, q string) int {
	t.Helper()
	ctx := context.Background()
	tx, err := e.s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if e.s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', '`+tn.String()+`', true)`); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (e *env) sessions(t *testing.T, tn oroshi.TenantID) int {
	t.Helper()
	return e.count(t, tn, `SELECT count(*) FROM sessions WHERE tenant_id = `+tn.String())
}

// browser is one person's browser: a cookie jar, no automatic redirects,
// and checks that every response carries the security headers and that
// every page is in the chosen language without external links.
type browser struct {
	t    *testing.T
	e    *env
	c    *http.Client
	lang string
}

func (e *env) browser(t *testing.T) *browser {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: t, e: e, c: c, lang: "ja"}
}

// page is a response, read.
type page struct {
	status   int
	header   http.Header
	cookies  []*http.Cookie
	body     string
	location string
}

func (b *browser) do(req *http.Request) *page {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	p := &page{status: resp.StatusCode, header: resp.Header, cookies: resp.Cookies(), body: string(body),
		location: resp.Header.Get("Location")}
	b.check(req, p)
	return p
}

var (
	langRE = regexp.MustCompile(`<html lang="([^"]*)">`)
	urlRE  = regexp.MustCompile(`(?i)\b(?:src|href|action)\s*=\s*"([^"]*)"`)
	csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]*)"`)
)

// check holds for every response of the site.
func (b *browser) check(req *http.Request, p *page) {
	b.t.Helper()
	what := req.Method + " " + req.URL.Path
	csp := p.header.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") ||
		!strings.Contains(csp, "frame-ancestors 'none'") {
		b.t.Errorf("%s: Content-Security-Policy %q", what, csp)
	}
	if got := p.header.Get("X-Frame-Options"); got != "DENY" {
		b.t.Errorf("%s: X-Frame-Options %q, want DENY", what, got)
	}
	if got := p.header.Get("X-Content-Type-Options"); got != "nosniff" {
		b.t.Errorf("%s: X-Content-Type-Options %q, want nosniff", what, got)
	}
	if p.status >= 500 {
		b.t.Errorf("%s: status %d\n%s\nlog:\n%s", what, p.status, p.body, b.e.log.String())
	}
	if p.status >= 300 && p.status < 400 || !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		return
	}
	if strings.Contains(p.body, "ZgotmplZ") {
		b.t.Errorf("%s: html/template blanked an unsafe value (ZgotmplZ)", what)
	}
	if m := langRE.FindStringSubmatch(p.body); m == nil || m[1] != b.lang {
		b.t.Errorf("%s: <html lang=%q>, want %q", what, m, b.lang)
	}
	for _, m := range urlRE.FindAllStringSubmatch(p.body, -1) {
		u := m[1]
		lower := strings.ToLower(u)
		external := strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(u, "//")
		if external && !strings.HasPrefix(u, b.e.srv.URL+"/") {
			b.t.Errorf("%s: external URL %q in the page", what, u)
		}
		if strings.HasPrefix(lower, "javascript:") {
			b.t.Errorf("%s: javascript: URL in the page", what)
		}
	}
}

func (b *browser) get(path string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends form as is (add csrf_token yourself, or use submit).
func (b *browser) post(path string, form url.Values, header ...string) *page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// csrf returns the csrf_token of the form on p.
func (b *browser) csrf(p *page) string {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil || m[1] == "" {
		b.t.Fatalf("no csrf_token on the page (%d):\n%s", p.status, p.body)
	}
	return m[1]
}

// submit opens formPath, takes its CSRF token and posts form to action.
func (b *browser) submit(formPath, action string, form url.Values) *page {
	b.t.Helper()
	p := b.get(formPath)
	if p.status != http.StatusOK {
		b.t.Fatalf("GET %s: %d", formPath, p.status)
	}
	f := url.Values{"csrf_token": {b.csrf(p)}}
	for k, v := range form {
		f[k] = v
	}
	return b.post(action, f)
}

func (b *browser) serverURL() *url.URL {
	u, _ := url.Parse(b.e.srv.URL + "/")
	return u
}

func (b *browser) cookie(name string) string {
	for _, c := range b.c.Jar.Cookies(b.serverURL()) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) setCookie(name, value string) {
	b.c.Jar.SetCookies(b.serverURL(), []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// cookieName is the session cookie of the area at base (not Secure: no TLS here).
func cookieName(base string) string {
	switch {
	case base == "/ops":
		return "oroshi_ops"
	case strings.HasSuffix(base, "/admin"):
		return "oroshi_admin"
	}
	return "oroshi_shop"
}

// signInPassword posts the sign-in form and expects to be sent on to next
// ("/" or "/mfa" under the area).
func (b *browser) signInPassword(u user, next string) {
	b.t.Helper()
	p := b.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {password}})
	if p.status != http.StatusSeeOther || p.location != u.base+next {
		b.t.Fatalf("sign in %s: %d → %q, want 303 → %s\n%s", u.Email, p.status, p.location, u.base+next, p.body)
	}
}

// signIn signs u in completely, through the second factor when needed.
func (b *browser) signIn(u user) {
	b.t.Helper()
	if !u.TOTPEnabled {
		b.signInPassword(u, "/")
		return
	}
	b.signInPassword(u, "/mfa")
	code, err := b.e.svc.CurrentCode(u.TOTPSecret, time.Now())
	if err != nil {
		b.t.Fatal(err)
	}
	p := b.submit(u.base+"/mfa", u.base+"/mfa", url.Values{"code": {code}})
	if p.status != http.StatusSeeOther || p.location != u.base+"/" {
		b.t.Fatalf("second factor of %s: %d → %q\n%s", u.Email, p.status, p.location, p.body)
	}
}

// mustContain checks a page's status and that its body holds each text.
func mustContain(t *testing.T, what string, p *page, status int, texts ...string) {
	t.Helper()
	if p.status != status {
		t.Errorf("%s: status %d, want %d\n%s", what, p.status, status, p.body)
		return
	}
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Errorf("%s: page lacks %q\n%s", what, s, p.body)
		}
	}
}
