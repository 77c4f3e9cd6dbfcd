package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// noticeEnv is a server with sales, CSV and notices, and a tenant where a
// purchaser of B001 placed an order that was then approved, and another
// company (B002) has an order of its own.
type noticeEnv struct {
	*env
	f          *fixture
	purchaser  user
	owner      user
	otherAdmin user
	order      sales.Order
	others     sales.Order
	ownerB     *browser
}

func newNoticeEnv(t *testing.T, s *sqlstore.Store) *noticeEnv {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, CSV: &dataio.Service{Store: s},
		Sales:         &sales.Service{Store: s, Pricing: &pricing.Service{Store: s, Now: time.Now}, Now: time.Now},
		Notifications: &salesnotify.Notices{Store: s}, Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	n := &noticeEnv{env: e, f: e.fixture(t, 900)}
	n.purchaser, n.owner = e.user(t, n.f, identity.RolePurchaser), e.user(t, n.f, identity.RoleOwner)
	n.placeOrders(t)
	return n
}

// placeOrders places the two companies' orders and dispatches their events.
func (n *noticeEnv) placeOrders(t *testing.T) {
	t.Helper()
	ctx, s, tn := context.Background(), n.s, n.f.tenant.ID
	ev := audit.Event{Tenant: tn, ActorRealm: audit.RealmSystem, Action: "テスト"}
	other, err := (&buyers.Service{Store: s}).Create(ctx, buyers.Buyer{Tenant: tn, Code: "B002", Name: "有限会社よその店"},
		audit.Actor{Realm: audit.RealmSystem})
	if err != nil {
		t.Fatal(err)
	}
	n.otherAdmin = n.user(t, &fixture{n: 901, tenant: n.f.tenant, buyer: other}, identity.RoleBuyerAdmin)
	p, err := (&catalog.Service{Store: s}).CreateProduct(ctx, tn, catalog.Product{Name: "業務用ラップ", Status: catalog.StatusPublished,
		SKUs: []catalog.SKU{{Code: "WR-30", ListPrice: 1200}}}, audit.Actor{Realm: audit.RealmAdmin, ID: n.owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	svc := &sales.Service{Store: s, Pricing: &pricing.Service{Store: s, Now: time.Now}, Now: time.Now}
	place := func(buyer buyers.Buyer, by identity.User, proxy bool, key string) sales.Order {
		st, err := s.CreateShipTo(ctx, buyers.ShipTo{Tenant: tn, BuyerID: buyer.ID, Label: "本店", Address: "大阪市北区1-1"}, ev)
		if err != nil {
			t.Fatal(err)
		}
		placed, err := svc.PlaceOrder(ctx, sales.PlaceInput{Tenant: tn, BuyerID: buyer.ID, UserID: by.ID, Proxy: proxy,
			ShipToID: st.ID, Lines: []sales.LineInput{{SKUID: p.SKUs[0].ID, Quantity: 3}}, IdemKey: key})
		if err != nil {
			t.Fatal(err)
		}
		return placed.Order
	}
	n.order = place(n.f.buyer, n.purchaser.User, false, "k1")
	n.others = place(other, n.owner.User, true, "k2")
	if _, err := svc.Approve(ctx, tn, n.order.ID, audit.Actor{Realm: audit.RealmAdmin, ID: n.owner.ID}); err != nil {
		t.Fatal(err)
	}
	noticer := &salesnotify.Noticer{Store: s}
	for _, id := range []sales.Order{n.order, n.others} {
		o, err := svc.Order(ctx, tn, id.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range o.Events {
			if err := noticer.Dispatch(ctx, tn, e.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestNotificationsAndOrderExports runs the notices pages and the order
// downloads through the real router on each engine.
func TestNotificationsAndOrderExports(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		n := newNoticeEnv(t, s)
		// One signed-in owner for both admin scenarios: a TOTP code is
		// accepted once per 30-second step.
		n.ownerB = n.browser(t)
		n.ownerB.signIn(n.owner)
		t.Run("ShopNotices", func(t *testing.T) { testShopNotices(t, n) })
		t.Run("AdminNotices", func(t *testing.T) { testAdminNotices(t, n) })
		t.Run("ShopExport", func(t *testing.T) { testShopOrderExport(t, n) })
		t.Run("AdminExport", func(t *testing.T) { testAdminOrderExport(t, n) })
	})
}

func testShopNotices(t *testing.T, n *noticeEnv) {
	b := n.browser(t)
	b.signIn(n.purchaser)
	base := n.purchaser.base
	home := b.get(base + "/")
	mustContain(t, "shop home", home, http.StatusOK, `href="`+base+`/notifications"`, `<span class="count"`, ">2</span>")
	list := b.get(base + "/notifications")
	mustContain(t, "shop notices", list, http.StatusOK, "ご注文を承認しました（"+n.order.Number+"）",
		"ご注文を承りました（"+n.order.Number+"）", "2件の未読", "すべて既読にする")
	if strings.Contains(list.body, n.others.Number) {
		t.Error("the purchaser sees another company's notice")
	}
	id := regexpFind(t, list.body, `href="`+base+`/notifications/(\d+)"`)
	open := b.get(base + "/notifications/" + id)
	if open.status != http.StatusSeeOther || open.location != base+"/orders/"+n.order.ID.String() {
		t.Errorf("open notice: %d → %q", open.status, open.location)
	}
	mustContain(t, "unread only", b.get(base+"/notifications?unread=1"), http.StatusOK, "1件の未読")
	if p := b.get(base + "/notifications/123456789"); p.status != http.StatusNotFound {
		t.Errorf("someone else's or no notice: %d", p.status)
	}

	other := n.browser(t)
	other.signIn(n.otherAdmin)
	mustContain(t, "other company's notices", other.get(base+"/notifications"), http.StatusOK, "ご注文を承りました（"+n.others.Number+"）")
	if p := other.get(base + "/notifications/" + id); p.status != http.StatusNotFound {
		t.Errorf("opening another company's notice: %d", p.status)
	}
}

func testAdminNotices(t *testing.T, n *noticeEnv) {
	b := n.ownerB
	b.t = t
	base := n.owner.base
	list := b.get(base + "/notifications")
	mustContain(t, "admin notices", list, http.StatusOK, "新しいご注文がありました（"+n.order.Number+"）", "2件の未読")
	p := b.post(base+"/notifications/read", url.Values{"csrf_token": {b.csrf(list)}})
	if p.status != http.StatusSeeOther || p.location != base+"/notifications" {
		t.Fatalf("read all: %d → %q", p.status, p.location)
	}
	after := b.get(base + "/notifications")
	mustContain(t, "after read all", after, http.StatusOK, "すべての通知を既読にしました。")
	if strings.Contains(after.body, "件の未読") || strings.Contains(after.body, `<span class="count"`) {
		t.Error("unread count still shown after reading all")
	}
	if p := b.post(base+"/notifications/read", url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("read all without CSRF token: %d", p.status)
	}
}

func testShopOrderExport(t *testing.T, n *noticeEnv) {
	b := n.browser(t)
	b.signIn(n.purchaser)
	base := n.purchaser.base
	// A buyer field in the query is ignored: the company is the user's.
	resp, body := b.csvGet(base + "/orders/export?kind=order_lines&buyer_id=" + n.others.BuyerID.String())
	text := string(body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(text, "\uFEFF注文番号,") ||
		!strings.Contains(text, n.order.Number) || strings.Contains(text, n.others.Number) {
		t.Errorf("shop export %d:\n%s", resp.StatusCode, text)
	}
	p := b.get(base + "/orders/export?from=2026-13-01")
	if p.status != http.StatusSeeOther || p.location != base+"/orders" {
		t.Errorf("bad date: %d → %q", p.status, p.location)
	}
}

func testAdminOrderExport(t *testing.T, n *noticeEnv) {
	b := n.ownerB
	b.t = t
	base := n.owner.base
	mustContain(t, "csv page", b.get(base+"/csv"), http.StatusOK, `action="`+base+`/csv/orders"`, "注文明細")
	resp, body := b.csvGet(base + "/csv/orders?kind=orders&encoding=sjis&status=approved")
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/csv; charset=Shift_JIS" {
		t.Fatalf("admin export %d %q", resp.StatusCode, ct)
	}
	utf, err := japanese.ShiftJIS.NewDecoder().Bytes(body)
	if err != nil {
		t.Fatal(err)
	}
	if text := string(utf); !strings.Contains(text, n.order.Number+",") || strings.Contains(text, n.others.Number) ||
		!strings.Contains(text, "株式会社まるやま商店") {
		t.Errorf("approved orders file:\n%s", text)
	}
	p := b.get(base + "/csv/orders?kind=orders&from=2026-05-02&to=2026-05-01")
	mustContain(t, "reversed dates", p, http.StatusUnprocessableEntity, "期間の終了日は開始日以降の日付にしてください")
}

// regexpFind returns the first group of pattern's first match in text.
func regexpFind(t *testing.T, text, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %s in:\n%s", pattern, text)
	}
	return m[1]
}
