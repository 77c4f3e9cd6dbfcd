package web_test

import (
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
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestCreditNotePages runs the credit note pages (返還請求書) through the
// real router on each engine: issuing one with its PDF, the refusals
// (nothing written), a viewer and another tenant.
func TestCreditNotePages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *billingWorld)
	}{
		{"Create", testCreditCreate},
		{"Validation", testCreditValidation},
		{"RolesAndTenants", testCreditRolesAndTenants},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newCreditEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.billingWorld(t, 800+i)) })
		}
	})
}

// newCreditEnv is newBillingEnv with the billing service issuing the PDFs
// of credit notes, as the application wires it.
func newCreditEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	d := withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs, Fields: &customfields.Service{Store: s},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s)
	d.Documents = &documents.Service{Store: s, Renderer: sheetPDF{}}
	d.Billing = &billing.Service{Store: s, Sales: d.Sales, Now: time.Now, Documents: d.Documents}
	srv, err := web.New(d)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) creditNotes(t *testing.T, w *billingWorld) int {
	t.Helper()
	return e.count(t, w.tenant.ID, "SELECT count(*) FROM credit_notes WHERE tenant_id = "+w.tenant.ID.String())
}

// creditForm is a valid form for B001: 1,000円 at 10 % and 500円 at 8 %.
func creditForm(w *billingWorld, invoice string) url.Values {
	return url.Values{"buyer": {"b001"}, "date": {w.bill.Today().String()}, "reason": {"破損品の返品"}, "invoice": {invoice},
		"lines[0].description": {"業務用ラップ 返品"}, "lines[0].amount": {"1,000"}, "lines[0].tax_rate": {"10"},
		"lines[1].description": {"本枯れ鰹節 値引き"}, "lines[1].amount": {"５００"}, "lines[1].tax_rate": {"8"}}
}

