package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var idemKeyRE = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)

// proxyEntry opens the proxy order form for the world's buyer and returns
// the form values it starts with (buyer, key, the default ship-to).
func proxyEntry(t *testing.T, b *browser, w *orderWorld) url.Values {
	t.Helper()
	p := b.get(w.admin() + "/orders/new?buyer=" + w.buyer.ID.String())
	mustContain(t, "entry form", p, ok, "株式会社まるやま商店", "明細を入力", `<option value="`+w.shipTo.String()+`" selected>`)
	m := idemKeyRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no idempotency key on the entry form:\n%s", p.body)
	}
	return url.Values{"csrf_token": {b.csrf(p)}, "buyer_id": {w.buyer.ID.String()}, "idempotency_key": {m[1]},
		"ship_to_id": {w.shipTo.String()}, "po_number": {"FAX-0512"}, "note": {"電話にて受注"}}
}

func (e *env) proxyOrders(t *testing.T, w *orderWorld) int {
	t.Helper()
	return e.count(t, w.tenant.ID, "SELECT count(*) FROM orders WHERE proxy AND tenant_id = "+w.tenant.ID.String())
}

func testProxyOrder(t *testing.T, e *env, w *orderWorld) {
	b, staff := e.signedIn(t, w.fixture, identity.RoleStaff)
	p := b.get(w.admin() + "/orders/new?q=" + url.QueryEscape("まるやま"))
	mustContain(t, "choose buyer", p, ok, "株式会社まるやま商店", "/orders/new?buyer="+w.buyer.ID.String())
	form := proxyEntry(t, b, w)
	form["code"], form["qty"] = []string{"STD-1", "", ""}, []string{"２", "", ""}
	form.Set("paste", "RED-1\t1\n\n")
	p = b.post(w.admin()+"/orders/new/review", form)
	// STD-1 2 × 105 = 210 + tax 21; RED-1 200 + tax 16 (8 %): 447 in all.
	mustContain(t, "review", p, ok, "代理注文の確認", "業務用ラップ", "本枯れ鰹節", "定価", "210円", "16円", "447円",
		"注文を確定する", "FAX-0512", `name="code" value="RED-1"`)
	if strings.Contains(p.body, `name="paste"`) {
		t.Error("the review still carries the paste: it would be ordered twice")
	}
	confirm := proxyReviewForm(t, p)
	first := b.post(w.admin()+"/orders", confirm)
	second := b.post(w.admin()+"/orders", confirm)
	if first.status != away || second.status != away || first.location != second.location {
		t.Fatalf("double POST: %d → %s and %d → %s, want the same order twice", first.status, first.location,
			second.status, second.location)
	}
	if n := e.proxyOrders(t, w); n != 1 {
		t.Fatalf("double POST made %d proxy orders, want 1", n)
	}
	p = b.get(first.location)
	mustContain(t, "placed", p, ok, "代理注文を登録しました。", "代理入力", "（担当者による代理入力）", "FAX-0512", "電話にて受注", "447円")
	mustContain(t, "list mark", b.get(w.admin()+"/orders"), ok, `<span class="badge proxy"`)
	list, err := w.svc.Orders(context.Background(), w.tenant.ID, sales.Filter{})
	if err != nil || len(list.Orders) != 1 {
		t.Fatalf("orders: %v %v", list, err)
	}
	if o := list.Orders[0]; !o.Proxy || o.PlacedBy != staff.ID || o.PlacedByRealm != "admin" || o.BuyerID != w.buyer.ID {
		t.Errorf("proxy order %+v: want proxy, placed by the staff member for the buyer", o)
	}
	// 修正する: the entry form again with the lines as rows.
	p = b.post(w.admin()+"/orders/new", confirm)
	mustContain(t, "edit again", p, ok, `name="code" value="STD-1"`, `name="code" value="RED-1"`, `value="FAX-0512"`)
}

// reviewForm is what the review page's form sends.
func proxyReviewForm(t *testing.T, p *page) url.Values {
	t.Helper()
	f := url.Values{"csrf_token": {csrfRE.FindStringSubmatch(p.body)[1]}}
	re := regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)
	for _, m := range re.FindAllStringSubmatch(p.body, -1) {
		if m[1] != "csrf_token" {
			f.Add(m[1], proxyUnescape(m[2]))
		}
	}
	return f
}

func proxyUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

