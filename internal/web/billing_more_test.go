package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBillingMorePages: the credit note detail with its PDF re-issue, the
// list's filters, the buyer's own credit notes in the shop, the payment
// method and the closing runs' history, through the real router on each
// engine.
func TestBillingMorePages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *billingWorld)
	}{
		{"CreditShowAndReissue", testCreditShowReissue},
		{"CreditFilterAndShop", testCreditFilterShop},
		{"PaymentMethod", testPaymentMethodPages},
		{"ClosingHistory", testClosingHistory},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newCreditEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.billingWorld(t, 850+i)) })
		}
	})
}

// issueCredit issues a credit note through the form (for buyer B001, or
// B002 when other) and returns the newest credit note of that buyer.
func issueCredit(t *testing.T, b *browser, w *billingWorld, other bool, date string) billing.CreditNote {
	t.Helper()
	f := creditForm(w, "")
	if other {
		f.Set("buyer", "B002")
	}
	if date != "" {
		f.Set("date", date)
	}
	form := w.admin() + "/invoices/credit-notes/new"
	if p := b.submit(form, form, f); p.status != http.StatusSeeOther {
		t.Fatalf("issue a credit note: %d\n%s", p.status, p.body)
	}
	buyer := w.buyer.ID
	if other {
		buyer = w.other.ID
	}
	list, err := w.bill.CreditNotes(t.Context(), w.tenant.ID, billing.CreditFilter{BuyerID: buyer})
	if err != nil || len(list) == 0 {
		t.Fatalf("credit notes: %v %v", list, err)
	}
	return list[0]
}

