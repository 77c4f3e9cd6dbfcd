package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var shipQtyRE = regexp.MustCompile(`name="line" value="(\d+)">\s*<input type="number" name="qty" value="(\d+)"`)

// shipForm is the shipment form's default lines: line No → quantity.
func shipFormValues(t *testing.T, p *page) url.Values {
	t.Helper()
	f := url.Values{}
	for _, m := range shipQtyRE.FindAllStringSubmatch(p.body, -1) {
		f.Add("line", m[1])
		f.Add("qty", m[2])
	}
	if len(f["line"]) == 0 {
		t.Fatalf("no lines on the shipment form (%d):\n%s", p.status, p.body)
	}
	return f
}

func testOrderLifecycle(t *testing.T, e *env, w *orderWorld) {
	o := w.place(t, false, "PO-77", "STD-1:2", "RED-1:3")
	b, staff := e.signedIn(t, w.fixture, identity.RoleStaff)
	path := w.orderPath(o)
	mustContain(t, "received", b.get(path), ok, o.Number, "PO-77", "株式会社まるやま商店", `href="/`+w.tenant.Slug+`/admin/buyers/`+w.buyer.ID.String()+`"`,
		"本社", "〒530-0001", "桜井 一郎", "定価", "小計（10%対象）", "210円", "消費税（8%）", "48円", "合計（税込）", "879円",
		"承認する", "この注文をキャンセルする", "受付")
	steps := []struct {
		action, flash string
		status        sales.Status
		shows, hides  []string
	}{
		{"/approve", "注文を承認しました。", sales.StatusApproved, []string{"承認を取り消す", "出荷登録"}, []string{"承認する</button>"}},
		{"/cancel-approval", "承認を取り消しました。", sales.StatusReceived, []string{"承認する"}, []string{"出荷登録"}},
		{"/approve", "注文を承認しました。", sales.StatusApproved, []string{"出荷登録"}, nil},
	}
	for _, st := range steps {
		p := followFlash(t, b, b.submit(path, path+st.action, nil), path)
		mustContain(t, st.action, p, ok, append([]string{st.flash}, st.shows...)...)
		for _, h := range st.hides {
			if strings.Contains(p.body, h) {
				t.Errorf("%s: page still offers %q", st.action, h)
			}
		}
		if got := w.order(t, o.ID).Status; got != st.status {
			t.Fatalf("after %s: %s, want %s", st.action, got, st.status)
		}
	}
	form := shipFormValues(t, b.get(path+"/ship"))
	form.Set("carrier", "佐川急便")
	p := followFlash(t, b, b.submit(path+"/ship", path+"/ship", form), path)
	mustContain(t, "shipped", p, ok, "出荷を登録しました。", "出荷済", "佐川急便", "請求済にする")
	for _, st := range []struct{ action, flash, shows string }{
		{"/invoice", "注文を請求済にしました。", "完了にする"},
		{"/complete", "注文を完了にしました。", "完了"},
	} {
		p = followFlash(t, b, b.submit(path, path+st.action, nil), path)
		mustContain(t, st.action, p, ok, st.flash, st.shows)
	}
	if o = w.order(t, o.ID); o.Status != sales.StatusCompleted {
		t.Fatalf("end of the lifecycle: %s", o.Status)
	}
	if strings.Contains(p.body, `class="card order-actions"`) {
		t.Error("a completed order still offers actions")
	}
	for _, label := range []string{"受付", "承認", "承認取消", "出荷", "請求済", "完了"} {
		if !strings.Contains(p.body, "<strong>"+label+"</strong>") {
			t.Errorf("timeline lacks %s", label)
		}
	}
	if e.count(t, w.tenant.ID, `SELECT count(*) FROM audit_events WHERE tenant_id = `+w.tenant.ID.String()+
		` AND actor_id = `+staff.ID.String()+` AND action LIKE '注文（%'`) != 6 {
		t.Error("want 6 audited order changes by the staff member")
	}
}

func testOrderRefusals(t *testing.T, e *env, w *orderWorld) {
	o := w.place(t, false, "", "RED-1:5")
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	path := w.orderPath(o)
	p := b.submit(path, path+"/ship", url.Values{"line": {"1"}, "qty": {"5"}})
	mustContain(t, "ship before approval", p, http.StatusConflict, "「受付」の注文は「出荷」できません")
	mustContain(t, "ship form before approval", b.get(path+"/ship"), http.StatusConflict, "「受付」の注文は「出荷」できません")
	mustContain(t, "invoice a received order", b.submit(path, path+"/invoice", nil), http.StatusConflict,
		"「受付」の注文は「請求済にする」できません")
	p = b.submit(path, path+"/cancel", url.Values{"reason": {"  "}})
	mustContain(t, "cancel without reason", p, http.StatusUnprocessableEntity,
		"キャンセル理由を500文字以内で入力してください", `<details class="cancel" open>`)
	if got := w.order(t, o.ID).Status; got != sales.StatusReceived {
		t.Fatalf("refused actions changed the order: %s", got)
	}
	if stock := w.stock(t, "RED-1"); stock != 15 {
		t.Fatalf("stock after ordering 5 of 20: %d", stock)
	}
	p = followFlash(t, b, b.submit(path, path+"/cancel", url.Values{"reason": {"お客様からの電話で取消"}}), path)
	mustContain(t, "cancelled", p, ok, "注文をキャンセルしました。", "この注文はキャンセルされました。", "お客様からの電話で取消")
	if stock := w.stock(t, "RED-1"); stock != 20 {
		t.Errorf("stock after cancelling: %d, want 20 (given back)", stock)
	}
	mustContain(t, "approve a cancelled order", b.submit(path, path+"/approve", nil), http.StatusConflict,
		"「キャンセル」の注文は「承認」できません")
}