func testCreditCreate(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	iv := w.invoice(t, false)
	owner, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
	settings := w.admin() + "/settings/documents"
	if p := owner.submit(settings, settings, url.Values{"company_name": {"さくら食品株式会社"},
		"registration_no": {"T7000012050002"}, "tax_display": {"exclusive"}, "retention_years": {"7"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save document settings: %d\n%s", p.status, p.body)
	}
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	list, form := w.admin()+"/invoices/credit-notes", w.admin()+"/invoices/credit-notes/new"
	mustContain(t, "invoice list links", b.get(w.admin()+"/invoices"), ok, `href="`+list+`"`)
	mustContain(t, "empty list", b.get(list), ok, "返還請求書はまだありません。", `href="`+form+`"`)
	mustContain(t, "form", b.get(form), ok, `name="lines[4].amount"`, `value="`+w.bill.Today().String()+`"`)
	p := b.submit(form, form, creditForm(w, iv.Number))
	if p.status != http.StatusSeeOther || p.location != list {
		t.Fatalf("create: %d → %q\n%s", p.status, p.location, p.body)
	}
	notes, err := w.bill.CreditNotes(t.Context(), w.tenant.ID, billing.CreditFilter{})
	if err != nil || len(notes) != 1 {
		t.Fatalf("credit notes: %v %v", notes, err)
	}
	cn, err := w.bill.CreditNote(t.Context(), w.tenant.ID, notes[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// Tax once per rate: 1,000 × 10 % = 100, 500 × 8 % = 40.
	if cn.BuyerID != w.buyer.ID || cn.InvoiceID != iv.ID || cn.Subtotal != 1500 || cn.Tax != 140 || cn.Total != 1640 ||
		len(cn.Lines) != 2 || cn.Lines[1].TaxRate != 8 || cn.Reason != "破損品の返品" {
		t.Errorf("stored credit note: %+v", cn)
	}
	p = b.get(list)
	mustContain(t, "list", p, ok, "返還請求書を発行しました。", cn.Number, "株式会社まるやま商店", "1,640円", "破損品の返品",
		"返還請求書PDF", w.admin()+"/documents/")
	if strings.Contains(p.body, "未発行") {
		t.Error("the credit note's PDF is not linked")
	}
	_, rest, _ := strings.Cut(p.body, w.admin()+"/documents/")
	docID, _, _ := strings.Cut(rest, "/pdf")
	if p := b.get(w.admin() + "/documents/" + docID + "/pdf"); p.status != ok || !strings.HasPrefix(p.body, "%PDF") {
		t.Errorf("the credit note's PDF %s: %d", docID, p.status)
	}
	stranger := e.fixture(t, w.n+500)
	sb, _ := e.signedIn(t, stranger, identity.RoleStaff)
	if p := sb.get("/" + stranger.tenant.Slug + "/admin/documents/" + docID + "/pdf"); p.status != http.StatusNotFound {
		t.Errorf("another tenant downloads the credit note's PDF: %d", p.status)
	}
}

func testCreditValidation(t *testing.T, e *env, w *billingWorld) {
	w.closeAll(t)
	theirs := w.invoice(t, true)
	b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	form := w.admin() + "/invoices/credit-notes/new"
	with := func(changes map[string]string) url.Values {
		v := creditForm(w, "")
		for k, x := range changes {
			v.Set(k, x)
		}
		return v
	}
	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"empty", url.Values{}, []string{"取引先コードを入力してください"}},
		{"unknown buyer", with(map[string]string{"buyer": "NOPE"}), []string{"取引先コード「NOPE」の取引先が見つかりません"}},
		{"bad date", with(map[string]string{"date": "2026-02-30"}), []string{"返還日は「2026-04-30」の形で入力してください"}},
		{"future", with(map[string]string{"date": "2999-01-01"}), []string{"返還日に未来の日付は指定できません"}},
		{"no reason, no lines", url.Values{"buyer": {"B001"}, "reason": {" "}},
			[]string{"返還の理由（返品・値引きなど）を入力してください", "明細を1行以上入力してください"}},
		{"bad amount", with(map[string]string{"lines[1].amount": "abc"}),
			[]string{"明細2行目の金額（税抜）は半角数字（円）で入力してください", `name="lines[1].amount" value="abc" maxlength="15" aria-label="金額（税抜）" aria-invalid="true"`}},
		// A line typed on the fourth row moves up to the third, where its message is shown.
		{"line moved up", with(map[string]string{"lines[3].amount": "100", "lines[3].tax_rate": "8"}),
			[]string{"明細3行目の内容を入力してください", `name="lines[2].amount" value="100"`}},
		{"bad rate", with(map[string]string{"lines[0].tax_rate": "5"}), []string{"明細1行目の税率は10%か8%を選んでください"}},
		{"another buyer's invoice", with(map[string]string{"invoice": theirs.Number}),
			[]string{"請求書番号「" + theirs.Number + "」はこの取引先の請求書にありません"}},
	} {
		mustContain(t, tt.name, b.submit(form, form, tt.form), http.StatusUnprocessableEntity, tt.want...)
	}
	if n := e.creditNotes(t, w); n != 0 {
		t.Errorf("refused credit notes were written: %d", n)
	}
}

func testCreditRolesAndTenants(t *testing.T, e *env, w *billingWorld) {
	list, form := w.admin()+"/invoices/credit-notes", w.admin()+"/invoices/credit-notes/new"
	viewer, _ := e.signedIn(t, w.fixture, identity.RoleViewer)
	p := viewer.get(list)
	mustContain(t, "viewer lists", p, ok, "返還請求書一覧")
	if strings.Contains(p.body, form) {
		t.Error("a viewer is offered the credit note form")
	}
	if p := viewer.get(form); p.status != http.StatusForbidden {
		t.Errorf("viewer opens the form: %d", p.status)
	}
	if p := viewer.submit(list, form, creditForm(w, "")); p.status != http.StatusForbidden {
		t.Errorf("viewer issues a credit note: %d", p.status)
	}
	if n := e.creditNotes(t, w); n != 0 {
		t.Fatalf("credit notes written by a viewer: %d", n)
	}
	staff, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
	if p := staff.submit(form, form, creditForm(w, "")); p.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", p.status, p.body)
	}
	mine, err := w.bill.CreditNotes(t.Context(), w.tenant.ID, billing.CreditFilter{})
	if err != nil || len(mine) != 1 {
		t.Fatalf("credit notes: %v %v", mine, err)
	}
	w.closeAll(t)
	iv := w.invoice(t, false)
	stranger := e.fixture(t, w.n+500)
	sb, _ := e.signedIn(t, stranger, identity.RoleStaff)
	theirs := "/" + stranger.tenant.Slug + "/admin/invoices/credit-notes"
	if p := sb.get(theirs); p.status != ok || strings.Contains(p.body, mine[0].Number) {
		t.Errorf("another tenant's list: %d, lists %s: %v", p.status, mine[0].Number, strings.Contains(p.body, mine[0].Number))
	}
	p = sb.submit(theirs+"/new", theirs+"/new", creditForm(w, iv.Number))
	mustContain(t, "another tenant's invoice", p, http.StatusUnprocessableEntity, "はこの取引先の請求書にありません")
	if p := sb.get(theirs + "?cursor=" + mine[0].ID.String()); p.status != ok || strings.Contains(p.body, mine[0].Number) {
		t.Errorf("another tenant pages past %s: %d", mine[0].Number, p.status)
	}
	if p := sb.get(list); p.status == ok {
		t.Errorf("a user of another tenant opens this tenant's credit notes: %d", p.status)
	}
}
