package web_test

import (
	"context"
	"encoding/json"
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
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// sheetPDF stands in for the PDF engine: the "PDF" is the sheet as JSON,
// so the test can read what would be printed.
type sheetPDF struct{}

func (sheetPDF) Render(sh documents.Sheet) ([]byte, error) {
	b, err := json.Marshal(sh)
	return append([]byte("%PDF-sheet\n"), b...), err
}

func newDocumentsEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, Documents: &documents.Service{Store: s, Renderer: sheetPDF{}},
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// TestDocumentPages: settings with validation, issuing a 注文請書 and a
// 納品書 from the order, the search list, downloads with their headers, and
// 404 for another buyer company — through the real router on each engine.
func TestDocumentPages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newDocumentsEnv(t, s)
		w := e.orderWorld(t, 700)
		ctx := context.Background()
		o := w.place(t, false, "PO-1", "STD-1:3", "RED-1:2")
		staff := system
		if _, err := w.svc.Approve(ctx, w.tenant.ID, o.ID, staff); err != nil {
			t.Fatal(err)
		}
		o, err := w.svc.Ship(ctx, w.tenant.ID, o.ID, sales.ShipmentInput{All: true}, staff)
		if err != nil {
			t.Fatal(err)
		}
		admin, _ := e.signedIn(t, w.fixture, identity.RoleOwner)
		base := w.admin()

		// Issuing before the settings are saved is refused in Japanese.
		p := admin.submit(w.orderPath(o), base+"/orders/"+o.ID.String()+"/documents/confirmation", nil)
		mustContain(t, "issue without settings", p, http.StatusUnprocessableEntity, "帳票設定が保存されていません")

		form := url.Values{"company_name": {"さくら食品株式会社"}, "registration_no": {"T1234567890123"},
			"tax_display": {"exclusive"}, "retention_years": {"7"}, "show_code": {"1"}}
		p = admin.submit(base+"/settings/documents", base+"/settings/documents", form)
		mustContain(t, "bad registration number", p, http.StatusUnprocessableEntity, "登録番号の検査用数字")
		form.Set("registration_no", "T7000012050002")
		p = admin.submit(base+"/settings/documents", base+"/settings/documents", form)
		if p.status != http.StatusSeeOther {
			t.Fatalf("save settings: %d\n%s", p.status, p.body)
		}
		checkInvoicePreview(t, admin, base, form)

		// Before anything is issued the buttons say 発行.
		p = admin.get(w.orderPath(o))
		mustContain(t, "order page before issuing", p, http.StatusOK, "注文請書を発行", "納品書を発行")
		if strings.Contains(p.body, "再発行") {
			t.Error("order page offers a re-issue before any document")
		}

		p = admin.submit(w.orderPath(o), base+"/orders/"+o.ID.String()+"/documents/confirmation", nil)
		if p.status != http.StatusSeeOther {
			t.Fatalf("issue confirmation: %d\n%s", p.status, p.body)
		}
		p = admin.submit(w.orderPath(o), base+"/orders/"+o.ID.String()+"/shipments/"+o.Shipments[0].ID.String()+"/delivery-slip", nil)
		if p.status != http.StatusSeeOther {
			t.Fatalf("issue slip: %d\n%s", p.status, p.body)
		}
		p = admin.get(base + "/documents?kind=delivery_slip")
		mustContain(t, "list", p, http.StatusOK, o.Number+"-1", "<th>取引先</th>", "<td>"+w.buyer.Name+"</td>",
			`<div class="range" role="group" aria-labelledby="range-date"><span id="range-date">取引日</span>`, `/static/documents.css`)
		if strings.Contains(p.body, "<code>"+o.Number+"</code>") {
			t.Error("kind filter shows the order confirmation")
		}
		p = admin.get(base + "/documents?min_total=10&max_total=1")
		mustContain(t, "bad amount range", p, http.StatusUnprocessableEntity, "金額の上限は下限以上にしてください")

		ds, err := (&documents.Service{Store: s}).ForSource(ctx, w.tenant.ID, documents.SourceOrder, o.ID, 0)
		if err != nil || len(ds) != 2 {
			t.Fatalf("documents: %d %v", len(ds), err)
		}
		slip := ds[0]
		p = admin.get(base + "/documents/" + slip.ID.String() + "/pdf")
		cd := p.header.Get("Content-Disposition")
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(cd, "filename*=UTF-8''%E7%B4%8D%E5%93%81%E6%9B%B8_") || !strings.HasPrefix(p.header.Get("Cache-Control"), "private") {
			t.Errorf("download: %d %q %q %q", p.status, p.header.Get("Content-Type"), cd, p.header.Get("Cache-Control"))
		}
		if !strings.Contains(p.body, "登録番号 T7000012050002") || !strings.Contains(p.body, "※") {
			t.Errorf("slip content: %s", p.body)
		}

		// The buyer downloads its own; another company gets 404.
		buyer, _ := e.signedIn(t, w.fixture, identity.RoleBuyerView)
		shop := "/" + w.tenant.Slug
		mustContain(t, "shop list", buyer.get(shop+"/documents"), http.StatusOK, o.Number+"-1")
		mustContain(t, "shop order page", buyer.get(shop+"/orders/"+o.ID.String()), http.StatusOK,
			"発行済みの帳票", "/documents/"+slip.ID.String()+"/pdf")
		conf := ds[1]
		if slip.Kind != documents.KindDeliverySlip || conf.Kind != documents.KindOrderConfirmation {
			t.Fatalf("documents: %s, %s", slip.Kind, conf.Kind)
		}
		checkReissue(t, s, admin, w, o, slip, conf)
		if p := buyer.get(shop + "/documents/" + slip.ID.String() + "/pdf"); p.status != http.StatusOK {
			t.Errorf("own buyer download: %d", p.status)
		}
		other := e.browser(t)
		other.signIn(w.otherUser)
		if p := other.get(shop + "/documents/" + slip.ID.String() + "/pdf"); p.status != http.StatusNotFound {
			t.Errorf("other buyer download: %d, want 404", p.status)
		}
		if p := other.get(shop + "/documents"); strings.Contains(p.body, o.Number) {
			t.Error("other buyer's list shows the document")
		}
		if n := e.count(t, w.tenant.ID, `SELECT count(*) FROM audit_events WHERE action = '帳票（ダウンロード）' AND tenant_id = `+w.tenant.ID.String()); n != 2 {
			t.Errorf("%d downloads recorded, want 2", n)
		}
	})
}

