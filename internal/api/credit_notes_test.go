package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestCreditNotesAPI: closing issues the 請求書 (listed under kind=invoice),
// a credit note is refused field by field or issued with its 返還請求書 and
// lowers the balance; both PDFs can be issued again as the next version.
func TestCreditNotesAPI(t *testing.T) {
	eng := pdftest.Engine(t)
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		ds := &documents.Service{Store: s, Renderer: documents.PDF{Engine: eng}, Now: func() time.Time { return billNow }}
		e, cat, bill := newCreditEnv(t, s, ds)
		w := newOrderWorld(t, e, cat, "creditapi")
		l := documents.DefaultLayout("さくら食品株式会社")
		l.RegistrationNo = "T7000012050002"
		staff := audit.Actor{Realm: audit.RealmAdmin, ID: 1}
		if _, err := ds.SaveLayout(ctx, w.tenant.ID, documents.LayoutInput{Layout: l}, staff); err != nil {
			t.Fatal(err)
		}
		o := w.order(t, "["+w.line("STD-1", 3)+"]", "") // ¥300 + ¥30
		e.send(t, "POST", "/api/v1/orders/"+o.ID+"/approve", w.write, "", http.StatusOK, nil)
		e.send(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"all":true,"shipped_on":"2026-05-13"}`,
			http.StatusCreated, nil)
		r, err := bill.Close(ctx, w.tenant.ID, billing.Run{Date: pricing.NewDate(2026, 5, 31)}, staff)
		if err != nil || r.Issued != 1 || len(r.DocumentsFailed) != 0 {
			t.Fatalf("closing %+v %v", r, err)
		}
		_, read := e.key(t, w.tenant, apikeys.BillingRead)
		_, write := e.key(t, w.tenant, apikeys.BillingWrite)
		_, docs := e.key(t, w.tenant, apikeys.DocumentsRead, apikeys.DocumentsWrite)

		var ivs List[Invoice]
		e.send(t, "GET", "/api/v1/invoices", read, "", http.StatusOK, &ivs)
		iv := ivs.Data[0]
		var dl List[Document]
		e.send(t, "GET", "/api/v1/documents?kind=invoice", docs, "", http.StatusOK, &dl)
		if len(dl.Data) != 1 || dl.Data[0].Number != iv.Number || dl.Data[0].Total != 330 || dl.Data[0].KindLabel != "請求書" {
			t.Fatalf("invoice documents %+v", dl)
		}

		eb := e.fails(t, "POST", "/api/v1/credit-notes", write,
			`{"buyer_id":"`+w.yamada+`","reason":"","lines":[{"description":"返品","amount":0,"tax_rate":5}]}`,
			http.StatusUnprocessableEntity, CodeValidationFailed)
		for _, f := range []string{"reason", "lines[0].amount", "lines[0].tax_rate"} {
			if eb.Fields[f] == "" {
				t.Errorf("no message for %s: %+v", f, eb)
			}
		}
		var cn CreditNote
		e.send(t, "POST", "/api/v1/credit-notes", write, `{"buyer_id":"`+w.yamada+`","invoice_id":"`+iv.ID+
			`","date":"2026-06-02","reason":"返品","lines":[{"description":"業務用ラップ 1本","amount":100,"tax_rate":10}]}`,
			http.StatusCreated, &cn)
		if cn.Total != 110 || cn.Tax != 10 || cn.DocumentProblem != nil || len(cn.Lines) != 1 || cn.Date != "2026-06-02" {
			t.Fatalf("credit note %+v", cn)
		}
		var got CreditNote
		e.send(t, "GET", "/api/v1/credit-notes/"+cn.ID, read, "", http.StatusOK, &got)
		var cl List[CreditNote]
		e.send(t, "GET", "/api/v1/credit-notes?buyer_id="+w.yamada, read, "", http.StatusOK, &cl)
		if got.Number != cn.Number || len(cl.Data) != 1 || cl.Data[0].ID != cn.ID {
			t.Errorf("read back %+v list %+v", got, cl)
		}
		var bal BuyerBalance
		e.send(t, "GET", "/api/v1/buyers/"+w.yamada+"/balance", read, "", http.StatusOK, &bal)
		if bal.Outstanding != 330-110 {
			t.Errorf("balance after credit note %+v", bal)
		}
		e.send(t, "GET", "/api/v1/documents?kind=credit_note", docs, "", http.StatusOK, &dl)
		if len(dl.Data) != 1 || dl.Data[0].Total != 110 || dl.Data[0].Version != 1 {
			t.Fatalf("credit note documents %+v", dl)
		}
		var d Document
		e.send(t, "POST", "/api/v1/credit-notes/"+cn.ID+"/document", docs, "", http.StatusCreated, &d)
		if d.Version != 2 || d.Supersedes == nil || *d.Supersedes != dl.Data[0].ID {
			t.Errorf("credit note re-issue %+v", d)
		}
		e.send(t, "POST", "/api/v1/invoices/"+iv.ID+"/document", docs, "", http.StatusCreated, &d)
		if d.Version != 2 || d.Kind != "invoice" {
			t.Errorf("invoice re-issue %+v", d)
		}
		e.fails(t, "POST", "/api/v1/credit-notes", read, `{}`, http.StatusForbidden, CodeForbidden)
		other := e.tenant(t, "creditapi-other")
		_, otherKey := e.key(t, other, apikeys.BillingRead)
		e.fails(t, "GET", "/api/v1/credit-notes/"+cn.ID, otherKey, "", http.StatusNotFound, CodeNotFound)
	})
}

// newCreditEnv is newBillingEnv with documents wired into billing and the
// API.
func newCreditEnv(t *testing.T, s *sqlstore.Store, ds *documents.Service) (*env, *catalog.Service, *billing.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	now := func() time.Time { return orderNow }
	prices := &pricing.Service{Store: s, Now: now}
	cat := &catalog.Service{Store: s}
	ss := &sales.Service{Store: s, Pricing: prices, Now: now}
	bill := &billing.Service{Store: s, Sales: ss, Now: func() time.Time { return billNow }, Documents: ds}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: prices, Catalog: cat, Sales: ss, Billing: bill, Documents: ds})
	e.h = srv.handler(srv.routes())
	return e, cat, bill
}
