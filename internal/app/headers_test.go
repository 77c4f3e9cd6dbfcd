package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/api"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/transport"
)

// plainCookies may go without the __Host- prefix: UI state that carries
// no secret (a tossed value only picks the language or shows a text from
// the catalogue). Every other cookie must be __Host-.
var plainCookies = []string{"flash", "lang"}

// madeUp fills every path parameter but the tenant: no object has this
// ID, so object routes answer 404 (their headers are what is checked).
const madeUp = "999999999"

// fixedRoutes are the application's own endpoints beside the web and API
// routers (app.Handler), plus a static file and a path nothing serves.
var fixedRoutes = []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /static/app.css",
	"GET /favicon.ico", "GET /no/such/page", "GET /api/v1/no-such-thing"}

// TestSecurityHeadersOnEveryRoute requests every route of the web router
// and the API, as read from the routers themselves (so a new route is
// checked without editing this test), signed in to the route's realm,
// behind HTTPS, and checks the security headers and cookies of every
// answer.
func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, _ := openDemo(t, engine)
			a.Config.BaseURL = "https://oroshi.example.jp" // served behind a TLS proxy
			// The sweep's many 404s would get the test client blocked.
			a.Config.Abuse.Exempt = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
			h, err := a.Handler()
			if err != nil {
				t.Fatal(err)
			}
			if a.Guard != nil { // built by openDemo's Handler, before the exemption
				a.Guard.Exempt = a.Config.Abuse.Exempt
			}
			srv := httptest.NewTLSServer(h)
			t.Cleanup(srv.Close)
			s := &sweep{t: t, a: a, srv: srv, status: map[int]int{}}
			s.signInAll()
			routes := everyRoute(t, a)
			for _, rt := range routes {
				s.check(rt)
			}
			t.Logf("%d routes (%d web, %d API), statuses %v", len(routes), len(a.Web.RoutePatterns()),
				len(api.RoutePatterns()), s.status)
		})
	}
}

// everyRoute lists the routes to request: GET first, state-changing
// methods after, sign-outs last (so the sessions last the whole sweep).
func everyRoute(t *testing.T, a *app.App) []string {
	web, apis := a.Web.RoutePatterns(), api.RoutePatterns()
	if len(web) < 50 || len(apis) < 10 {
		t.Fatalf("only %d web and %d API routes listed: did the route listing break?", len(web), len(apis))
	}
	all := slices.Concat(fixedRoutes, web, apis)
	rank := func(p string) int {
		switch {
		case strings.HasSuffix(p, "/logout"):
			return 2
		case strings.HasPrefix(p, "GET ") || !strings.Contains(p, " "):
			return 0
		}
		return 1
	}
	slices.SortStableFunc(all, func(x, y string) int { return rank(x) - rank(y) })
	return all
}

// sweep is one engine's run: a client per realm and an API key.
type sweep struct {
	t                *testing.T
	a                *app.App
	srv              *httptest.Server
	ops, admin, shop *realmClient
	key              string
	status           map[int]int
}

type realmClient struct {
	c    *http.Client
	csrf string
}

var tokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (s *sweep) signInAll() {
	tn, err := s.a.Store.TenantBySlug(context.Background(), demo.Slug)
	if err != nil {
		s.t.Fatal(err)
	}
	s.ops = s.signIn(oroshi.PlatformTenant, identity.RealmOps, "/ops", "ops@oroshi.example")
	s.admin = s.signIn(tn.ID, identity.RealmAdmin, "/"+demo.Slug+"/admin", "owner@sakura-foods.example")
	s.shop = s.signIn(tn.ID, identity.RealmShop, "/"+demo.Slug, "yamada@maruyama.example")
	var scopes []string
	for _, sc := range apikeys.Vocabulary() {
		scopes = append(scopes, sc.Name)
	}
	if _, s.key, err = s.a.Keys.Create(context.Background(), tn.ID, "headers", scopes, audit.Actor{Realm: audit.RealmSystem}); err != nil {
		s.t.Fatal(err)
	}
}

