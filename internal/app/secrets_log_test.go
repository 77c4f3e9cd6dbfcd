package app_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

func randHex(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// secretsApp opens the SQLite app as `serve` would, with a secret key, a
// database key, an SMTP password (to a closed port: sending fails and is
// logged) and a JSON log at debug level captured in log.
func secretsApp(t *testing.T, engine string, log io.Writer, secrets map[string]string) (*app.App, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"secret.hex": secrets["secret key"], "db.hex": secrets["database key"]}
	for name, v := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"OROSHI_DATA_DIR": filepath.Join(dir, "data"), "OROSHI_SECRET_KEY_FILE": filepath.Join(dir, "secret.hex"),
		"OROSHI_DB_KEY_FILE": filepath.Join(dir, "db.hex"), "OROSHI_SMTP_HOST": "127.0.0.1", "OROSHI_SMTP_PORT": "1",
		"OROSHI_SMTP_USERNAME": "mailer", "OROSHI_SMTP_PASSWORD": secrets["SMTP password"], "OROSHI_SMTP_TLS": "none",
		"OROSHI_LOG_FORMAT": "json", "OROSHI_LOG_LEVEL": "debug", "OROSHI_WEBHOOK_ALLOW_LOOPBACK": "true"}
	if engine == "postgres" { // a migrated database; the DB key is SQLite's only
		env["OROSHI_DATABASE_URL"] = sqlstoretest.Options(t, engine).URL
		delete(env, "OROSHI_DB_KEY_FILE")
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, logging.New(log, cfg.LogFormat, cfg.LogLevel, false), engine == "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	if _, err := (&demo.Seeder{Store: a.Store, Identity: a.Identity, BaseURL: "http://x"}).Seed(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.StartJobs(ctx); err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return a, srv
}

var (
	formTokenRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	resetLinkRE = regexp.MustCompile(`https?://\S+/password/reset\?token=([A-Za-z0-9_\-]+)`)
)

// postForm fetches page and posts its form with fields.
func postForm(t *testing.T, c *http.Client, page, action string, fields url.Values) *http.Response {
	t.Helper()
	body := get(t, c, page)
	m := formTokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no form on %s", page)
	}
	fields.Set("csrf_token", m[1])
	resp, err := c.PostForm(action, fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func get(t *testing.T, c *http.Client, u string, header ...string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestSecretsNeverLogged runs sign-in with a password, API key use (header
// and query string), a password reset link, a webhook delivery and failing
// SMTP sends with the JSON log captured at debug level, and looks for every
// secret value in it: none may appear.
func TestSecretsNeverLogged(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) { secretsScenario(t, engine) })
	}
}

