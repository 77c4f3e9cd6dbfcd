package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestShopOrdering runs the buyer's ordering pages (cart, quick order, CSV
// upload, checkout, order history, buyer-side approval) through the real
// router on each engine, on the shop catalogue fixture (shopFixture).
func TestShopOrdering(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *orderEnv)
	}{
		{"CartAddUpdateRemove", testCartAddUpdateRemove},
		{"QuickOrderErrors", testQuickOrderErrors},
		{"CSVUploadAllOrNothing", testCartCSV},
		{"CheckoutValidation", testCheckoutValidation},
		{"PlaceOnceAndStaleTab", testPlaceOnce},
		{"OrderHistoryAndReorder", testOrderHistory},
		{"OtherBuyersOrder", testOtherBuyersOrder},
		{"ViewerCannotOrder", testViewerCannotOrder},
		{"BuyerApproval", testBuyerApproval},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newOrderEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				sf := newShopFixture(t, e, e.fixture(t, 500+i))
				sc.fn(t, &orderEnv{env: e, sf: sf, sales: e.sales(), home: e.shipTo(t, sf.fixture, sf.buyer.ID, "本店")})
			})
		}
	})
}

// orderEnv is one scenario: the server, the catalogue fixture and a
// ship-to of the fixture's buyer (f.buyer, who pays list prices).
type orderEnv struct {
	*env
	sf    *shopFixture
	sales *sales.Service
	home  buyers.ShipTo
}

func newOrderEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	ps := &pricing.Service{Store: s, Now: time.Now}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Pricing: ps,
		Sales: &sales.Service{Store: s, Pricing: ps, Now: time.Now}, Fields: &customfields.Service{Store: s},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) sales() *sales.Service {
	ps := &pricing.Service{Store: e.s, Now: time.Now}
	return &sales.Service{Store: e.s, Pricing: ps, Now: time.Now}
}

