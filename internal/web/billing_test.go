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

	"github.com/oroshi-jp/oroshi/internal/billing"
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

// TestBillingPages runs the billing pages (請求) through the real router on
// each engine: the closing run (twice), the invoice list and its filters,
// the detail, payments with the overpayment refusal and cancellation,
// roles, tenant isolation and the buyer's own invoices in the shop.
func TestBillingPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *billingWorld)
	}{
		{"ClosingAndList", testBillingClosingAndList},
		{"DetailAndPayments", testBillingDetailAndPayments},
		{"RolesAndTenants", testBillingRolesAndTenants},
		{"Shop", testBillingShop},
		{"AgingAndSettings", testBillingAgingAndSettings},
		{"InvoicePDF", testBillingInvoicePDF},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newBillingEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.billingWorld(t, 700+i)) })
		}
	})
}

func newBillingEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	d := withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Fields: &customfields.Service{Store: s},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s)
	d.Billing = &billing.Service{Store: s, Sales: d.Sales, Now: time.Now}
	d.Documents = &documents.Service{Store: s, Renderer: sheetPDF{}}
	srv, err := web.New(d)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// billingWorld is an orderWorld whose buyers (末日締め) each have an order
// shipped on the last closing date, not yet billed.
type billingWorld struct {
	*orderWorld
	bill    *billing.Service
	closing pricing.Date // the end of last month
	order   sales.Order  // B001's
}

func (e *env) billingWorld(t *testing.T, n int) *billingWorld {
	t.Helper()
	ow := e.orderWorld(t, n)
	today := pricing.DateOf(time.Now())
	w := &billingWorld{orderWorld: ow, bill: &billing.Service{Store: e.s, Sales: ow.svc, Now: time.Now},
		closing: billing.ClosingDateOf(today.Year, today.Month-1, buyers.EndOfMonth)}
	w.order = w.shipped(t, false, "STD-1:3", "RED-1:2") // 315 at 10 %, 400 at 8 %
	w.shipped(t, true, "STD-1:1")
	return w
}

func (w *billingWorld) shipped(t *testing.T, other bool, lines ...string) sales.Order {
	t.Helper()
	ctx := context.Background()
	o := w.place(t, other, "", lines...)
	if _, err := w.svc.Approve(ctx, w.tenant.ID, o.ID, system); err != nil {
		t.Fatal(err)
	}
	o, err := w.svc.Ship(ctx, w.tenant.ID, o.ID, sales.ShipmentInput{ShippedOn: w.closing, All: true}, system)
	if err != nil {
		t.Fatalf("ship: %v", err)
	}
	return o
}

// closeAll runs the closing of the last closing date for every buyer.
func (w *billingWorld) closeAll(t *testing.T) {
	t.Helper()
	if _, err := w.bill.Close(context.Background(), w.tenant.ID, billing.Run{Date: w.closing}, system); err != nil {
		t.Fatal(err)
	}
}

// invoice is the buyer's (or the other buyer's) only invoice.
func (w *billingWorld) invoice(t *testing.T, other bool) billing.Invoice {
	t.Helper()
	id := w.buyer.ID
	if other {
		id = w.other.ID
	}
	list, err := w.bill.Invoices(context.Background(), w.tenant.ID, billing.Filter{BuyerID: id})
	if err != nil || len(list) != 1 {
		t.Fatalf("invoices of buyer %s: %v %v", id, len(list), err)
	}
	iv, err := w.bill.Invoice(context.Background(), w.tenant.ID, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

func (w *billingWorld) invoicePath(iv billing.Invoice) string {
	return w.admin() + "/invoices/" + iv.ID.String()
}

func testBillingClosingAndList(t *testing.T, e *env, w *billingWorld) {
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	closing := w.admin() + "/invoices/closing"
	mustContain(t, "closing form", b.get(closing), ok, "締め処理を実行", "締め請求（締め日ごとに合算）")
	p := b.submit(closing, closing, url.Values{"date": {"2026-13-01"}})
	mustContain(t, "bad date", p, http.StatusUnprocessableEntity, "締め日は「2026-04-30」の形で入力してください")
	p = b.submit(closing, closing, url.Values{"date": {w.closing.String()}, "buyer": {"NOPE"}})
	mustContain(t, "unknown buyer", p, http.StatusUnprocessableEntity, "取引先コード「NOPE」の取引先が見つかりません")
	w.closeAll(t) // the page queues the run: TestClosingRunQueued
	p = b.submit(closing, closing, url.Values{"date": {w.closing.String()}})
	mustContain(t, "second run", p, http.StatusUnprocessableEntity, "締め処理済みです")
	if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM invoices WHERE tenant_id = "+w.tenant.ID.String()); n != 2 {
		t.Errorf("invoices after two runs: %d, want 2", n)
	}
	mine, theirs := w.invoice(t, false), w.invoice(t, true)
	list := w.admin() + "/invoices"
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"", []string{theirs.Number, mine.Number}},
		{"buyer=B001", []string{mine.Number}},
		{"buyer=b002", []string{theirs.Number}},
		{"status=unpaid", []string{theirs.Number, mine.Number}},
		{"status=paid", nil},
		{"from=" + w.closing.String() + "&to=" + w.closing.String(), []string{theirs.Number, mine.Number}},
		{"from=" + w.closing.AddDays(1).String(), nil},
	} {
		p := b.get(list + "?" + tt.query)
		if got := invoicesListed(p); p.status != ok || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("?%s: %d %v, want %v", tt.query, p.status, got, tt.want)
		}
	}
	mustContain(t, "bad from", b.get(list+"?from=2026-02-30"), http.StatusUnprocessableEntity, "日付は「2026-04-01」の形で入力してください")
	mustContain(t, "bad buyer", b.get(list+"?buyer=NOPE"), http.StatusUnprocessableEntity, "取引先コード「NOPE」の取引先が見つかりません")
	mustContain(t, "bad status", b.get(list+"?status=x"), http.StatusUnprocessableEntity, "入金状況の指定が正しくありません")
	mustContain(t, "bad cursor", b.get(list+"?cursor=x"), http.StatusUnprocessableEntity, "ページの指定が正しくありません")
}

// invoicesListed are the invoice numbers of a list page, in order.
func invoicesListed(p *page) []string {
	var out []string
	for _, part := range strings.Split(p.body, `<td class="code"><a href="`)[1:] {
		_, rest, _ := strings.Cut(part, "<code>")
		num, _, _ := strings.Cut(rest, "</code>")
		out = append(out, num)
	}
	return out
}