func testCreditShowReissue(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	owner, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
	f := creditForm(w, iv.Number)
	form := w.admin() + "/invoices/credit-notes/new"
	if p := owner.submit(form, form, f); p.status != http.StatusSeeOther {
		t.Fatalf("issue: %d\n%s", p.status, p.body)
	}
	cn := issuedNotes(t, w)[0]
	show := w.admin() + "/invoices/credit-notes/" + cn.ID.String()
	// No document settings yet: the note stands without its PDF.
	mustContain(t, "list links the detail", owner.get(w.admin()+"/invoices/credit-notes"), ok, `href="`+show+`"`)
	mustContain(t, "detail without PDF", owner.get(show), ok, cn.Number, "株式会社まるやま商店", "破損品の返品",
		"業務用ラップ 返品", "本枯れ鰹節 値引き", "小計（10%対象）", "1,000円", "消費税（8%）", "40円", "1,640円", iv.Number,
		`href="`+w.invoicePath(iv)+`"`, "返還請求書PDFはまだ発行されていません。", "PDFを発行")
	issue := show + "/document"
	mustContain(t, "issue without settings", owner.submit(show, issue, nil), http.StatusUnprocessableEntity,
		"帳票設定が保存されていません")
	settings := w.admin() + "/settings/documents"
	if p := owner.submit(settings, settings, url.Values{"company_name": {"さくら食品株式会社"},
		"registration_no": {"T7000012050002"}, "tax_display": {"exclusive"}, "retention_years": {"7"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save document settings: %d", p.status)
	}
	before := e.count(t, w.tenant.ID, "SELECT count(*) FROM audit_events WHERE tenant_id = "+w.tenant.ID.String()+
		" AND action = '返還請求書（発行）'")
	for range 2 {
		if p := owner.submit(show, issue, nil); p.status != http.StatusSeeOther || p.location != show+"#documents" {
			t.Fatalf("issue the PDF: %d → %q\n%s", p.status, p.location, p.body)
		}
	}
	p := owner.get(show)
	mustContain(t, "issued twice", p, ok, "返還請求書を発行しました。", "PDFを再発行", "版2", "版1", "（旧版）")
	after := e.count(t, w.tenant.ID, "SELECT count(*) FROM audit_events WHERE tenant_id = "+w.tenant.ID.String()+
		" AND action = '返還請求書（発行）'")
	if after != before+2 {
		t.Errorf("operation history: %d → %d entries 返還請求書（発行）", before, after)
	}
	viewer, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	if p := viewer.get(show); p.status != ok || strings.Contains(p.body, `action="`+issue+`"`) {
		t.Errorf("viewer: %d, offered the re-issue button", p.status)
	}
	if p := viewer.submit(show, issue, nil); p.status != http.StatusForbidden {
		t.Errorf("viewer re-issues: %d", p.status)
	}
	stranger := e.fixture(t, w.n+500)
	sb, _ := e.signedIn(t, stranger, identity.RoleStaff)
	if p := sb.get("/" + stranger.tenant.Slug + "/admin/invoices/credit-notes/" + cn.ID.String()); p.status != http.StatusNotFound {
		t.Errorf("another tenant opens the credit note: %d", p.status)
	}
	if p := owner.get(w.admin() + "/invoices/credit-notes/xyz"); p.status != http.StatusNotFound {
		t.Errorf("bad id: %d", p.status)
	}
}

func issuedNotes(t *testing.T, w *billingWorld) []billing.CreditNote {
	t.Helper()
	list, err := w.bill.CreditNotes(t.Context(), w.tenant.ID, billing.CreditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func testCreditFilterShop(t *testing.T, e *env, w *billingWorld) {
	staff, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	old := w.bill.Today().AddDays(-20).String()
	mineOld := issueCredit(t, staff, w, false, old)
	mine := issueCredit(t, staff, w, false, "")
	theirs := issueCredit(t, staff, w, true, "")
	list := w.admin() + "/invoices/credit-notes"
	for _, c := range []struct {
		query    string
		want     []string
		notWant  []string
		status   int
		messages []string
	}{
		{"", []string{mineOld.Number, mine.Number, theirs.Number}, nil, ok, nil},
		{"?buyer=b002", []string{theirs.Number}, []string{mine.Number, mineOld.Number}, ok, nil},
		{"?buyer=B001&from=" + w.bill.Today().AddDays(-1).String(), []string{mine.Number}, []string{mineOld.Number, theirs.Number}, ok, nil},
		{"?to=" + old, []string{mineOld.Number}, []string{mine.Number, theirs.Number}, ok, nil},
		{"?buyer=NOPE", nil, []string{mine.Number}, http.StatusUnprocessableEntity, []string{"取引先コード「NOPE」の取引先が見つかりません"}},
		{"?from=2026-02-30", nil, []string{mine.Number}, http.StatusUnprocessableEntity, []string{"日付は「2026-04-01」の形で入力してください"}},
	} {
		p := staff.get(list + c.query)
		mustContain(t, "filter "+c.query, p, c.status, append(c.want, c.messages...)...)
		for _, n := range c.notWant {
			if strings.Contains(p.body, n) {
				t.Errorf("filter %q lists %s", c.query, n)
			}
		}
	}
	b := e.browser(t)
	b.signIn(w.purchaser)
	shop := "/" + w.tenant.Slug + "/invoices/credit-notes"
	mustContain(t, "shop invoices link", b.get("/"+w.tenant.Slug+"/invoices"), ok, `href="`+shop+`"`)
	p := b.get(shop + "?buyer=B002") // the buyer code is ignored in the shop
	mustContain(t, "shop list", p, ok, mine.Number, mineOld.Number, `href="`+shop+"/"+mine.ID.String()+`"`)
	if strings.Contains(p.body, theirs.Number) {
		t.Error("the shop lists another company's credit note")
	}
	mustContain(t, "shop range", b.get(shop+"?to="+old), ok, mineOld.Number)
	mustContain(t, "shop detail", b.get(shop+"/"+mine.ID.String()), ok, mine.Number, "業務用ラップ 返品", "1,640円")
	if p := b.get(shop + "/" + theirs.ID.String()); p.status != http.StatusNotFound {
		t.Errorf("another company's credit note in the shop: %d", p.status)
	}
	if p := b.get(list + "/" + mine.ID.String()); p.status == ok {
		t.Error("a buyer opens the admin credit note page")
	}
}

func testPaymentMethodPages(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	show := w.invoicePath(iv)
	mustContain(t, "method select", b.get(show), ok, `<option value="transfer" selected>振込</option>`,
		`<option value="promissory_note">手形</option>`, `<option value="offset">相殺</option>`)
	p := b.submit(show, show+"/payments", url.Values{"received_on": {w.bill.Today().String()}, "amount": {"100"}, "method": {"振込"}})
	mustContain(t, "bad method", p, http.StatusUnprocessableEntity, "入金方法を選んでください")
	p = b.submit(show, show+"/payments", url.Values{"received_on": {w.bill.Today().String()}, "amount": {"100"},
		"method": {"promissory_note"}, "note": {"期日 7/31"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", p.status, p.body)
	}
	got := w.invoice(t, false).Payments
	if len(got) != 1 || got[0].Method != billing.PayPromissoryNote || got[0].Note != "期日 7/31" {
		t.Fatalf("stored %+v", got)
	}
	mustContain(t, "listed", b.get(show), ok, "<td>手形</td><td>期日 7/31")
	sb := e.browser(t)
	sb.signIn(w.purchaser)
	mustContain(t, "shop", sb.get("/"+w.tenant.Slug+"/invoices/"+iv.ID.String()), ok, "手形 100円")
}

func testClosingHistory(t *testing.T, e *env, w *billingWorld) {
	admin, u := e.signedIn(t, w.fixture, identity.RoleAdmin)
	closing := w.admin() + "/invoices/closing"
	mustContain(t, "no runs", admin.get(closing), ok, "締め処理の履歴はまだありません。")
	p := admin.submit(closing, closing, url.Values{"date": {w.closing.String()}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("queue: %d\n%s", p.status, p.body)
	}
	p = admin.submit(closing, closing, url.Values{"date": {billing.ClosingDateOf(w.closing.Year, w.closing.Month-1,
		buyers.EndOfMonth).String()}, "buyer": {"B002"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("queue: %d\n%s", p.status, p.body)
	}
	p = admin.get(closing)
	mustContain(t, "history", p, ok, "締め処理の履歴", "全取引先", "<code>B002</code>", "待機中", u.Name)
	if i, j := strings.Index(p.body, "<code>B002</code>"), strings.Index(p.body, "全取引先</td>"); i < 0 || j < 0 || i > j {
		t.Error("the newest run is not listed first")
	}
	runs, err := w.bill.QueuedRuns(t.Context(), w.tenant.ID)
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %v %v", runs, err)
	}
	mustContain(t, "links", p, ok, `href="`+closing+"/runs/"+runs[0].ID.String()+`"`)
}
