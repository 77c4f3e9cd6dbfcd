package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAdminOrderPages runs the seller's order pages (受注) through the real
// router on each engine: list and filters, every transition button and
// its refusals, bulk approval, partial shipments, proxy orders, the
// ordering settings, roles and tenant isolation.
func TestAdminOrderPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *orderWorld)
	}{
		{"ListFilters", testOrderListFilters},
		{"ListPaging", testOrderListPaging},
		{"Lifecycle", testOrderLifecycle},
		{"Refusals", testOrderRefusals},
		{"RolesAndTenants", testOrderRolesAndTenants},
		{"BulkApprove", testOrderBulkApprove},
		{"PartialShipment", testOrderPartialShipment},
		{"ProxyOrder", testProxyOrder},
		{"ProxyOrderRefusals", testProxyOrderRefusals},
		{"BuyerSettings", testOrderBuyerSettings},
		{"SalesSettings", testSalesSettingsPage},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newBuyersEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.orderWorld(t, 300+i)) })
		}
	})
}

// orderWorld is a tenant with a buyer company (B001, ship-to 本社), a
// second company (B002) and a small catalogue:
//
//	STD-1 業務用ラップ ¥105 10 %
//	RED-1 本枯れ鰹節   ¥200  8 %, stock tracked (20)
//	HID-1 特注品       ¥300 10 %, visible to B002 only
type orderWorld struct {
	*fixture
	s         *sqlstore.Store
	svc       *sales.Service
	other     buyers.Buyer
	shipTo    oroshi.ID
	otherShip oroshi.ID
	purchaser user
	otherUser user
	keys      int
}

func (e *env) orderWorld(t *testing.T, n int) *orderWorld {
	t.Helper()
	ctx := context.Background()
	w := &orderWorld{fixture: e.fixture(t, n), s: e.s}
	w.svc = &sales.Service{Store: e.s, Pricing: &pricing.Service{Store: e.s, Now: time.Now}, Now: time.Now}
	w.other = e.addBuyer(t, w.fixture, buyers.Buyer{Code: "B002", Name: "有限会社やまびこ"})
	w.shipTo = e.addShipTo(t, w.tenant.ID, w.buyer.ID)
	w.otherShip = e.addShipTo(t, w.tenant.ID, w.other.ID)
	w.purchaser = e.user(t, w.fixture, identity.RolePurchaser)
	other := *w.fixture
	other.buyer, other.n = w.other, n+1000
	w.otherUser = e.user(t, &other, identity.RolePurchaser)
	cat := &catalog.Service{Store: e.s}
	all := catalog.Visibility{Mode: catalog.VisibleToAll}
	for _, p := range []catalog.Product{
		{Name: "業務用ラップ", TaxClass: catalog.TaxStandard, Visibility: all, SKUs: []catalog.SKU{{Code: "STD-1", ListPrice: 105}}},
		{Name: "本枯れ鰹節", TaxClass: catalog.TaxReduced, Visibility: all,
			SKUs: []catalog.SKU{{Code: "RED-1", Variant: "500g", Unit: "袋", ListPrice: 200, TrackStock: true, Stock: 20}}},
		{Name: "特注品", TaxClass: catalog.TaxStandard, Visibility: catalog.Visibility{Mode: catalog.Restricted,
			BuyerIDs: []oroshi.ID{w.other.ID}}, SKUs: []catalog.SKU{{Code: "HID-1", ListPrice: 300}}},
	} {
		p.Status = catalog.StatusPublished
		if _, err := cat.CreateProduct(ctx, w.tenant.ID, p, system); err != nil {
			t.Fatalf("product %s: %v", p.SKUs[0].Code, err)
		}
	}
	return w
}