func testProxyOrderRefusals(t *testing.T, e *env, w *orderWorld) {
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	form := proxyEntry(t, b, w)
	form["code"], form["qty"] = []string{"STD-1", "HID-1"}, []string{"1", "1"}
	p := b.post(w.admin()+"/orders/new/review", form)
	mustContain(t, "hidden SKU in review", p, http.StatusUnprocessableEntity,
		"この商品は注文できません（販売終了・非公開または品番の誤り）", "注文できない明細があります")
	if strings.Contains(p.body, "注文を確定する") {
		t.Error("the review offers to place an order with a hidden SKU")
	}
	p = b.post(w.admin()+"/orders", form)
	mustContain(t, "hidden SKU placed directly", p, http.StatusUnprocessableEntity, "この商品は注文できません")
	bad := proxyEntry(t, b, w)
	bad.Set("ship_to_id", "")
	bad.Set("desired_date", pricing.DateOf(w.svc.Now()).String())
	bad["code"], bad["qty"] = []string{"STD-1", "RED-1"}, []string{"x", "1"}
	bad.Set("paste", "RED-1 1\nX-1")
	p = b.post(w.admin()+"/orders/new/review", bad)
	mustContain(t, "bad entry", p, http.StatusUnprocessableEntity, "数量は1以上の整数で入力してください",
		"2行目: 「品番 数量」の形で入力してください", `value="x"`)
	bad["qty"] = []string{"1", "1"}
	bad.Del("paste")
	p = b.post(w.admin()+"/orders/new/review", bad)
	mustContain(t, "bad head", p, http.StatusUnprocessableEntity, "納品先を選んでください", "希望納品日は")
	other := proxyEntry(t, b, w)
	other.Set("ship_to_id", w.otherShip.String())
	other["code"], other["qty"] = []string{"STD-1"}, []string{"1"}
	mustContain(t, "another company's ship-to", b.post(w.admin()+"/orders/new/review", other), http.StatusUnprocessableEntity,
		"納品先が見つかりません。登録済みの納品先から選んでください")
	// The same key with other content is refused, not placed.
	okForm := proxyEntry(t, b, w)
	okForm["code"], okForm["qty"] = []string{"STD-1"}, []string{"1"}
	if p := b.post(w.admin()+"/orders", okForm); p.status != away {
		t.Fatalf("place: %d\n%s", p.status, p.body)
	}
	okForm["qty"] = []string{"2"}
	mustContain(t, "same key, other lines", b.post(w.admin()+"/orders", okForm), http.StatusUnprocessableEntity, sales.MsgIdemMismatch)
	if n := e.proxyOrders(t, w); n != 1 {
		t.Errorf("%d proxy orders, want 1", n)
	}
}

func testOrderBuyerSettings(t *testing.T, e *env, w *orderWorld) {
	b, staff := e.signedIn(t, w.fixture, identity.RoleStaff)
	path := w.admin() + "/buyers/" + w.buyer.ID.String()
	mustContain(t, "buyer page", b.get(path), ok, "注文の設定", "自動承認", "担当承認者", "購買担当者の発注上限額（税込）",
		w.purchaser.Email, staff.Email)
	p := b.submit(path, path+"/sales-settings", url.Values{"approver_user_id": {w.purchaser.ID.String()}})
	mustContain(t, "buyer user as approver", p, http.StatusUnprocessableEntity, "承認担当者は有効な担当者アカウントから選んでください")
	p = b.submit(path, path+"/sales-settings", url.Values{"auto_approve": {"on"}, "approver_user_id": {staff.ID.String()}})
	followFlash(t, b, p, path+"#sales")
	bs, err := w.svc.BuyerSettings(context.Background(), w.tenant.ID, w.buyer.ID)
	if err != nil || !bs.AutoApprove || bs.BuyerApproval || bs.ApproverUserID != staff.ID {
		t.Fatalf("buyer settings %+v %v", bs, err)
	}
	if o := w.place(t, false, "", "STD-1:1"); o.Status != sales.StatusApproved {
		t.Errorf("an order of an auto-approved buyer is %s", o.Status)
	}
	limit := path + "/users/" + w.purchaser.ID.String() + "/order-limit"
	mustContain(t, "bad limit", b.submit(path, limit, url.Values{"order_limit": {"五万"}}), http.StatusUnprocessableEntity,
		"発注上限額は0円以上（0は上限なし）で入力してください")
	followFlash(t, b, b.submit(path, limit, url.Values{"order_limit": {"￥５０,０００"}}), path+"#sales")
	if ul, err := w.svc.UserLimit(context.Background(), w.tenant.ID, w.purchaser.ID); err != nil || ul.OrderLimit != 50000 {
		t.Errorf("limit %+v %v, want 50000", ul, err)
	}
	mustContain(t, "limit shown", b.get(path), ok, `name="order_limit" value="50000"`)
	otherCompany := w.admin() + "/buyers/" + w.other.ID.String() + "/users/" + w.purchaser.ID.String() + "/order-limit"
	mustContain(t, "limit under another company", b.submit(path, otherCompany, url.Values{"order_limit": {"1"}}), http.StatusNotFound)
	viewer, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	p = viewer.get(path)
	mustContain(t, "viewer sees settings", p, ok, "注文の設定", "50,000円")
	if strings.Contains(p.body, "/sales-settings") {
		t.Error("a viewer is offered the settings form")
	}
	mustContain(t, "viewer saves", viewer.submit(path, path+"/sales-settings", nil), http.StatusForbidden)
}

func testSalesSettingsPage(t *testing.T, e *env, w *orderWorld) {
	staff, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	mustContain(t, "staff", staff.get(w.admin()+"/settings/sales"), http.StatusForbidden)
	b, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
	mustContain(t, "settings page links", b.get(w.admin()+"/settings"), ok, `href="`+w.admin()+`/settings/sales"`)
	path := w.admin() + "/settings/sales"
	mustContain(t, "default", b.get(path), ok, "消費税の端数処理", `value="floor" checked`, "四捨五入")
	mustContain(t, "bad", b.submit(path, path, url.Values{"tax_rounding": {"banker"}}), http.StatusUnprocessableEntity,
		"消費税の端数処理を選んでください")
	p := followFlash(t, b, b.submit(path, path, url.Values{"tax_rounding": {"ceil"}}), path)
	mustContain(t, "saved", p, ok, "販売設定を保存しました。", `value="ceil" checked`)
	// 105 × 1 at 10 % is 10.5 yen of tax: rounded up now.
	if o := w.place(t, false, "", "STD-1:1"); o.Totals.Tax != 11 || o.TaxRounding != pricing.RoundCeil {
		t.Errorf("order after choosing 切り上げ: tax %d, rounding %s", o.Totals.Tax, o.TaxRounding)
	}
}
