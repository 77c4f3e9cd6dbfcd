package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// client sends requests to h from one address.
type client struct {
	t    *testing.T
	h    http.Handler
	addr string
}

func (c client) do(method, target string, body string, header ...string) *httptest.ResponseRecorder {
	c.t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = c.addr + ":40000"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec
}

// fixClock gives the apps' guards one settable clock.
func fixClock(apps ...*app.App) *time.Time {
	now := time.Date(2026, 11, 26, 10, 0, 5, 0, time.UTC)
	for _, a := range apps {
		a.Guard.Now = func() time.Time { return now }
	}
	return &now
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct{ Error struct{ Code string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("not a JSON error: %d %s", rec.Code, rec.Body.String())
	}
	return body.Error.Code
}

// TestProbesBlockClient: three SQL-injection, script or traversal probes
// block the address for 30 minutes, pages and API alike; other addresses,
// health and metrics are untouched; the block ends by itself.
func TestProbesBlockClient(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, h := openDemo(t, engine)
			now := fixClock(a)
			bad, good := client{t, h, "203.0.113.7"}, client{t, h, "198.51.100.2"}
			probes := []string{"/sakura/products?q=" + url.QueryEscape("' OR 1=1 --"),
				"/sakura/products?q=" + url.QueryEscape("<script>alert(1)</script>"), "/sakura/files/..%2f..%2fetc/passwd"}
			for i, p := range probes {
				rec := bad.do("GET", p, "")
				if blocked := rec.Code == http.StatusForbidden; blocked != (i == len(probes)-1) {
					t.Fatalf("probe %d %s: %d", i, p, rec.Code)
				}
			}
			rec := bad.do("GET", "/sakura/login", "")
			if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "アクセスを一時的に制限しています") ||
				rec.Header().Get("Retry-After") != "1800" {
				t.Errorf("blocked page: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
			}
			if rec := bad.do("GET", "/api/v1/me", ""); rec.Code != http.StatusForbidden || errorCode(t, rec) != "blocked" {
				t.Errorf("blocked API: %d %s", rec.Code, rec.Body.String())
			}
			for _, p := range []string{"/healthz", "/metrics"} {
				if rec := bad.do("GET", p, ""); rec.Code != http.StatusOK {
					t.Errorf("GET %s while blocked: %d", p, rec.Code)
				}
			}
			if rec := good.do("GET", "/sakura/login", ""); rec.Code != http.StatusOK {
				t.Errorf("other address: %d", rec.Code)
			}
			*now = now.Add(30*time.Minute + time.Second)
			if rec := bad.do("GET", "/sakura/login", ""); rec.Code != http.StatusOK {
				t.Errorf("after the block: %d", rec.Code)
			}
			a.Guard.Exempt = []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")} // OROSHI_ABUSE_EXEMPT
			exempt := client{t, h, "192.0.2.99"}
			for range 4 {
				exempt.do("GET", probes[0], "")
			}
			if rec := exempt.do("GET", "/sakura/login", ""); rec.Code != http.StatusOK {
				t.Errorf("exempt address after probes: %d", rec.Code)
			}
		})
	}
}

// TestErrorBurstBlocksClient: 50 client errors within a minute block the
// address; legitimate Japanese searches and O'Neil never do.
func TestErrorBurstBlocksClient(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, h := openDemo(t, engine)
			fixClock(a)
			scanner := client{t, h, "203.0.113.9"}
			for i := range abuse.DefaultPolicy.ErrorBurst.Max {
				if rec := scanner.do("GET", "/api/v1/products/"+strconv.Itoa(i), ""); rec.Code >= 500 || rec.Code == http.StatusForbidden {
					t.Fatalf("request %d: %d", i, rec.Code)
				}
			}
			if rec := scanner.do("GET", "/sakura/login", ""); rec.Code != http.StatusForbidden {
				t.Errorf("after the burst: %d", rec.Code)
			}
			csrf, token := loginForm(t, h, "/sakura/login")
			buyer := signIn(t, h, "/sakura/login", "sato@maruyama.example", csrf, token)
			for _, q := range []string{"O'Neil", "北海道産 じゃがいも（男爵）", "Tom's 'special'", "だし -- 昆布", "1.. 2..."} {
				req := httptest.NewRequest("GET", "/sakura/products?q="+url.QueryEscape(q), nil)
				req.AddCookie(buyer)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("search %q: %d", q, rec.Code)
				}
			}
			blocks, err := a.Store.ActiveBlocks(context.Background(), a.Guard.Now())
			if err != nil || len(blocks) != 1 || blocks[0].Address != "203.0.113.9" || blocks[0].Reason != "4xx-burst" {
				t.Errorf("blocks: %+v %v", blocks, err)
			}
		})
	}
}

