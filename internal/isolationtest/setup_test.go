package isolationtest

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// victimSlug is tenant B: the demo seeded first, then renamed, so that
// a second demo run makes tenant A ("sakura") with the same shape.
const victimSlug = "victim"

// env is one engine's application with two full demo tenants.
type env struct {
	engine string
	a      *app.App
	srv    *httptest.Server
	raw    *sql.DB // owner connection: sees every row (checksums, RLS setup)
	url    string  // PostgreSQL URL of the test database ("" on SQLite)
	tA, tB tenancy.Tenant
	// buyerX and buyerY are buyer companies of tenant A; X attacks Y.
	buyerX, buyerY oroshi.ID
	keyA           string              // tenant A's API key with every scope
	cols           map[string][]string // table → columns, from the schema
}

var system = audit.Actor{Realm: audit.RealmSystem}

func newEnv(t *testing.T, engine string) *env {
	t.Helper()
	ctx := context.Background()
	o := sqlstoretest.Options(t, engine)
	cfg, err := config.Load(func(k string) string {
		// Loopback is exempt from the abuse guard's scoring and blocks:
		// a block (403) would pass for a refusal and hide what the
		// handlers answer. Rate limits still apply (429 fails the suite).
		return map[string]string{"OROSHI_DATA_DIR": o.DataDir, "OROSHI_DATABASE_URL": o.URL,
			"OROSHI_ABUSE_EXEMPT": "127.0.0.0/8,::1", "OROSHI_FONT_DIR": "../../var/fonts"}[k] // fonts: documents
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(ctx) })
	e := &env{engine: engine, a: a, url: o.URL, raw: a.Store.DB()}
	if o.URL != "" {
		if e.raw, err = sql.Open("pgx", o.URL); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.raw.Close() })
	}
	e.tB = e.seedTenant(t)
	if _, err := e.raw.ExecContext(ctx, e.bind(`UPDATE tenants SET slug = ? WHERE id = ?`), victimSlug, e.tB.ID); err != nil {
		t.Fatal(err)
	}
	e.tA = e.seedTenant(t)
	if e.tB, err = a.Store.TenantBySlug(ctx, victimSlug); err != nil {
		t.Fatal(err)
	}
	e.buyerX, e.buyerY = e.buyerByCode(t, e.tA.ID, "B002"), e.buyerByCode(t, e.tA.ID, "B001")
	e.keyA = e.extras(t, e.tA.ID)
	e.extras(t, e.tB.ID)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	e.columns(t)
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

// bind rewrites ? placeholders for PostgreSQL.
func (e *env) bind(q string) string {
	if e.engine != "postgres" {
		return q
	}
	out, n := make([]byte, 0, len(q)+8), 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, []byte(itoa(n))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

func itoa(n int) string { return oroshi.ID(n).String() }

// seedTenant runs the full demo (catalogue, buyers, orders, documents,
// invoices, payments, credit notes, notices) and returns its tenant.
func (e *env) seedTenant(t *testing.T) tenancy.Tenant {
	t.Helper()
	ctx, a := context.Background(), e.a
	s := demo.Seeder{Store: a.Store, Identity: a.Identity, Buyers: a.Buyers, Catalog: a.Catalog, Pricing: a.Pricing,
		Sales: a.Sales, Documents: a.Documents, Billing: a.Billing, FontDir: e.a.Config.FontDir, BaseURL: "http://x"}
	if _, err := s.Run(ctx); err != nil {
		t.Fatalf("demo: %v", err)
	}
	tn, err := a.Store.TenantBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func (e *env) buyerByCode(t *testing.T, tn oroshi.TenantID, code string) oroshi.ID {
	t.Helper()
	b, err := e.a.Store.BuyerByCode(context.Background(), tn, code)
	if err != nil {
		t.Fatal(err)
	}
	return b.ID
}

// extras adds what the demo lacks: a webhook endpoint, an API key with
// every scope (returned in plain text) and an issued quote for each of
// B001 and B002.
func (e *env) extras(t *testing.T, tn oroshi.TenantID) string {
	t.Helper()
	ctx, a := context.Background(), e.a
	hook, _, err := a.Webhooks.Create(ctx, webhooks.Endpoint{Tenant: tn, URL: "https://hooks.example.com/oroshi",
		Events: []string{webhooks.EventTypes()[0].Type}}, system)
	if err != nil {
		t.Fatalf("webhook: %v", err)
	}
	e.moreExtras(t, tn, hook)
	var scopes []string
	for _, s := range apikeys.Vocabulary() {
		scopes = append(scopes, s.Name)
	}
	_, key, err := a.Keys.Create(ctx, tn, "isolation", scopes, system)
	if err != nil {
		t.Fatalf("api key: %v", err)
	}
	for _, code := range []string{"B001", "B002"} {
		e.quote(t, tn, e.buyerByCode(t, tn, code))
	}
	if _, err := a.Fields.CreateField(ctx, customfields.Field{Tenant: tn, Entity: customfields.EntityProduct,
		Key: "origin", Label: "産地", Type: customfields.TypeText}, system); err != nil {
		t.Fatalf("custom field: %v", err)
	}
	return key
}

// quote creates and issues a quote of one SKU the buyer has ordered.
func (e *env) quote(t *testing.T, tn oroshi.TenantID, buyer oroshi.ID) {
	t.Helper()
	ctx := context.Background()
	var sku oroshi.ID
	var qty int64
	err := e.raw.QueryRowContext(ctx, e.bind(`SELECT l.sku_id, l.quantity FROM order_lines l JOIN orders o
		ON o.tenant_id = l.tenant_id AND o.id = l.order_id WHERE o.tenant_id = ? AND o.buyer_id = ? LIMIT 1`),
		tn, buyer).Scan(&sku, &qty)
	if err != nil {
		t.Fatalf("a SKU of buyer %s: %v", buyer, err)
	}
	in := sales.QuoteDraftInput{Lines: []sales.QuoteLineInput{{SKUID: sku, Quantity: qty}},
		ValidUntil: e.a.Quotes.Today().AddDays(30), Notes: "isolation"}
	q, err := e.a.Quotes.CreateQuote(ctx, tn, buyer, in, system)
	if err != nil {
		t.Fatalf("quote: %v", err)
	}
	if _, err := e.a.Quotes.Issue(ctx, tn, q.ID, q.RowVersion, system); err != nil {
		t.Fatalf("issue quote: %v", err)
	}
}

// client is a browser of one person: a cookie jar, no redirects followed.
type client struct {
	c    *http.Client
	csrf string
}

func (e *env) newClient(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}
