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
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// billNow is the billing clock: 5 June 2026, after May's closing.
var billNow = time.Date(2026, 6, 5, 1, 0, 0, 0, time.UTC)

func newBillingEnv(t *testing.T, s *sqlstore.Store) (*env, *catalog.Service, *billing.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	now := func() time.Time { return orderNow }
	prices := &pricing.Service{Store: s, Now: now}
	cat := &catalog.Service{Store: s}
	ss := &sales.Service{Store: s, Pricing: prices, Now: now}
	bill := &billing.Service{Store: s, Sales: ss, Now: func() time.Time { return billNow }}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: prices, Catalog: cat, Sales: ss, Billing: bill})
	e.h = srv.handler(srv.routes())
	return e, cat, bill
}

func TestBillingAPI(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat, bill := newBillingEnv(t, s)
		w := newOrderWorld(t, e, cat, "billapi")
		o := w.order(t, "["+w.line("STD-1", 3)+"]", "") // ¥300 + ¥30 (山田's own price ¥100)
		e.send(t, "POST", "/api/v1/orders/"+o.ID+"/approve", w.write, "", http.StatusOK, nil)
		e.send(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"all":true,"shipped_on":"2026-05-13"}`,
			http.StatusCreated, nil)
		r, err := bill.Close(context.Background(), w.tenant.ID, billing.Run{Date: pricing.NewDate(2026, 5, 31)},
			audit.Actor{Realm: audit.RealmAdmin, ID: 1})
		if err != nil || r.Issued != 1 {
			t.Fatalf("closing %+v %v", r, err)
		}
		_, read := e.key(t, w.tenant, apikeys.BillingRead)
		_, write := e.key(t, w.tenant, apikeys.BillingWrite)

		var list List[Invoice]
		e.send(t, "GET", "/api/v1/invoices?status=unpaid&buyer_id="+w.yamada, read, "", http.StatusOK, &list)
		if len(list.Data) != 1 || list.Data[0].Total != 330 || list.Data[0].Status != "unpaid" || list.NextCursor != nil {
			t.Fatalf("list %+v", list)
		}
		iv := list.Data[0]
		var got Invoice
		e.send(t, "GET", "/api/v1/invoices/"+iv.ID, read, "", http.StatusOK, &got)
		if len(got.Lines) != 1 || got.Lines[0].Quantity != 3 || got.Lines[0].SlipNo != o.Number+"-1" ||
			got.DueDate != "2026-06-30" || len(got.ByRate) != 1 || got.ByRate[0].Tax != 30 {
			t.Errorf("invoice %+v", got)
		}

		// Over the balance without overpayment: 422 on amount; a read key: 403.
		eb := e.fails(t, "POST", "/api/v1/invoices/"+iv.ID+"/payments", write,
			`{"received_on":"2026-06-01","amount":331}`, http.StatusUnprocessableEntity, CodeValidationFailed)
		if eb.Fields["amount"] == "" {
			t.Errorf("overpayment: %+v", eb)
		}
		e.fails(t, "POST", "/api/v1/invoices/"+iv.ID+"/payments", read, `{"received_on":"2026-06-01","amount":1}`,
			http.StatusForbidden, CodeForbidden)
		eb = e.fails(t, "POST", "/api/v1/invoices/"+iv.ID+"/payments", write,
			`{"received_on":"2026-06-01","amount":1,"method":"cheque"}`, http.StatusUnprocessableEntity, CodeValidationFailed)
		if eb.Fields["method"] == "" {
			t.Errorf("unknown method: %+v", eb)
		}
		var p Payment
		e.send(t, "POST", "/api/v1/invoices/"+iv.ID+"/payments", write,
			`{"received_on":"2026-06-01","amount":100,"method":"cash","note":"店頭"}`, http.StatusCreated, &p)
		if p.Amount != 100 || p.Method != "cash" || p.Note != "店頭" || p.InvoiceID != iv.ID {
			t.Errorf("payment %+v", p)
		}
		e.send(t, "POST", "/api/v1/invoices/"+iv.ID+"/payments", write,
			`{"received_on":"2026-06-01","amount":120,"fee":110}`, http.StatusCreated, &p)
		if p.Amount != 120 || p.Fee != 110 || p.Method != "transfer" || p.InvoiceID != iv.ID {
			t.Errorf("payment %+v", p)
		}
		e.send(t, "GET", "/api/v1/invoices/"+iv.ID, read, "", http.StatusOK, &got)
		if got.Status != "paid" || got.Balance != 0 || len(got.Payments) != 2 || got.Payments[0].Method != "cash" {
			t.Errorf("after payment %+v", got)
		}
		var bal BuyerBalance
		e.send(t, "GET", "/api/v1/buyers/"+w.yamada+"/balance", read, "", http.StatusOK, &bal)
		if bal.Invoiced != 330 || bal.Paid != 330 || bal.Outstanding != 0 {
			t.Errorf("balance %+v", bal)
		}
		e.fails(t, "GET", "/api/v1/invoices?status=late", read, "", http.StatusBadRequest, CodeBadRequest)
		other := e.tenant(t, "billapi-other")
		_, otherKey := e.key(t, other, apikeys.BillingRead)
		e.fails(t, "GET", "/api/v1/invoices/"+iv.ID, otherKey, "", http.StatusNotFound, CodeNotFound)
		e.fails(t, "GET", "/api/v1/buyers/"+w.yamada+"/balance", otherKey, "", http.StatusNotFound, CodeNotFound)
	})
}