// TestRateLimitsSharedAcrossInstances: the API limit per key and per
// address, and the search limit, hold across two instances on one
// database; the answer is 429 with Retry-After.
func TestRateLimitsSharedAcrossInstances(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a1, h1 := openDemo(t, engine)
			a2 := openSecond(t, a1)
			h2, err := a2.Handler()
			if err != nil {
				t.Fatal(err)
			}
			now := fixClock(a1, a2)
			for _, a := range []*app.App{a1, a2} {
				a.Guard.Policy.API = abuse.Rule{Max: 4, Per: time.Minute}
				a.Guard.Policy.Search = abuse.Rule{Max: 3, Per: time.Minute}
			}
			key := []string{"Authorization", "Bearer oroshi_test_key"}
			for i := range 4 {
				h := []http.Handler{h1, h2}[i%2]
				if rec := (client{t, h, "192.0.2.10"}).do("GET", "/api/v1/me", "", key...); rec.Code != http.StatusUnauthorized {
					t.Fatalf("API call %d: %d", i, rec.Code)
				}
			}
			// The same key from another address: over the key's limit.
			rec := client{t, h2, "192.0.2.11"}.do("GET", "/api/v1/me", "", key...)
			if rec.Code != http.StatusTooManyRequests || errorCode(t, rec) != "rate_limited" || rec.Header().Get("Retry-After") != "55" {
				t.Errorf("over the key's limit: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
			}
			// The same address without a key: over the address's limit.
			if rec := (client{t, h1, "192.0.2.10"}).do("GET", "/api/v1/me", ""); rec.Code != http.StatusTooManyRequests {
				t.Errorf("over the address's limit: %d", rec.Code)
			}
			if rec := (client{t, h1, "192.0.2.12"}).do("GET", "/api/v1/me", ""); rec.Code != http.StatusUnauthorized {
				t.Errorf("another client: %d", rec.Code)
			}
			for i := range 3 {
				h := []http.Handler{h1, h2}[i%2]
				if rec := (client{t, h, "192.0.2.20"}).do("GET", "/sakura/products?q=%E6%98%86%E5%B8%83", ""); rec.Code == http.StatusTooManyRequests {
					t.Fatalf("search %d: 429", i)
				}
			}
			rec = client{t, h2, "192.0.2.20"}.do("GET", "/sakura/products?q=x", "")
			if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "リクエストが多すぎます") || rec.Header().Get("Retry-After") == "" {
				t.Errorf("over the search limit: %d %s", rec.Code, rec.Body.String())
			}
			*now = now.Add(time.Minute)
			if rec := (client{t, h1, "192.0.2.20"}).do("GET", "/sakura/products?q=x", ""); rec.Code == http.StatusTooManyRequests {
				t.Errorf("next window: %d", rec.Code)
			}
			limited, err := a1.Store.LimitedWindows(context.Background(), 10)
			if err != nil || len(limited) != 3 {
				t.Errorf("limited windows: %+v %v", limited, err)
			}
		})
	}
}

// openSecond opens another instance of a's application on its database.
func openSecond(t *testing.T, a *app.App) *app.App {
	t.Helper()
	ctx := context.Background()
	b, err := app.Open(ctx, a.Config, slog.New(slog.DiscardHandler), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close(ctx) })
	return b
}
