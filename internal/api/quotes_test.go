package api

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// newQuotesEnv is the API with sales and quotes on the orders' clock.
func newQuotesEnv(t *testing.T, s *sqlstore.Store) (*env, *catalog.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	now := func() time.Time { return orderNow }
	prices := &pricing.Service{Store: s, Now: now}
	cat := &catalog.Service{Store: s}
	ss := &sales.Service{Store: s, Pricing: prices, Now: now}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: prices, Catalog: cat, Sales: ss, Quotes: &sales.QuoteService{Sales: ss, Store: s}})
	e.h = srv.handler(srv.routes())
	return e, cat
}

func TestQuotesAPI(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newQuotesEnv(t, s)
		w := newOrderWorld(t, e, cat, "qapi")
		_, read := e.key(t, w.tenant, apikeys.QuotesRead)
		_, write := e.key(t, w.tenant, apikeys.QuotesWrite)
		// 山田 has its own price ¥100 for STD-1: a line without a price takes it.
		body := fmt.Sprintf(`{"buyer_id":%q,"lines":[{"sku_id":%q,"quantity":3},{"product_code":"RED-1","quantity":4,"unit_price":180}],"notes":"至急"}`,
			w.yamada, w.sku["STD-1"])
		var q Quote
		e.send(t, "POST", "/api/v1/quotes", write, body, http.StatusCreated, &q)
		if q.Status != "draft" || q.Number != "Q-2026-000001" || len(q.Versions) != 1 || q.Versions[0].Issued ||
			q.Versions[0].Lines[0].UnitPrice != 100 || q.Versions[0].Lines[1].UnitPrice != 180 {
			t.Fatalf("created %+v", q)
		}
		// A read key cannot write; another tenant's key cannot see it.
		e.fails(t, "POST", "/api/v1/quotes", read, body, http.StatusForbidden, CodeForbidden)
		other := e.tenant(t, "qapi-other")
		_, otherKey := e.key(t, other, apikeys.QuotesRead)
		e.fails(t, "GET", "/api/v1/quotes/"+q.ID, otherKey, "", http.StatusNotFound, CodeNotFound)

		// Issue needs a validity date; bad lines name their field.
		eb := e.fails(t, "POST", "/api/v1/quotes/"+q.ID+"/issue", write, "", http.StatusUnprocessableEntity, CodeValidationFailed)
		if eb.Fields["valid_until"] == "" {
			t.Errorf("issue without date: %+v", eb)
		}
		eb = e.fails(t, "PATCH", "/api/v1/quotes/"+q.ID, write, `{"lines":[{"product_code":"HID-1","quantity":1}]}`,
			http.StatusUnprocessableEntity, CodeValidationFailed)
		if eb.Fields["lines[0].code"] == "" {
			t.Errorf("hidden product: %+v", eb)
		}
		e.send(t, "PATCH", "/api/v1/quotes/"+q.ID, write, fmt.Sprintf(`{"valid_until":"2026-05-31","row_version":%d}`, q.RowVersion),
			http.StatusOK, &q)
		if *q.ValidUntil != "2026-05-31" || len(q.Versions[0].Lines) != 2 || q.Versions[0].Notes != "至急" {
			t.Fatalf("patched %+v", q)
		}
		e.fails(t, "PATCH", "/api/v1/quotes/"+q.ID, write, `{"notes":"x","row_version":1}`, http.StatusConflict, CodeConflict)
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/issue", write, "", http.StatusOK, &q)
		if q.Status != "issued" || q.IssuedVersion != 1 || q.Versions[0].IssuedAt == nil || q.Versions[0].Total != 300+30+720+57 {
			t.Fatalf("issued %+v", q.QuoteSummary)
		}
		eb = e.fails(t, "POST", "/api/v1/quotes/"+q.ID+"/issue", write, "", http.StatusConflict, CodeConflict)
		if eb.Message != "「発行済」の見積は「発行」できません" {
			t.Errorf("issue twice: %+v", eb)
		}
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/revise", write, "", http.StatusOK, &q)
		if q.Status != "draft" || len(q.Versions) != 2 || !q.Versions[0].Issued || q.Versions[1].Issued {
			t.Fatalf("revised %+v", q)
		}
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/issue", write, "", http.StatusOK, &q)
		if !q.Versions[0].Superseded || q.Versions[1].Superseded {
			t.Errorf("superseded flags %+v", q.Versions)
		}
		var list List[QuoteSummary]
		e.send(t, "GET", "/api/v1/quotes?status=issued&buyer_id="+w.yamada, read, "", http.StatusOK, &list)
		if len(list.Data) != 1 || list.Data[0].ID != q.ID {
			t.Errorf("list %+v", list)
		}
		e.fails(t, "GET", "/api/v1/quotes?status=sent", read, "", http.StatusBadRequest, CodeBadRequest)
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/withdraw", write, `{"reason":"条件変更"}`, http.StatusOK, &q)
		if q.Status != "withdrawn" || q.WithdrawReason != "条件変更" {
			t.Errorf("withdrawn %+v", q.QuoteSummary)
		}
	})
}