// signIn signs a demo user in at base, through the second factor when
// the user has one.
func (s *sweep) signIn(tn oroshi.TenantID, realm identity.Realm, base, email string) *realmClient {
	t := s.t
	jar, _ := cookiejar.New(nil)
	cl := *s.srv.Client()
	c := &realmClient{c: &cl}
	c.c.Jar = jar
	c.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.token(t, s.srv.URL+base+"/login")
	loc := c.post(t, s.srv.URL+base+"/login", url.Values{"email": {email}, "password": {demo.Password}})
	if strings.HasSuffix(loc, "/mfa") {
		u, err := s.a.Store.UserByEmail(context.Background(), tn, realm, email)
		if err != nil {
			t.Fatal(err)
		}
		code, err := s.a.Identity.CurrentCode(u.TOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		c.token(t, s.srv.URL+base+"/mfa")
		loc = c.post(t, s.srv.URL+base+"/mfa", url.Values{"code": {code}})
	}
	if loc != base+"/" {
		t.Fatalf("sign in %s: sent to %q", email, loc)
	}
	c.token(t, s.srv.URL+base+"/")
	return c
}

func (c *realmClient) token(t *testing.T, u string) {
	t.Helper()
	resp, err := c.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := tokenRE.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on %s (%d)", u, resp.StatusCode)
	}
	c.csrf = string(m[1])
}

func (c *realmClient) post(t *testing.T, u string, form url.Values) string {
	t.Helper()
	form.Set("csrf_token", c.csrf)
	resp, err := c.c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: %d", u, resp.StatusCode)
	}
	return resp.Header.Get("Location")
}

var paramRE = regexp.MustCompile(`\{[a-z_]+\.*\}`)

// request sends one route's request as the realm the path belongs to.
func (s *sweep) request(pattern string) *http.Response {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.ReplaceAll(strings.TrimSuffix(path, "{$}"), "{tenant}", demo.Slug)
	path = paramRE.ReplaceAllString(path, madeUp)
	c, isAPI := s.clientFor(path)
	var body io.Reader
	req, _ := http.NewRequest(method, s.srv.URL+path, nil)
	if method != http.MethodGet && method != http.MethodHead && method != http.MethodDelete {
		if isAPI {
			body = strings.NewReader(`{}`)
			req.Header.Set("Content-Type", "application/json")
		} else {
			body = strings.NewReader(url.Values{"csrf_token": {c.csrf}}.Encode())
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Body = io.NopCloser(body)
	}
	if isAPI {
		req.Header.Set("Authorization", "Bearer "+s.key)
		req.Header.Set("Idempotency-Key", fmt.Sprintf("headers-%d", time.Now().UnixNano()))
	}
	resp, err := c.c.Do(req)
	if err != nil {
		s.t.Fatalf("%s: %v", pattern, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func (s *sweep) clientFor(path string) (*realmClient, bool) {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return &realmClient{c: s.srv.Client()}, true
	case strings.HasPrefix(path, "/ops"):
		return s.ops, false
	case strings.HasPrefix(path, "/"+demo.Slug+"/admin"):
		return s.admin, false
	}
	return s.shop, false
}

// check requests one route and reports each header or cookie that is
// missing or weak.
func (s *sweep) check(pattern string) {
	resp := s.request(pattern)
	s.status[resp.StatusCode]++
	h := resp.Header
	var bad []string
	csp := h.Get("Content-Security-Policy")
	if csp == "" || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(scriptSources(csp), "'unsafe-inline'") {
		bad = append(bad, "Content-Security-Policy "+csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		bad = append(bad, "X-Content-Type-Options")
	}
	if h.Get("Referrer-Policy") == "" {
		bad = append(bad, "Referrer-Policy")
	}
	if h.Get("X-Frame-Options") != "DENY" {
		bad = append(bad, "X-Frame-Options "+h.Get("X-Frame-Options"))
	}
	if h.Get("Strict-Transport-Security") != transport.HSTS {
		bad = append(bad, "Strict-Transport-Security "+h.Get("Strict-Transport-Security"))
	}
	for _, c := range resp.Cookies() {
		weak := !c.Secure || !c.HttpOnly || c.SameSite == http.SameSiteDefaultMode || c.Path != "/" || c.Domain != ""
		if weak || (!strings.HasPrefix(c.Name, "__Host-") && !slices.Contains(plainCookies, c.Name)) {
			bad = append(bad, "cookie "+c.String())
		}
	}
	if len(bad) > 0 {
		s.t.Errorf("%s → %d: %s", pattern, resp.StatusCode, strings.Join(bad, "; "))
	}
}

// scriptSources is the CSP's script-src, or default-src without one.
func scriptSources(csp string) string {
	var def string
	for _, d := range strings.Split(csp, ";") {
		d = strings.TrimSpace(d)
		if strings.HasPrefix(d, "script-src ") {
			return d
		}
		if strings.HasPrefix(d, "default-src ") {
			def = d
		}
	}
	return def
}