func (e *env) shipTo(t *testing.T, f *fixture, buyerID oroshi.ID, label string) buyers.ShipTo {
	t.Helper()
	st, err := e.buyers().CreateShipTo(context.Background(), buyers.ShipTo{Tenant: f.tenant.ID, BuyerID: buyerID, Label: label,
		PostalCode: "143-0006", Address: "東京都大田区平和島4-1-23", Phone: "03-5753-1201"}, system)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// person is a signed-in shop user of a company.
type person struct {
	*browser
	identity.User
}

func (o *orderEnv) person(t *testing.T, buyer buyers.Buyer, role, name string) person {
	t.Helper()
	email := fmt.Sprintf("%s.%s.%d@example.jp", name, strings.ToLower(buyer.Code), o.sf.n)
	u, err := o.s.CreateUser(context.Background(), identity.User{Tenant: o.sf.tenant.ID, Realm: identity.RealmShop, BuyerID: buyer.ID,
		Email: email, Name: "発注 " + name, Role: role, PasswordHash: passwordHash(), Status: identity.StatusActive},
		audit.Event{Tenant: o.sf.tenant.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	b := o.browser(t)
	b.signIn(user{User: u, base: o.sf.base})
	return person{b, u}
}

// action posts form to path with the CSRF token of the page at from.
func (p person) action(from, path string, form url.Values) *page {
	p.t.Helper()
	return p.submit(from, path, form)
}

func (o *orderEnv) add(t *testing.T, p person, code string, qty string) *page {
	t.Helper()
	got := p.action(o.sf.base+"/products", o.sf.base+"/cart/items", url.Values{"sku_id": {o.skuID(code)}, "quantity": {qty},
		"back": {o.sf.base + "/products"}})
	if got.status != http.StatusSeeOther {
		t.Fatalf("add %s × %s: %d\n%s", code, qty, got.status, got.body)
	}
	return got
}

func (o *orderEnv) skuID(code string) string {
	for _, p := range []catalog.Product{o.sf.soy, o.sf.katsuo, o.sf.tea} {
		for _, k := range p.SKUs {
			if k.Code == code {
				return k.ID.String()
			}
		}
	}
	panic("no sku " + code)
}

func (o *orderEnv) orders(t *testing.T) int {
	t.Helper()
	return o.count(t, o.sf.tenant.ID, "SELECT count(*) FROM orders WHERE tenant_id = "+o.sf.tenant.ID.String())
}

var cartCountRE = regexp.MustCompile(`class="cart-count"[^>]*>(\d+)<`)

func cartCount(t *testing.T, p *page) string {
	t.Helper()
	m := cartCountRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no cart count in the header:\n%s", p.body)
	}
	return m[1]
}

func testCartAddUpdateRemove(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "cart")
	list := p.get(base + "/products")
	mustContain(t, "listing", list, http.StatusOK, "カートに入れる", `name="sku_id" value="`+o.skuID("SH-1000")+`"`, `value="6" min="1"`)
	if got := cartCount(t, list); got != "0" {
		t.Errorf("empty cart counts %s", got)
	}
	added := o.add(t, p, "SH-500", "３")
	if added.location != base+"/products" {
		t.Errorf("add went to %q, want back to the listing", added.location)
	}
	cart := p.get(base + "/cart")
	mustContain(t, "cart", cart, http.StatusOK, "本醸造だし醤油", "SH-500", "1,000円", "3,000円", "消費税", "300円", "3,300円",
		"カートに追加しました。", base+"/checkout")
	if got := cartCount(t, cart); got != "1" {
		t.Errorf("cart count %s, want 1", got)
	}
	o.add(t, p, "SH-1000", "4")
	cart = p.get(base + "/cart")
	mustContain(t, "cart with a bad line", cart, http.StatusOK, "最小発注数量は6です", "発注単位（ロット）6の倍数で入力してください",
		"注文できない商品があります")
	mustLack(t, "cart with a bad line", cart, `href="`+base+`/checkout"`)
	upd := p.action(base+"/cart", base+"/cart/items/"+o.skuID("SH-1000"), url.Values{"quantity": {"6"}})
	mustContain(t, "update", upd, http.StatusSeeOther)
	mustContain(t, "cart short of stock", p.get(base+"/cart"), http.StatusOK, "在庫が不足しています（残り5）")
	bad := p.action(base+"/cart", base+"/cart/items/"+o.skuID("SH-1000"), url.Values{"quantity": {"たくさん"}})
	mustContain(t, "bad quantity", bad, http.StatusUnprocessableEntity, "数量は半角または全角の数字で入力してください")
	rm := p.action(base+"/cart", base+"/cart/items/"+o.skuID("SH-1000")+"/delete", nil)
	mustContain(t, "remove", rm, http.StatusSeeOther)
	cart = p.get(base + "/cart")
	mustLack(t, "after remove", cart, "SH-1000")
	mustContain(t, "after remove", cart, http.StatusOK, "SH-500", "カートから削除しました。", `href="`+base+`/checkout"`)
	mustContain(t, "clear", p.action(base+"/cart", base+"/cart/clear", nil), http.StatusSeeOther)
	mustContain(t, "empty cart", p.get(base+"/cart"), http.StatusOK, "カートに商品はありません。")
	hidden := p.action(base+"/products", base+"/cart/items", url.Values{"sku_id": {o.skuID("KT-100")}, "quantity": {"1"}})
	mustContain(t, "a SKU hidden from the buyer", hidden, http.StatusUnprocessableEntity, "この商品は注文できません")
}

func testQuickOrderErrors(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "quick")
	got := p.action(base+"/cart/quick", base+"/cart/quick", url.Values{"text": {"SH-500 ２４\nSH-1000\n\nSH-1000 x\nSH-500 1 2"}})
	mustContain(t, "quick order with bad lines", got, http.StatusUnprocessableEntity, "カートには何も追加していません",
		"2行目: 「品番 数量」の形で入力してください", "4行目: 数量は1〜1000000の整数で入力してください", "5行目: 「品番 数量」の形で入力してください",
		"SH-500 ２４")
	if i, j := strings.Index(got.body, "2行目"), strings.Index(got.body, "4行目"); i < 0 || j < i {
		t.Errorf("line errors are not in line order")
	}
	got = p.action(base+"/cart/quick", base+"/cart/quick", url.Values{"text": {"SH-500 24\nNOPE-1 1\nKT-100 1"}})
	mustContain(t, "quick order with unknown codes", got, http.StatusUnprocessableEntity,
		"2行目: 品番「NOPE-1」の商品は注文できません", "3行目: 品番「KT-100」の商品は注文できません")
	mustContain(t, "cart after refused quick order", p.get(base+"/cart"), http.StatusOK, "カートに商品はありません。")
	ok := p.action(base+"/cart/quick", base+"/cart/quick", url.Values{"text": {"SH-500\t12\r\nSH-1000, 6\nＳＨ－５００ 12"}})
	if ok.status != http.StatusSeeOther || ok.location != base+"/cart" {
		t.Fatalf("quick order: %d → %q\n%s", ok.status, ok.location, ok.body)
	}
	cart := p.get(base + "/cart")
	mustContain(t, "cart after quick order", cart, http.StatusOK, "クイック注文の商品をカートに入れました。", `value="24"`, `value="6"`)
}

