package isolationtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

var idemSeq atomic.Int64

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// formBody is a plausible form for any page's POST: the fields most forms
// read, so that requests get past parsing to the object lookup.
func formBody(csrf string) url.Values {
	return url.Values{"csrf_token": {csrf}, "name": {"攻撃"}, "code": {"X999"}, "quantity": {"1"},
		"qty": {"1"}, "email": {"attacker@example.com"}, "status": {"active"}, "reason": {"攻撃"},
		"note": {"攻撃"}, "amount": {"100"}, "date": {"2026-01-05"}, "url": {"https://hooks.example.com/x"},
		"role": {"staff"}, "row_version": {"1"}, "version": {"1"}, "price": {"100"}, "limit": {"1000"},
		"updated_at": {"2026-01-05T00:00:00Z"}, "kana": {"コウゲキ"}, "shipped_on": {"2026-01-05"}}
}

// jsonBody is an empty object: the API decodes strictly (an unknown field
// is a 400 before any lookup), and PATCH bodies send only what changes.
const jsonBody = `{}`

// send makes one attempt on path as c (API key: key != "").
func (e *env) send(t *testing.T, c *client, key string, r route, path string) (int, string) {
	t.Helper()
	var body io.Reader
	ctype := ""
	if r.method != http.MethodGet && r.method != http.MethodDelete {
		if r.api {
			body, ctype = strings.NewReader(jsonBody), "application/json"
		} else {
			body, ctype = strings.NewReader(formBody(c.csrf).Encode()), "application/x-www-form-urlencoded"
		}
	}
	req, err := http.NewRequest(r.method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Idempotency-Key", fmt.Sprintf("isolation-%d", idemSeq.Add(1)))
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// refused tells whether an answer gave nothing away: not found, not
// allowed, not signed in, or sent to a sign-in page.
func refused(status int, loc string) bool {
	switch status {
	case http.StatusNotFound, http.StatusForbidden, http.StatusUnauthorized:
		return true
	case http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect:
		u, err := url.Parse(loc)
		return err == nil && (strings.HasSuffix(u.Path, "/login") || strings.HasSuffix(u.Path, "/mfa"))
	}
	return false
}

// signIn signs a demo user of tenant A in, through the second factor when
// the user has one, and keeps the page's CSRF token.
func (e *env) signIn(t *testing.T, realm identity.Realm, email string) *client {
	t.Helper()
	c := e.newClient(t)
	base := "/" + demo.Slug
	if realm == identity.RealmAdmin {
		base += "/admin"
	}
	c.token(t, e.srv.URL+base+"/login")
	loc := c.post(t, e.srv.URL+base+"/login", url.Values{"csrf_token": {c.csrf}, "email": {email}, "password": {demo.Password}})
	if strings.HasSuffix(loc, "/mfa") {
		u, err := e.a.Store.UserByEmail(context.Background(), e.tA.ID, realm, email)
		if err != nil {
			t.Fatal(err)
		}
		code, err := e.a.Identity.CurrentCode(u.TOTPSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		c.token(t, e.srv.URL+base+"/mfa")
		loc = c.post(t, e.srv.URL+base+"/mfa", url.Values{"csrf_token": {c.csrf}, "code": {code}})
	}
	if loc != base+"/" {
		t.Fatalf("sign in %s: sent to %q", email, loc)
	}
	c.token(t, e.srv.URL+base+"/") // the token follows the session
	return c
}

func (c *client) post(t *testing.T, u string, form url.Values) string {
	t.Helper()
	resp, err := c.c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %d\n%.2000s", u, resp.StatusCode, b)
	}
	return resp.Header.Get("Location")
}

// token reads the CSRF token of the form on the page at u.
func (c *client) token(t *testing.T, u string) {
	t.Helper()
	resp, err := c.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("no csrf token on %s (%d)", u, resp.StatusCode)
	}
	c.csrf = m[1]
}