// stock is a SKU's stock by its code.
func (w *orderWorld) stock(t *testing.T, code string) int64 {
	t.Helper()
	res, err := (&catalog.Service{Store: w.s}).Products(context.Background(), w.tenant.ID,
		catalog.ProductFilter{Query: code})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Products {
		for _, k := range p.SKUs {
			if k.Code == code {
				return k.Stock
			}
		}
	}
	t.Fatalf("no SKU %s", code)
	return 0
}

func testOrderRolesAndTenants(t *testing.T, e *env, w *orderWorld) {
	o := w.place(t, false, "", "STD-1:1")
	path := w.orderPath(o)
	viewer, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	p := viewer.get(path)
	mustContain(t, "viewer sees the order", p, ok, o.Number)
	if strings.Contains(p.body, "承認する") || strings.Contains(p.body, "キャンセル理由") {
		t.Error("a viewer is offered actions")
	}
	for _, action := range []string{"/approve", "/cancel", "/ship", "/invoice"} {
		mustContain(t, "viewer "+action, viewer.submit(path, path+action, url.Values{"reason": {"x"}}), http.StatusForbidden, "アクセス権限がありません")
	}
	mustContain(t, "viewer proxy order", viewer.get(w.admin()+"/orders/new"), http.StatusForbidden)
	if got := w.order(t, o.ID).Status; got != sales.StatusReceived {
		t.Fatalf("a viewer changed the order: %s", got)
	}
	// Another tenant's staff: the order does not exist for them.
	other := e.orderWorld(t, 9000+w.n)
	ob, _ := e.signedIn(t, other.fixture, identity.RoleStaff)
	foreign := other.admin() + "/orders/" + o.ID.String()
	mustContain(t, "other tenant's order", ob.get(foreign), http.StatusNotFound, "ページが見つかりません")
	mustContain(t, "approve other tenant's order", ob.submit(other.admin()+"/orders", foreign+"/approve", nil), http.StatusNotFound)
	mustContain(t, "ship form of other tenant's order", ob.get(foreign+"/ship"), http.StatusNotFound)
	if got := w.order(t, o.ID).Status; got != sales.StatusReceived {
		t.Fatalf("another tenant changed the order: %s", got)
	}
	if strings.Contains(ob.get(other.admin()+"/orders").body, o.Number) {
		t.Error("another tenant's list shows the order")
	}
}

func testOrderPartialShipment(t *testing.T, e *env, w *orderWorld) {
	o := w.place(t, false, "", "STD-1:5", "RED-1:3")
	if _, err := w.svc.Approve(context.Background(), w.tenant.ID, o.ID, system); err != nil {
		t.Fatal(err)
	}
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	path := w.orderPath(o)
	form := shipFormValues(t, b.get(path+"/ship"))
	if got := strings.Join(form["qty"], ","); got != "5,3" {
		t.Fatalf("default quantities %s, want the remaining 5,3", got)
	}
	bad := url.Values{"line": {"1", "2"}, "qty": {"abc", "1"}}
	mustContain(t, "bad quantity", b.submit(path+"/ship", path+"/ship", bad), http.StatusUnprocessableEntity,
		"数量は0以上の整数で入力してください", `value="abc"`)
	first := url.Values{"line": {"1", "2"}, "qty": {"2", "0"}, "carrier": {"ヤマト運輸"}, "tracking_number": {"1234-5678-9012"}}
	p := followFlash(t, b, b.submit(path+"/ship", path+"/ship", first), path)
	mustContain(t, "partly shipped", p, ok, "一部出荷", "ヤマト運輸", "1234-5678-9012", "出荷登録")
	form = shipFormValues(t, b.get(path+"/ship"))
	if got := strings.Join(form["qty"], ","); got != "3,3" {
		t.Fatalf("quantities after a partial shipment %s, want 3,3", got)
	}
	over := url.Values{"line": {"1"}, "qty": {"4"}}
	mustContain(t, "over-ship", b.submit(path+"/ship", path+"/ship", over), http.StatusUnprocessableEntity,
		"出荷数量が残数（3）を超えています")
	p = followFlash(t, b, b.submit(path+"/ship", path+"/ship", form), path)
	mustContain(t, "fully shipped", p, ok, "出荷済", "出荷 <small>2件</small>", "請求済にする")
	if o = w.order(t, o.ID); o.Status != sales.StatusShipped || len(o.Shipments) != 2 || !o.FullyShipped() {
		t.Errorf("after the second shipment: %s, %d shipments", o.Status, len(o.Shipments))
	}
}