// postFile sends a multipart form with a file, with the CSRF token of the
// page at from.
func postFile(t *testing.T, p person, from, path, name string, data []byte, fields map[string]string) *page {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", p.csrf(p.get(from)))
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, p.e.srv.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return p.do(req)
}

func testCartCSV(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "csv")
	bad := "\uFEFF品番,数量,商品名\nSH-500,12,だし醤油\nNOPE,1,\nSH-1000,ろく,\n,3,\n"
	got := postFile(t, p, base+"/cart/quick", base+"/cart/csv", "order.csv", []byte(bad), map[string]string{"encoding": "auto"})
	mustContain(t, "csv with errors", got, http.StatusUnprocessableEntity, "ファイルに誤りがあるため、カートには何も追加していません。",
		"行2 「品番」: 品番「NOPE」の商品は注文できません", "行3 「数量」: 数量は1〜1000000の整数で入力してください", "行4 「品番」: 品番を入力してください")
	mustContain(t, "cart after refused csv", p.get(base+"/cart"), http.StatusOK, "カートに商品はありません。")
	noHeader := postFile(t, p, base+"/cart/quick", base+"/cart/csv", "order.csv", []byte("SKU,QTY\nSH-500,1\n"), nil)
	mustContain(t, "csv without the columns", noHeader, http.StatusUnprocessableEntity, "必須の列「品番」がありません", "必須の列「数量」がありません")
	// Shift_JIS (CP932) bytes of 「品番,数量」 and two rows.
	sjis := append([]byte{0x95, 0x69, 0x94, 0xd4, ',', 0x90, 0x94, 0x97, 0xca, '\r', '\n'}, []byte("SH-500,24\r\nSH-1000,6\r\n")...)
	ok := postFile(t, p, base+"/cart/quick", base+"/cart/csv", "order.csv", sjis, map[string]string{"encoding": "auto"})
	if ok.status != http.StatusSeeOther || ok.location != base+"/cart" {
		t.Fatalf("shift_jis csv: %d → %q\n%s", ok.status, ok.location, ok.body)
	}
	mustContain(t, "cart after csv", p.get(base+"/cart"), http.StatusOK, "CSVの商品をカートに入れました。", `value="24"`, "SH-1000")
}

// review fills the checkout form and returns the review page.
func (o *orderEnv) review(t *testing.T, p person, form url.Values) *page {
	t.Helper()
	return p.action(o.sf.base+"/checkout", o.sf.base+"/checkout/review", form)
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// placeForm is the review page's place-order form.
func placeForm(t *testing.T, p *page) url.Values {
	t.Helper()
	i := strings.Index(p.body, `class="place-form"`)
	if i < 0 {
		t.Fatalf("no place-order form on the review page (%d):\n%s", p.status, p.body)
	}
	f := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(p.body[i:], -1) {
		f.Set(m[1], html.UnescapeString(m[2]))
	}
	return f
}

func testCheckoutValidation(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "check")
	mustContain(t, "checkout with an empty cart", p.get(base+"/checkout"), http.StatusSeeOther)
	o.add(t, p, "SH-500", "12")
	earliest := o.sales.EarliestDelivery()
	form := p.get(base + "/checkout")
	mustContain(t, "checkout form", form, http.StatusOK, "最短お届け日", `min="`+earliest.String()+`"`, "本店",
		`value="`+o.home.ID.String()+`" checked`, "東京都大田区平和島4-1-23", "13,200円")
	other := o.shipTo(t, o.sf.fixture, o.sf.buyerB.ID, "他社倉庫")
	for _, c := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"past date", url.Values{"ship_to_id": {o.home.ID.String()}, "desired_date": {"2020-01-06"}},
			[]string{"希望納品日は" + earliest.String() + "以降の日付を指定してください"}},
		{"bad date", url.Values{"ship_to_id": {o.home.ID.String()}, "desired_date": {"2026-02-30"}}, []string{"希望納品日が正しくありません"}},
		{"long PO", url.Values{"ship_to_id": {o.home.ID.String()}, "po_number": {strings.Repeat("X", 51)}},
			[]string{"発注番号は50文字以内で入力してください", strings.Repeat("X", 51)}},
		{"no ship-to", url.Values{"note": {"午前中に"}}, []string{"納品先を選んでください", "午前中に"}},
		{"another company's ship-to", url.Values{"ship_to_id": {other.ID.String()}}, []string{"納品先が見つかりません"}},
	} {
		got := o.review(t, p, c.form)
		mustContain(t, c.name, got, http.StatusUnprocessableEntity, append([]string{"入力内容に誤りがあります。"}, c.want...)...)
	}
	got := o.review(t, p, url.Values{"ship_to_id": {o.home.ID.String()}, "desired_date": {earliest.String()}, "po_number": {"PO-１２３"}})
	mustContain(t, "review", got, http.StatusOK, "ご注文内容の確認", "注文を確定する", "12,000円", "1,200円", "13,200円", "PO-123")
	if o.orders(t) != 0 {
		t.Errorf("reviewing placed an order")
	}
}