func secretsScenario(t *testing.T, engine string) {
	// The log goes to a file: os.File writes are safe from every goroutine.
	log, err := os.Create(filepath.Join(t.TempDir(), "log.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	secrets := map[string]string{"secret key": randHex(t), "database key": randHex(t),
		"SMTP password": "smtp-pw-" + randHex(t)[:16], "password": demo.Password}
	a, srv := secretsApp(t, engine, log, secrets)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	shop := signInSecrets(t, a, c, srv.URL, secrets)
	for _, ck := range jar.Cookies(mustURL(t, srv.URL)) {
		secrets["cookie "+ck.Name] = ck.Value
	}
	apiKeySecrets(t, a, c, srv.URL, secrets)
	resetSecrets(t, a, srv.URL+"/"+demo.Slug, shop, secrets)
	secrets["webhook secret"] = webhookDelivered(t, a) // used for a real delivery
	waitMailAttempt(t, a)

	b, err := os.ReadFile(log.Name())
	if err != nil {
		t.Fatal(err)
	}
	logs := string(b)
	if !strings.Contains(logs, `"msg"`) || !strings.Contains(logs, "/api/v1/products") {
		t.Fatalf("the log was not captured:\n%s", logs)
	}
	for name, v := range secrets {
		if len(v) >= 8 && strings.Contains(logs, v) {
			t.Errorf("the %s (%q) is in the log", name, v)
		}
	}
	if m := regexp.MustCompile(`[?&](token|api_key)=[^&"\s\[]`).FindString(logs); m != "" {
		t.Errorf("a query-string token is in the log: %s", m)
	}
}

// signInSecrets signs a shop user (no second factor) in with the password,
// and fails once with a wrong one; it returns the user's address.
func signInSecrets(t *testing.T, a *app.App, c *http.Client, srv string, secrets map[string]string) string {
	t.Helper()
	shop := ""
	for _, l := range demoLogins(t, a) {
		if l.Area == "shop" && l.TOTPSecret == "" {
			shop = l.Email
			break
		}
	}
	if shop == "" {
		t.Fatal("no demo shop user without a second factor")
	}
	login := srv + "/" + demo.Slug + "/login"
	resp := postForm(t, c, login, login, url.Values{"email": {shop}, "password": {demo.Password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	secrets["wrong password"] = "wrong-" + randHex(t)[:12]
	postForm(t, c, login, login, url.Values{"email": {shop}, "password": {secrets["wrong password"]}})
	return shop
}

// apiKeySecrets uses an API key in the header and, wrongly, in the query
// string.
func apiKeySecrets(t *testing.T, a *app.App, c *http.Client, srv string, secrets map[string]string) {
	t.Helper()
	ctx := context.Background()
	tenant, err := a.Store.TenantBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := a.Keys.Create(ctx, tenant.ID, "ログ確認", []string{apikeys.CatalogRead}, audit.Actor{Realm: audit.RealmSystem})
	if err != nil {
		t.Fatal(err)
	}
	secrets["API key"] = key
	get(t, c, srv+"/api/v1/products", "Authorization", "Bearer "+key)
	get(t, c, srv+"/api/v1/products?api_key="+url.QueryEscape(key)+"&token="+url.QueryEscape(key))
}

// resetSecrets asks for a reset link and opens it (its token in the query
// string), then a wrong one.
func resetSecrets(t *testing.T, a *app.App, base, email string, secrets map[string]string) {
	t.Helper()
	anon := &http.Client{Jar: newJar(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	postForm(t, anon, base+"/password/forgot", base+"/password/forgot", url.Values{"email": {email}})
	token := resetToken(t, a)
	secrets["reset token"] = token
	get(t, anon, base+"/password/reset?token="+url.QueryEscape(token))
	get(t, anon, base+"/password/reset?token="+url.QueryEscape(token)+"x")
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func newJar() http.CookieJar { j, _ := cookiejar.New(nil); return j }

func demoLogins(t *testing.T, a *app.App) []demo.Login {
	t.Helper()
	ls, err := (&demo.Seeder{Store: a.Store, Identity: a.Identity, BaseURL: "http://x"}).Seed(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// resetToken reads the reset link from the newest mail of the outbox.
func resetToken(t *testing.T, a *app.App) string {
	t.Helper()
	ms, err := a.Store.Outbox(context.Background(), 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if r := resetLinkRE.FindStringSubmatch(m.Text); r != nil {
			return r[1]
		}
	}
	t.Fatalf("no reset link in the outbox (%d mails)", len(ms))
	return ""
}

// webhookDelivered creates an endpoint, pings it, waits for the signed
// delivery and returns the endpoint's secret.
func webhookDelivered(t *testing.T, a *app.App) string {
	t.Helper()
	got := make(chan string, 4)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Webhook-Signature") + r.Header.Get("X-Oroshi-Signature")
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rcv.Close)
	ctx := context.Background()
	tenant, _ := a.Store.TenantBySlug(ctx, demo.Slug)
	actor := audit.Actor{Realm: audit.RealmSystem}
	ep, secret, err := a.Webhooks.Create(ctx, webhooks.Endpoint{Tenant: tenant.ID, URL: rcv.URL + "/hook",
		Events: []string{webhooks.EventTypes()[0].Type}, Active: true}, actor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Webhooks.Ping(ctx, tenant.ID, ep.ID, actor); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(20 * time.Second):
		t.Fatal("the webhook ping was not delivered")
	}
	return secret
}

// waitMailAttempt waits until the SMTP sender has tried (and failed, the
// port is closed) at least once, so its error is in the log.
func waitMailAttempt(t *testing.T, a *app.App) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ms, err := a.Store.Outbox(context.Background(), 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Attempts > 0 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no SMTP attempt within 20 s")
}
