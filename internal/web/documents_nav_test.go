package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// newQuoteDocsEnv is the site with quotes and documents.
func newQuoteDocsEnv(t *testing.T, s *sqlstore.Store) (*env, *sales.QuoteService, *documents.Service) {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	ps := &pricing.Service{Store: s, Now: time.Now}
	ss := &sales.Service{Store: s, Pricing: ps, Now: time.Now}
	qs := &sales.QuoteService{Sales: ss, Store: s}
	docs := &documents.Service{Store: s, Renderer: sheetPDF{}}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Pricing: ps, Sales: ss,
		Quotes: qs, Documents: docs, Fields: &customfields.Service{Store: s},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e, qs, docs
}

// TestDocumentNavigationAndQuotePage: the menus link to the document
// pages, the settings page to the document settings, the delivery method
// is saved (and a bad one refused in Japanese), and the buyer's quote
// page lists its 見積書 for download — on each engine.
func TestDocumentNavigationAndQuotePage(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, qs, docs := newQuoteDocsEnv(t, s)
		w := e.orderWorld(t, 730)
		ctx := context.Background()
		owner, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
		base := w.admin()
		mustContain(t, "admin menu", owner.get(base+"/"), http.StatusOK, `href="`+base+`/documents"`)
		mustContain(t, "settings card", owner.get(base+"/settings"), http.StatusOK,
			`href="`+base+`/settings/documents"`, "帳票設定を開く")

		form := url.Values{"company_name": {"さくら食品株式会社"}, "registration_no": {"T7000012050002"},
			"tax_display": {"exclusive"}, "retention_years": {"7"}, "delivery": {"fax"}}
		p := owner.submit(base+"/settings/documents", base+"/settings/documents", form)
		mustContain(t, "bad delivery", p, http.StatusUnprocessableEntity, "送付方法を選んでください")
		form.Set("delivery", "attach")
		if p := owner.submit(base+"/settings/documents", base+"/settings/documents", form); p.status != http.StatusSeeOther {
			t.Fatalf("save settings: %d\n%s", p.status, p.body)
		}
		if l, err := docs.Layout(ctx, w.tenant.ID); err != nil || l.Delivery != documents.DeliveryAttach {
			t.Fatalf("saved delivery %q: %v", l.Delivery, err)
		}
		mustContain(t, "settings show delivery", owner.get(base+"/settings/documents"), http.StatusOK,
			`name="delivery" value="attach" checked`)

		q, err := qs.CreateQuote(ctx, w.tenant.ID, w.buyer.ID, sales.QuoteDraftInput{
			Lines:      []sales.QuoteLineInput{{Code: "STD-1", Quantity: 4}},
			ValidUntil: pricing.DateOf(time.Now()).AddDays(14)}, system)
		if err != nil {
			t.Fatal(err)
		}
		if q, err = qs.Issue(ctx, w.tenant.ID, q.ID, q.RowVersion, system); err != nil {
			t.Fatal(err)
		}
		d, err := docs.IssueQuote(ctx, w.tenant.ID, q.ID, system)
		if err != nil {
			t.Fatal(err)
		}
		buyer, _ := e.signedIn(t, w.fixture, identity.RoleBuyerView)
		shop := "/" + w.tenant.Slug
		page := buyer.get(shop + "/quotes/" + q.ID.String())
		mustContain(t, "shop quote page", page, http.StatusOK, "発行済みの帳票", shop+"/documents/"+d.ID.String()+"/pdf", q.Number)
		mustContain(t, "shop menu", page, http.StatusOK, `href="`+shop+`/documents"`)
		if p := buyer.get(shop + "/documents/" + d.ID.String() + "/pdf"); p.status != http.StatusOK ||
			!strings.HasPrefix(p.body, "%PDF") {
			t.Errorf("download from the quote page: %d", p.status)
		}
	})
}