var placedRE = regexp.MustCompile(`/orders/(\d+)/placed$`)

func testPlaceOnce(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "place")
	o.add(t, p, "SH-500", "12")
	o.add(t, p, "GT-50", "1") // out of stock: refused in the cart
	p.action(base+"/cart", base+"/cart/items/"+o.skuID("GT-50")+"/delete", nil)
	entries := url.Values{"ship_to_id": {o.home.ID.String()}, "po_number": {"PO-77"}, "note": {"裏口から"}}
	tab1 := placeForm(t, o.review(t, p, entries))
	tab2 := placeForm(t, o.review(t, p, entries)) // a second tab, same cart revision
	if tab1.Get("idempotency_key") == tab2.Get("idempotency_key") || tab1.Get("cart_revision") != tab2.Get("cart_revision") {
		t.Fatalf("two reviews: keys %q %q, revisions %q %q", tab1.Get("idempotency_key"), tab2.Get("idempotency_key"),
			tab1.Get("cart_revision"), tab2.Get("cart_revision"))
	}
	first := p.post(base+"/checkout", tab1)
	again := p.post(base+"/checkout", tab1) // a double click or a retried POST
	m := placedRE.FindStringSubmatch(first.location)
	if first.status != http.StatusSeeOther || m == nil || again.status != http.StatusSeeOther || again.location != first.location {
		t.Fatalf("place twice: %d → %q, %d → %q\n%s", first.status, first.location, again.status, again.location, again.body)
	}
	if n := o.orders(t); n != 1 {
		t.Errorf("the same review posted twice made %d orders", n)
	}
	placed := p.get(first.location)
	mustContain(t, "placed page", placed, http.StatusOK, "ご注文ありがとうございました", "O-", "受付", "13,200円", "このあとの流れ")
	if got := cartCount(t, placed); got != "0" {
		t.Errorf("cart count after placing: %s", got)
	}
	stale := p.post(base+"/checkout", tab2)
	mustContain(t, "second tab", stale, http.StatusConflict, sales.MsgStaleCart)
	if n := o.orders(t); n != 1 {
		t.Errorf("the stale tab made an order: %d orders", n)
	}
}

// placeOrder puts lines in the cart and places them; it returns the order's path.
func (o *orderEnv) placeOrder(t *testing.T, p person, po string, lines ...string) string {
	t.Helper()
	for i := 0; i+1 < len(lines); i += 2 {
		o.add(t, p, lines[i], lines[i+1])
	}
	got := p.post(o.sf.base+"/checkout", placeForm(t, o.review(t, p, url.Values{"ship_to_id": {o.home.ID.String()}, "po_number": {po}})))
	m := placedRE.FindStringSubmatch(got.location)
	if got.status != http.StatusSeeOther || m == nil {
		t.Fatalf("place: %d → %q\n%s", got.status, got.location, got.body)
	}
	return o.sf.base + "/orders/" + m[1]
}

