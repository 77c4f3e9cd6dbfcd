package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// The billing scenarios past the closing: detail and payments, roles and
// tenants, the shop, the aging list and the settings.

func (e *env) payments(t *testing.T, w *billingWorld) int {
	t.Helper()
	return e.count(t, w.tenant.ID, "SELECT count(*) FROM payments WHERE tenant_id = "+w.tenant.ID.String())
}

func testBillingDetailAndPayments(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	show := w.invoicePath(iv)
	mustContain(t, "detail", b.get(show), ok, iv.Number, "株式会社まるやま商店", "今回請求額", "778円", "前回請求額",
		"繰越金額", "小計（10%対象）", "315円", "31円", "消費税（8%）", "32円", w.order.Number, w.order.Number+"-1",
		`<span class="badge invoice-unpaid">未入金</span>`, "入金登録", "過入金（前受金）として登録")
	pay := show + "/payments"
	today := w.bill.Today().String()
	p := b.submit(show, pay, url.Values{"received_on": {today}, "amount": {"800"}, "method": {"transfer"}})
	mustContain(t, "overpayment", p, http.StatusUnprocessableEntity, "入金額（振込手数料を含む）が請求残高（778円）を超えています",
		`name="amount" value="800"`)
	p = b.submit(show, pay, url.Values{"received_on": {today}, "amount": {"abc"}})
	mustContain(t, "bad amount", p, http.StatusUnprocessableEntity, "入金額は半角数字（円）で入力してください")
	p = b.submit(show, pay, url.Values{"received_on": {"2999-01-01"}, "amount": {"100"}})
	mustContain(t, "future", p, http.StatusUnprocessableEntity, "入金日に未来の日付は指定できません")
	if n := e.payments(t, w); n != 0 {
		t.Fatalf("refused payments were written: %d", n)
	}
	p = b.submit(show, pay, url.Values{"received_on": {today}, "amount": {"1,000"}, "fee": {"0"}, "method": {"cash"},
		"overpayment": {"on"}, "note": {"前受"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("overpayment accepted: %d", p.status)
	}
	p = b.get(show)
	mustContain(t, "paid", p, ok, "入金を登録しました。", `<span class="badge invoice-paid">入金済</span>`, "<td>現金</td><td>前受", "1,000円",
		"過入金（前受金）</span>", "この請求書は入金済みです", "<summary>過入金（前受金）を登録する</summary>")
	pid := w.invoice(t, false).Payments[0].ID.String()
	cancel := show + "/payments/" + pid + "/cancel"
	p = b.submit(show, cancel, url.Values{"reason": {" "}})
	mustContain(t, "no reason", p, http.StatusUnprocessableEntity, "取消理由を200文字以内で入力してください")
	p = b.submit(show, cancel, url.Values{"reason": {"誤登録"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", p.status)
	}
	mustContain(t, "cancelled", b.get(show), ok, "入金を取り消しました。", "取消済", "理由: 誤登録",
		`<span class="badge invoice-unpaid">未入金</span>`)
	if got := w.invoice(t, false); got.Paid != 0 || !got.Payments[0].Cancelled {
		t.Errorf("after cancel: paid %d, cancelled %v", got.Paid, got.Payments[0].Cancelled)
	}
	p = b.submit(show, pay, url.Values{"received_on": {today}, "amount": {"700"}, "fee": {"78"}, "method": {"transfer"}})
	if p.status != http.StatusSeeOther || w.invoice(t, false).Status() != billing.StatusPaid {
		t.Errorf("payment with fee: %d, status %s", p.status, w.invoice(t, false).Status())
	}
	other := w.invoicePath(w.invoice(t, true)) + "/payments/" + pid + "/cancel"
	if p := b.submit(show, other, url.Values{"reason": {"x"}}); p.status != http.StatusNotFound {
		t.Errorf("cancel a payment through another invoice: %d", p.status)
	}
}

func testBillingRolesAndTenants(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	show := w.invoicePath(iv)
	viewer, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	p := viewer.get(show)
	mustContain(t, "viewer sees", p, ok, iv.Number)
	if strings.Contains(p.body, "入金を登録") || strings.Contains(p.body, "/cancel") {
		t.Error("a viewer is offered payment actions")
	}
	if p := viewer.submit(show, show+"/payments", url.Values{"received_on": {w.closing.String()}, "amount": {"1"}}); p.status != http.StatusForbidden {
		t.Errorf("viewer records a payment: %d", p.status)
	}
	closing := w.admin() + "/invoices/closing"
	if p := viewer.submit(closing, closing, url.Values{"date": {w.closing.String()}}); p.status != http.StatusForbidden {
		t.Errorf("viewer runs a closing: %d", p.status)
	}
	if p := viewer.get(w.admin() + "/settings/billing"); p.status != http.StatusForbidden {
		t.Errorf("viewer opens the billing settings: %d", p.status)
	}
	if n := e.payments(t, w); n != 0 {
		t.Errorf("payments written by a viewer: %d", n)
	}
	stranger := e.fixture(t, w.n+500)
	sb, _ := e.signedIn(t, stranger, identity.RoleStaff)
	if p := sb.get("/" + stranger.tenant.Slug + "/admin/invoices/" + iv.ID.String()); p.status != http.StatusNotFound {
		t.Errorf("another tenant's invoice: %d", p.status)
	}
	if got := invoicesListed(sb.get("/" + stranger.tenant.Slug + "/admin/invoices")); len(got) != 0 {
		t.Errorf("another tenant lists %v", got)
	}
}

func testBillingShop(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	mine, theirs := w.invoice(t, false), w.invoice(t, true)
	b := e.browser(t)
	b.signIn(w.purchaser)
	shop := "/" + w.tenant.Slug + "/invoices"
	p := b.get(shop)
	mustContain(t, "shop list", p, ok, "現在のご請求残高", "778円", mine.Number)
	if got := invoicesListed(p); len(got) != 1 || got[0] != mine.Number {
		t.Errorf("the buyer lists %v, want only %s", got, mine.Number)
	}
	mustContain(t, "shop detail", b.get(shop+"/"+mine.ID.String()), ok, mine.Number, "今回請求額", w.order.Number)
	if p := b.get(shop + "/" + theirs.ID.String()); p.status != http.StatusNotFound {
		t.Errorf("another company's invoice: %d", p.status)
	}
	if p := b.get(w.invoicePath(mine)); p.status == ok {
		t.Error("a buyer opens the admin invoice page")
	}
}

func testBillingAgingAndSettings(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	b, _ := e.signedIn(t, w.fixture, identity.RoleAdmin)
	mustContain(t, "aging", b.get(w.admin()+"/invoices/aging"), ok, "未回収一覧", "期日前", "90日超過", "B001", "778円")
	settings := w.admin() + "/settings/billing"
	mustContain(t, "settings", b.get(settings), ok, "請求設定", "都度請求（注文ごと）")
	p := b.submit(settings, settings, url.Values{"mode": {"weekly"}, "method": {"slips"}})
	mustContain(t, "bad mode", p, http.StatusUnprocessableEntity, "請求方法を選んでください")
	p = b.submit(settings, settings, url.Values{"mode": {"per_order"}, "method": {"slips"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save settings: %d", p.status)
	}
	st, err := w.bill.Settings(t.Context(), w.tenant.ID)
	if err != nil || st.Mode != billing.ModePerOrder || st.Method != billing.MethodSlips {
		t.Errorf("settings saved: %+v %v", st, err)
	}
}

// testBillingInvoicePDF: an invoice closed before the document settings
// existed has no PDF; staff issue it from the invoice page once the settings
// are saved, again for a second version, and the buyer downloads the latest
// from the shop's invoice page.
func testBillingInvoicePDF(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	owner, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
	mustContain(t, "no PDF yet", owner.get(w.invoicePath(iv)), ok, "請求書PDFはまだ発行されていません。", "請求書PDFを発行")
	issue := w.invoicePath(iv) + "/document"
	mustContain(t, "issue without settings", owner.submit(w.invoicePath(iv), issue, nil),
		http.StatusUnprocessableEntity, "帳票設定が保存されていません")
	settings := w.admin() + "/settings/documents"
	form := url.Values{"company_name": {"さくら食品株式会社"}, "registration_no": {"T7000012050002"},
		"tax_display": {"exclusive"}, "retention_years": {"7"}}
	if p := owner.submit(settings, settings, form); p.status != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", p.status, p.body)
	}
	for range 2 {
		if p := owner.submit(w.invoicePath(iv), issue, nil); p.status != http.StatusSeeOther {
			t.Fatalf("issue the invoice PDF: %d\n%s", p.status, p.body)
		}
	}
	mustContain(t, "issued twice", owner.get(w.invoicePath(iv)), ok, "請求書PDFを再発行", "版2", "（旧版）")
	b := e.browser(t)
	b.signIn(w.purchaser)
	p := b.get("/" + w.tenant.Slug + "/invoices/" + iv.ID.String())
	mustContain(t, "shop invoice PDF", p, ok, "請求書PDF", "版2")
	if strings.Contains(p.body, "版1") {
		t.Error("the shop offers the superseded version")
	}
}