func (e *env) addShipTo(t *testing.T, tn oroshi.TenantID, buyerID oroshi.ID) oroshi.ID {
	t.Helper()
	st, err := e.buyers().CreateShipTo(context.Background(), buyers.ShipTo{Tenant: tn, BuyerID: buyerID, Label: "本社",
		Recipient: "購買部 御中", PostalCode: "530-0001", Address: "大阪府大阪市北区梅田1-1", IsDefault: true}, system)
	if err != nil {
		t.Fatal(err)
	}
	return st.ID
}

// line is "CODE:qty".
func orderLine(s string) sales.LineInput {
	code, qty, _ := strings.Cut(s, ":")
	var n int64
	fmt.Sscan(qty, &n)
	return sales.LineInput{Code: code, Quantity: n}
}

// place has the buyer's purchaser (or the other company's, when other)
// order lines; po is the 発注番号.
func (w *orderWorld) place(t *testing.T, other bool, po string, lines ...string) sales.Order {
	t.Helper()
	u, shipTo := w.purchaser, w.shipTo
	if other {
		u, shipTo = w.otherUser, w.otherShip
	}
	w.keys++
	in := sales.PlaceInput{Tenant: w.tenant.ID, BuyerID: u.BuyerID, UserID: u.ID, ShipToID: shipTo, PONumber: po,
		IdemKey: fmt.Sprintf("test-%d", w.keys)}
	for _, l := range lines {
		in.Lines = append(in.Lines, orderLine(l))
	}
	p, err := w.svc.PlaceOrder(context.Background(), in)
	if err != nil {
		t.Fatalf("place %v: %v", lines, err)
	}
	return p.Order
}

func (w *orderWorld) order(t *testing.T, id oroshi.ID) sales.Order {
	t.Helper()
	o, err := w.svc.Order(context.Background(), w.tenant.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (w *orderWorld) admin() string { return "/" + w.tenant.Slug + "/admin" }

func (w *orderWorld) orderPath(o sales.Order) string { return w.admin() + "/orders/" + o.ID.String() }

// listed are the order numbers a list page shows, in order.
func ordersListed(p *page) []string {
	var out []string
	for _, part := range strings.Split(p.body, `<td class="code"><a href="`)[1:] {
		_, rest, _ := strings.Cut(part, "<code>")
		num, _, _ := strings.Cut(rest, "</code>")
		out = append(out, num)
	}
	return out
}

func sameOrders(got []string, want ...string) bool {
	return strings.Join(got, ",") == strings.Join(want, ",")
}

func testOrderListFilters(t *testing.T, e *env, w *orderWorld) {
	o1 := w.place(t, false, "PO-A1", "STD-1:2")
	o2 := w.place(t, false, "PO-B2", "RED-1:1")
	o3 := w.place(t, true, "", "STD-1:1")
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	list := w.admin() + "/orders"
	p := b.get(list)
	mustContain(t, "list", p, ok, "受注一覧", `<span class="badge order-received">受付</span>`, "有限会社やまびこ",
		"受付 <span class=\"count\">3</span>", "231円", "選択した注文を承認")
	if got := ordersListed(p); !sameOrders(got, o3.Number, o2.Number, o1.Number) {
		t.Errorf("list order %v, want newest first %s %s %s", got, o3.Number, o2.Number, o1.Number)
	}
	today := pricing.DateOf(time.Now()).String()
	yesterday := pricing.DateOf(time.Now()).AddDays(-1).String()
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"po=PO-B", []string{o2.Number}},
		{"product=" + url.QueryEscape("鰹節"), []string{o2.Number}},
		{"product=std-1", []string{o3.Number, o1.Number}},
		{"buyer=B002", []string{o3.Number}},
		{"number=" + o1.Number, []string{o1.Number}},
		{"status=received&buyer=B001", []string{o2.Number, o1.Number}},
		{"from=" + today + "&to=" + today, []string{o3.Number, o2.Number, o1.Number}},
		{"to=" + yesterday, nil},
		{"status=approved", nil},
	} {
		p := b.get(list + "?" + tt.query)
		if p.status != ok || !sameOrders(ordersListed(p), tt.want...) {
			t.Errorf("?%s: %d %v, want %v", tt.query, p.status, ordersListed(p), tt.want)
		}
		if tt.want == nil {
			mustContain(t, "?"+tt.query, p, ok, "条件に合う注文はありません。")
		}
	}
	mustContain(t, "bad date", b.get(list+"?from=2026-13-01"), http.StatusUnprocessableEntity, "日付は「2026-04-01」の形で入力してください")
	mustContain(t, "unknown buyer", b.get(list+"?buyer=NOPE"), http.StatusUnprocessableEntity, "取引先コード「NOPE」の取引先が見つかりません")
	mustContain(t, "bad status", b.get(list+"?status=buyer_approval"), http.StatusUnprocessableEntity, "状態の指定が正しくありません")
	mustContain(t, "bad cursor", b.get(list+"?cursor=xyz"), http.StatusUnprocessableEntity, "ページの指定が正しくありません")
}