func testOrderHistory(t *testing.T, o *orderEnv) {
	base := o.sf.base
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "hist")
	mustContain(t, "no orders", p.get(base+"/orders"), http.StatusOK, "まだ注文はありません。")
	first := o.placeOrder(t, p, "PO-A1", "SH-500", "12")
	second := o.placeOrder(t, p, "PO-B2", "SH-500", "24")
	list := p.get(base + "/orders")
	mustContain(t, "history", list, http.StatusOK, first, second, "PO-A1", "PO-B2", "受付")
	if strings.Index(list.body, second) > strings.Index(list.body, first) {
		t.Errorf("history is not newest first")
	}
	byPO := p.get(base + "/orders?po_number=PO-B") // the store matches a prefix
	mustContain(t, "filter by PO", byPO, http.StatusOK, "PO-B2")
	mustLack(t, "filter by PO", byPO, "PO-A1")
	mustContain(t, "bad date filter", p.get(base+"/orders?from=2026-13-01"), http.StatusUnprocessableEntity, "日付が正しくありません")
	mustContain(t, "filter by status", p.get(base+"/orders?status=shipped"), http.StatusOK, "条件に合う注文はありません。")
	show := p.get(second)
	mustContain(t, "order page", show, http.StatusOK, "SH-500", "24 本", "PO-B2", "本店", "経過", "まだ出荷されていません。", "再注文", "26,400円")
	// The seller ships half: the buyer sees carrier and tracking number.
	id, _ := oroshi.ParseID(strings.TrimPrefix(second, base+"/orders/"))
	staff := o.newStaff(t)
	ctx := context.Background()
	if _, err := o.sales.Approve(ctx, o.sf.tenant.ID, id, staff); err != nil {
		t.Fatal(err)
	}
	if _, err := o.sales.Ship(ctx, o.sf.tenant.ID, id, sales.ShipmentInput{Carrier: "ヤマト運輸", TrackingNumber: "4455-6677-8899",
		Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 12}}}, staff); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "shipped order", p.get(second), http.StatusOK, "ヤマト運輸", "4455-6677-8899", "一部出荷", "承認", "出荷")
	re := p.action(second, second+"/reorder", nil)
	if re.status != http.StatusSeeOther || re.location != base+"/cart" {
		t.Fatalf("reorder: %d → %q\n%s", re.status, re.location, re.body)
	}
	mustContain(t, "cart after reorder", p.get(base+"/cart"), http.StatusOK, "前回のご注文の商品をカートに入れました。", "SH-500", `value="24"`)
}