// checkInvoicePreview: greetings and notes are text areas; the 請求書 has
// its own greeting, which the sample invoice prints (not the 納品書's).
func checkInvoicePreview(t *testing.T, admin *browser, base string, form url.Values) {
	t.Helper()
	mustContain(t, "settings page", admin.get(base+"/settings/documents"), http.StatusOK,
		`<textarea name="greeting_invoice" rows="2" maxlength="200">下記のとおりご請求申し上げます。</textarea>`,
		`<textarea name="greeting_delivery_slip"`, `<textarea name="notes" rows="4"`)
	p := admin.submit(base+"/settings/documents", base+"/settings/documents/preview", form)
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/pdf" || !strings.Contains(p.body, "請求書（見本）") ||
		!strings.Contains(p.body, `"Greeting":"下記のとおりご請求申し上げます。"`) || strings.Contains(p.body, "納品いたしました") {
		t.Errorf("preview: %d %q\n%s", p.status, p.header.Get("Content-Type"), p.body)
	}
	withGreeting := url.Values{"greeting_invoice": {"毎度ありがとうございます。下記のとおりご請求申し上げます。"}}
	for k, v := range form {
		withGreeting[k] = v
	}
	p = admin.submit(base+"/settings/documents", base+"/settings/documents/preview", withGreeting)
	if !strings.Contains(p.body, `"Greeting":"毎度ありがとうございます。下記のとおりご請求申し上げます。"`) {
		t.Errorf("preview ignores the invoice greeting typed:\n%s", p.body)
	}
}

// checkReissue: once issued, the order page links each document's latest
// PDF named by its version and the buttons say 再発行; issuing the 納品書
// again makes version 2, which the page then links.
func checkReissue(t *testing.T, s *sqlstore.Store, admin *browser, w *orderWorld, o sales.Order, slip, conf documents.Document) {
	t.Helper()
	base := w.admin()
	mustContain(t, "admin order page", admin.get(w.orderPath(o)), http.StatusOK,
		"注文請書を再発行", "納品書を再発行",
		`<a href="`+base+"/documents/"+slip.ID.String()+`/pdf">納品書（第1版）</a>`,
		`<a href="`+base+"/documents/"+conf.ID.String()+`/pdf">注文請書（第1版）</a>`)
	p := admin.submit(w.orderPath(o), base+"/orders/"+o.ID.String()+"/shipments/"+o.Shipments[0].ID.String()+"/delivery-slip", nil)
	if p.status != http.StatusSeeOther {
		t.Fatalf("re-issue slip: %d\n%s", p.status, p.body)
	}
	ds2, err := (&documents.Service{Store: s}).ForSource(context.Background(), w.tenant.ID, documents.SourceOrder, o.ID, 0)
	if err != nil || len(ds2) != 3 || ds2[0].Version != 2 || ds2[0].Supersedes != slip.ID {
		t.Fatalf("after re-issue: %d %v", len(ds2), err)
	}
	p = admin.get(w.orderPath(o))
	mustContain(t, "order page after re-issue", p, http.StatusOK,
		`<a href="`+base+"/documents/"+ds2[0].ID.String()+`/pdf">納品書（第2版）</a>`, "注文請書（第1版）")
	if strings.Contains(p.body, "納品書（第1版）") {
		t.Error("order page links the superseded 納品書 as the current one")
	}
}