func testOrderListPaging(t *testing.T, e *env, w *orderWorld) {
	var numbers []string
	for i := 0; i < sales.DefaultPageSize+2; i++ {
		numbers = append([]string{w.place(t, false, "", "STD-1:1").Number}, numbers...)
	}
	b, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	p := b.get(w.admin() + "/orders")
	first := ordersListed(p)
	if !sameOrders(first, numbers[:sales.DefaultPageSize]...) {
		t.Fatalf("first page: %d orders %v", len(first), first)
	}
	mustContain(t, "count capped", p, ok, `受付 <span class="count">52</span>`)
	if strings.Contains(p.body, "選択した注文を承認") || strings.Contains(p.body, `type="checkbox"`) {
		t.Error("a viewer is offered bulk approval")
	}
	next := orderPageLink(t, p.body, `rel="next"`)
	p = b.get(next)
	if !sameOrders(ordersListed(p), numbers[sales.DefaultPageSize:]...) {
		t.Errorf("second page %v, want %v", ordersListed(p), numbers[sales.DefaultPageSize:])
	}
	if strings.Contains(p.body, `rel="next"`) || !strings.Contains(p.body, "最新へ") {
		t.Error("last page: a next link, or no link back to the newest")
	}
}

// pageLink is the href of the link marked with attr.
func orderPageLink(t *testing.T, body, attr string) string {
	t.Helper()
	i := strings.Index(body, attr)
	if i < 0 {
		t.Fatalf("no link %s", attr)
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	href := body[start : start+strings.Index(body[start:], `"`)]
	return strings.ReplaceAll(href, "&amp;", "&")
}

func testOrderBulkApprove(t *testing.T, e *env, w *orderWorld) {
	o1 := w.place(t, false, "", "STD-1:1")
	o2 := w.place(t, false, "", "STD-1:2")
	o3 := w.place(t, true, "", "STD-1:3")
	if _, err := w.svc.Approve(context.Background(), w.tenant.ID, o2.ID, system); err != nil {
		t.Fatal(err)
	}
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	list := w.admin() + "/orders"
	p := b.submit(list, list+"/approve", url.Values{"id": {o1.ID.String(), o2.ID.String(), o3.ID.String()},
		"return": {"buyer=B001"}})
	mustContain(t, "bulk", p, ok, "一括承認の結果", "承認 2件", "承認できなかった注文 1件",
		o2.Number+"</code></a>\n    「承認」の注文は「承認」できません")
	for _, o := range []sales.Order{o1, o2, o3} {
		if got := w.order(t, o.ID).Status; got != sales.StatusApproved {
			t.Errorf("%s after bulk approval: %s", o.Number, got)
		}
	}
	if got := ordersListed(p); !sameOrders(got, o2.Number, o1.Number) {
		t.Errorf("the list after bulk approval keeps its filter: %v", got)
	}
	p = b.submit(list, list+"/approve", nil)
	mustContain(t, "nothing chosen", p, http.StatusUnprocessableEntity, "承認する注文を選んでください。")
}