func (o *orderEnv) newStaff(t *testing.T) audit.Actor {
	t.Helper()
	u, err := o.s.CreateUser(context.Background(), identity.User{Tenant: o.sf.tenant.ID, Realm: identity.RealmAdmin,
		Email: fmt.Sprintf("staff.%d@example.jp", o.sf.n), Name: "担当 太郎", Role: identity.RoleStaff, PasswordHash: passwordHash(),
		Status: identity.StatusActive}, audit.Event{Tenant: o.sf.tenant.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	return audit.Actor{Realm: audit.RealmAdmin, ID: u.ID}
}

func testOtherBuyersOrder(t *testing.T, o *orderEnv) {
	p := o.person(t, o.sf.buyer, identity.RolePurchaser, "mine")
	order := o.placeOrder(t, p, "", "SH-500", "12")
	other := o.person(t, o.sf.buyerB, identity.RoleBuyerAdmin, "other")
	mustContain(t, "another company's order", other.get(order), http.StatusNotFound)
	mustContain(t, "another company's placed page", other.get(order+"/placed"), http.StatusNotFound)
	mustContain(t, "reorder of another company's order", other.action(o.sf.base+"/cart", order+"/reorder", nil), http.StatusNotFound)
	mustLack(t, "another company's history", other.get(o.sf.base+"/orders"), strings.TrimPrefix(order, o.sf.base))
}

func testViewerCannotOrder(t *testing.T, o *orderEnv) {
	base := o.sf.base
	v := o.person(t, o.sf.buyer, identity.RoleBuyerView, "viewer")
	product := v.get(base + "/products/" + o.sf.soy.ID.String())
	mustContain(t, "product page", product, http.StatusOK, "本醸造だし醤油")
	mustLack(t, "product page of a viewer", product, "カートに入れる", `class="cart-count"`)
	mustContain(t, "cart", v.get(base+"/cart"), http.StatusForbidden)
	mustContain(t, "checkout", v.get(base+"/checkout"), http.StatusForbidden)
	got := v.action(base+"/products", base+"/cart/items", url.Values{"sku_id": {o.skuID("SH-500")}, "quantity": {"12"}})
	mustContain(t, "add to cart", got, http.StatusForbidden)
	mustContain(t, "history", v.get(base+"/orders"), http.StatusOK, "注文履歴")
	mustContain(t, "approvals", v.get(base+"/approvals"), http.StatusForbidden)
}

func testBuyerApproval(t *testing.T, o *orderEnv) {
	base, ctx := o.sf.base, context.Background()
	if err := o.sales.SaveBuyerSettings(ctx, o.sf.tenant.ID, sales.BuyerSettings{BuyerID: o.sf.buyer.ID, BuyerApproval: true}, system); err != nil {
		t.Fatal(err)
	}
	admin := o.person(t, o.sf.buyer, identity.RoleBuyerAdmin, "boss")
	buyer := o.person(t, o.sf.buyer, identity.RolePurchaser, "buyer")
	users := admin.get(base + "/company/users")
	mustContain(t, "company users", users, http.StatusOK, "発注上限額", buyer.User.Email)
	limitURL := base + "/company/users/" + buyer.User.ID.String() + "/limit"
	mustContain(t, "bad limit", admin.action(base+"/company/users", limitURL, url.Values{"order_limit": {"-5"}}),
		http.StatusUnprocessableEntity, "発注上限額は0円以上")
	mustContain(t, "limit", admin.action(base+"/company/users", limitURL, url.Values{"order_limit": {"１０，０００円"}}), http.StatusSeeOther)
	ul, err := o.sales.UserLimit(ctx, o.sf.tenant.ID, buyer.User.ID)
	if err != nil || ul.OrderLimit != 10000 {
		t.Fatalf("limit saved: %v, %v", ul.OrderLimit, err)
	}
	other := o.person(t, o.sf.buyerB, identity.RoleBuyerAdmin, "stranger")
	mustContain(t, "limit of another company's user", other.action(base+"/company/users", limitURL, url.Values{"order_limit": {"1"}}),
		http.StatusNotFound)
	order := o.placeOrder(t, buyer, "PO-BIG", "SH-500", "12") // 13,200円 > 10,000円
	mustContain(t, "pending placed page", buyer.get(order+"/placed"), http.StatusOK, "社内承認待ち", "社内承認が必要です")
	mustContain(t, "pending in history", buyer.get(base+"/orders"), http.StatusOK, "社内承認待ち")
	mustContain(t, "purchaser's approvals", buyer.get(base+"/approvals"), http.StatusForbidden)
	list := admin.get(base + "/approvals")
	mustContain(t, "approvals", list, http.StatusOK, "PO-BIG", "発注 buyer", "13,200円")
	id := strings.TrimPrefix(order, base+"/orders/")
	refused := admin.action(base+"/approvals", base+"/approvals/"+id+"/reject", url.Values{"reason": {"  "}})
	mustContain(t, "reject without reason", refused, http.StatusUnprocessableEntity, "否認理由を500文字以内で入力してください")
	mustContain(t, "approve", admin.action(base+"/approvals", base+"/approvals/"+id+"/approve", nil), http.StatusSeeOther)
	mustContain(t, "approved order", buyer.get(order), http.StatusOK, "社内承認", "受付")
	mustContain(t, "approvals after", admin.get(base+"/approvals"), http.StatusOK, "承認待ちの注文はありません。")
	again := admin.action(base+"/approvals", base+"/approvals/"+id+"/approve", nil)
	mustContain(t, "approve twice", again, http.StatusConflict, "できません")
	second := o.placeOrder(t, buyer, "PO-BIG2", "SH-500", "12")
	id2 := strings.TrimPrefix(second, base+"/orders/")
	mustContain(t, "reject", admin.action(base+"/approvals", base+"/approvals/"+id2+"/reject", url.Values{"reason": {"予算超過のため"}}), http.StatusSeeOther)
	mustContain(t, "rejected order", buyer.get(second), http.StatusOK, "キャンセル", "予算超過のため")
}
