package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// sheetPDF stands in for the PDF engine (fonts are not needed to test the
// API): the "PDF" is the sheet as JSON, so each document's bytes differ.
type sheetPDF struct{}

func (sheetPDF) Render(sh documents.Sheet) ([]byte, error) {
	b, err := json.Marshal(sh)
	return append([]byte("%PDF-sheet\n"), b...), err
}

// newDocumentsEnv is the API with sales, quotes and documents on the
// orders' clock.
func newDocumentsEnv(t *testing.T, s *sqlstore.Store) (*env, *catalog.Service, *documents.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	now := func() time.Time { return orderNow }
	prices := &pricing.Service{Store: s, Now: now}
	cat := &catalog.Service{Store: s}
	ss := &sales.Service{Store: s, Pricing: prices, Now: now}
	docs := &documents.Service{Store: s, Renderer: sheetPDF{}, Now: now}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: prices, Catalog: cat, Sales: ss, Quotes: &sales.QuoteService{Sales: ss, Store: s}, Documents: docs})
	e.h = srv.handler(srv.routes())
	return e, cat, docs
}

// docWorld is an order world with an approved, shipped order and the
// keys of the documents API.
type docWorld struct {
	*orderWorld
	docRead, docWrite string
	placed            Order // approved and shipped in full
}

func newDocWorld(t *testing.T, e *env, cat *catalog.Service, docs *documents.Service, slug string) *docWorld {
	t.Helper()
	w := &docWorld{orderWorld: newOrderWorld(t, e, cat, slug)}
	_, w.docRead = e.key(t, w.tenant, apikeys.DocumentsRead)
	_, w.docWrite = e.key(t, w.tenant, apikeys.DocumentsWrite)
	o := w.order(t, "["+w.line("STD-1", 3)+","+w.line("RED-1", 2)+"]", `,"po_number":"PO-9"`)
	o = w.act(t, o, "approve", "", http.StatusOK, "approved")
	var shipped Order
	e.send(t, "POST", "/api/v1/orders/"+o.ID+"/shipments", w.write, `{"all":true}`, http.StatusCreated, &shipped)
	w.placed = shipped
	return w
}

func (w *docWorld) saveLayout(t *testing.T, docs *documents.Service) {
	t.Helper()
	l := documents.DefaultLayout("さくら食品株式会社")
	l.RegistrationNo = "T7000012050002"
	if _, err := docs.SaveLayout(context.Background(), w.tenant.ID, documents.LayoutInput{Layout: l},
		audit.Actor{Realm: audit.RealmAdmin, ID: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestAPIDocumentsIssue: issuing 注文請書, 納品書 and 見積書 through the
// API, the scopes, refusals in Japanese, re-issue as a new version, and
// another tenant's key seeing nothing.
func TestAPIDocumentsIssue(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat, docs := newDocumentsEnv(t, s)
		w := newDocWorld(t, e, cat, docs, "docs-issue")
		confirm := "/api/v1/orders/" + w.placed.ID + "/confirmation"
		slip := "/api/v1/orders/" + w.placed.ID + "/shipments/" + w.placed.Shipments[0].ID + "/delivery-slip"

		eb := e.fails(t, "POST", confirm, w.docWrite, "", http.StatusUnprocessableEntity, CodeValidationFailed)
		wantFields(t, eb, "layout")
		w.saveLayout(t, docs)
		e.fails(t, "POST", confirm, w.docRead, "", http.StatusForbidden, CodeForbidden)
		e.fails(t, "POST", confirm, w.write, "", http.StatusForbidden, CodeForbidden) // orders:write is not enough

		var c1, c2, sl Document
		e.send(t, "POST", confirm, w.docWrite, "", http.StatusCreated, &c1)
		if c1.Kind != "order_confirmation" || c1.KindLabel != "注文請書" || c1.Number != w.placed.Number || c1.Version != 1 ||
			c1.Supersedes != nil || c1.Total != 300+30+400+32 || c1.BuyerID != w.yamada || c1.IssuedByRealm != "api" ||
			len(c1.SHA256) != 64 || c1.OrderID == nil || *c1.OrderID != w.placed.ID || c1.TransactionDate != w.placed.PlacedAt.In(docJST).Format(time.DateOnly) {
			t.Fatalf("confirmation %+v", c1)
		}
		e.send(t, "POST", confirm, w.docWrite, "", http.StatusCreated, &c2)
		if c2.Version != 2 || c2.Supersedes == nil || *c2.Supersedes != c1.ID || c2.ID == c1.ID {
			t.Errorf("re-issue %+v", c2)
		}
		e.send(t, "POST", slip, w.docWrite, "", http.StatusCreated, &sl)
		if sl.Kind != "delivery_slip" || sl.Number != w.placed.Number+"-1" || sl.SourceType != "shipment" ||
			sl.SourceID != w.placed.Shipments[0].ID || !strings.HasPrefix(sl.FileName, "納品書_") {
			t.Errorf("slip %+v", sl)
		}
		e.fails(t, "POST", "/api/v1/orders/"+w.placed.ID+"/shipments/1/delivery-slip", w.docWrite, "",
			http.StatusNotFound, CodeNotFound)

		// A quote: refused until issued, then its 見積書.
		_, qw := e.key(t, w.tenant, apikeys.QuotesWrite)
		var q Quote
		e.send(t, "POST", "/api/v1/quotes", qw, fmt.Sprintf(`{"buyer_id":%q,"valid_until":"2026-05-31","lines":[{"sku_id":%q,"quantity":2}]}`,
			w.aoki, w.sku["STD-1"]), http.StatusCreated, &q)
		eb = e.fails(t, "POST", "/api/v1/quotes/"+q.ID+"/document", w.docWrite, "", http.StatusUnprocessableEntity, CodeValidationFailed)
		wantFields(t, eb, "quote")
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/issue", qw, "", http.StatusOK, &q)
		var qd Document
		e.send(t, "POST", "/api/v1/quotes/"+q.ID+"/document", w.docWrite, "", http.StatusCreated, &qd)
		if qd.Kind != "quote" || qd.Number != q.Number || qd.SourceVersion != 1 || qd.BuyerID != w.aoki || qd.Total != 210+21 {
			t.Errorf("quote document %+v", qd)
		}

		// Another tenant's key finds none of it, and cannot issue.
		other := e.tenant(t, "docs-other")
		_, ok := e.key(t, other, apikeys.DocumentsWrite)
		e.fails(t, "GET", "/api/v1/documents/"+c1.ID, ok, "", http.StatusNotFound, CodeNotFound)
		e.fails(t, "GET", "/api/v1/documents/"+c1.ID+"/pdf", ok, "", http.StatusNotFound, CodeNotFound)
		e.fails(t, "POST", confirm, ok, "", http.StatusNotFound, CodeNotFound)
		e.fails(t, "POST", "/api/v1/quotes/"+q.ID+"/document", ok, "", http.StatusNotFound, CodeNotFound)
		var none List[Document]
		e.send(t, "GET", "/api/v1/documents", ok, "", http.StatusOK, &none)
		if len(none.Data) != 0 {
			t.Errorf("other tenant lists %d documents", len(none.Data))
		}
		if n := auditCount(t, s, w, "注文請書（発行）"); n != 2 {
			t.Errorf("%d confirmations in the history, want 2", n)
		}
	})
}

// TestAPIDocumentsSearch: the list's filters, combined, with cursor paging,
// bad parameters answering 400 naming them; one document and its PDF.
func TestAPIDocumentsSearch(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat, docs := newDocumentsEnv(t, s)
		w := newDocWorld(t, e, cat, docs, "docs-search")
		w.saveLayout(t, docs)
		var c1, c2, sl Document
		e.send(t, "POST", "/api/v1/orders/"+w.placed.ID+"/confirmation", w.docWrite, "", http.StatusCreated, &c1)
		e.send(t, "POST", "/api/v1/orders/"+w.placed.ID+"/confirmation", w.docWrite, "", http.StatusCreated, &c2)
		e.send(t, "POST", "/api/v1/orders/"+w.placed.ID+"/shipments/"+w.placed.Shipments[0].ID+"/delivery-slip",
			w.docWrite, "", http.StatusCreated, &sl)

		ids := func(q string) []string {
			t.Helper()
			var l List[Document]
			e.send(t, "GET", "/api/v1/documents"+q, w.docRead, "", http.StatusOK, &l)
			var out []string
			for _, d := range l.Data {
				out = append(out, d.ID)
			}
			return out
		}
		tests := []struct {
			query string
			want  []string
		}{
			{"", []string{sl.ID, c2.ID, c1.ID}},
			{"?kind=delivery_slip", []string{sl.ID}},
			{"?kind=order_confirmation&buyer_id=" + w.yamada, []string{c2.ID, c1.ID}},
			{"?buyer_id=" + w.aoki, nil},
			{"?date_from=" + sl.TransactionDate + "&date_to=" + sl.TransactionDate, onDate(sl.TransactionDate, sl, c2, c1)},
			{"?date_from=" + c1.TransactionDate + "&date_to=" + c1.TransactionDate, onDate(c1.TransactionDate, sl, c2, c1)},
			{"?date_from=2099-01-01", nil},
			{"?date_to=2000-01-01", nil},
			{"?amount_min=762&amount_max=762&kind=delivery_slip", []string{sl.ID}},
			{"?amount_min=763", nil},
		}
		for _, tt := range tests {
			if got := ids(tt.query); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("GET /api/v1/documents%s = %v, want %v", tt.query, got, tt.want)
			}
		}
		// Paging: two, then the rest, nothing twice.
		var p1, p2 List[Document]
		e.send(t, "GET", "/api/v1/documents?limit=2", w.docRead, "", http.StatusOK, &p1)
		if len(p1.Data) != 2 || p1.NextCursor == nil {
			t.Fatalf("page 1: %d, cursor %v", len(p1.Data), p1.NextCursor)
		}
		e.send(t, "GET", "/api/v1/documents?limit=2&cursor="+*p1.NextCursor, w.docRead, "", http.StatusOK, &p2)
		if len(p2.Data) != 1 || p2.NextCursor != nil || p2.Data[0].ID != c1.ID {
			t.Errorf("page 2: %+v", p2)
		}
		for q, field := range map[string]string{"?kind=receipt": "kind", "?date_from=2026-13-01": "date_from",
			"?amount_min=abc": "amount_min", "?date_from=2026-05-14&date_to=2026-05-13": "date_to",
			"?amount_min=10&amount_max=1": "amount_max", "?amount_min=-1": "amount_min", "?cursor=xyz": "cursor",
			"?buyer_id=B001": "buyer_id"} {
			eb := e.fails(t, "GET", "/api/v1/documents"+q, w.docRead, "", http.StatusBadRequest, CodeBadRequest)
			wantFields(t, eb, field)
		}
		_, noScope := e.key(t, w.tenant, apikeys.OrdersRead)
		e.fails(t, "GET", "/api/v1/documents", noScope, "", http.StatusForbidden, CodeForbidden)

		var got Document
		e.send(t, "GET", "/api/v1/documents/"+c2.ID, w.docRead, "", http.StatusOK, &got)
		if !reflect.DeepEqual(got, c2) {
			t.Errorf("document %+v, want %+v", got, c2)
		}
		checkPDF(t, e, w, c2)
		e.fails(t, "GET", "/api/v1/documents/123/pdf", w.docRead, "", http.StatusNotFound, CodeNotFound)
	})
}

// docJST is Japan's time, in which transaction dates are counted.
var docJST = time.FixedZone("JST", 9*60*60)

// onDate are the IDs of those of ds with transaction date day.
func onDate(day string, ds ...Document) []string {
	var out []string
	for _, d := range ds {
		if d.TransactionDate == day {
			out = append(out, d.ID)
		}
	}
	return out
}

// checkPDF downloads d: the bytes match its SHA-256, the headers name the
// Japanese file, and the download is in the history.
func checkPDF(t *testing.T, e *env, w *docWorld, d Document) {
	t.Helper()
	r := e.call("GET", "/api/v1/documents/"+d.ID+"/pdf", "Bearer "+w.docRead, "", "")
	sum := sha256.Sum256(r.Body.Bytes())
	if r.Code != http.StatusOK || r.Header().Get("Content-Type") != "application/pdf" ||
		hex.EncodeToString(sum[:]) != d.SHA256 || r.Header().Get(SHA256Header) != d.SHA256 || r.Body.Len() != d.Size {
		t.Fatalf("pdf: %d %q, sha %x, want %s", r.Code, r.Header().Get("Content-Type"), sum, d.SHA256)
	}
	cd := r.Header().Get("Content-Disposition")
	if !strings.Contains(cd, "filename*=UTF-8''%E6%B3%A8%E6%96%87%E8%AB%8B%E6%9B%B8_"+d.Number+"_v2.pdf") ||
		!strings.Contains(cd, `filename="order_confirmation_`+d.Number+`_v2.pdf"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if n := auditCount(t, e.s, w, "帳票（ダウンロード）"); n != 1 {
		t.Errorf("%d downloads in the history, want 1", n)
	}
}

func auditCount(t *testing.T, s *sqlstore.Store, w *docWorld, action string) int {
	t.Helper()
	var n int
	inTenant(t, s, w.tenant.ID, func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT count(*) FROM audit_events WHERE tenant_id = ` + w.tenant.ID.String() +
			` AND actor_realm = 'api' AND action = '` + action + `'`).Scan(&n)
	})
	return n
}

// TestAPIDocumentsOpenAPI: the PDF download is documented as a PDF, not
// JSON, and the issue routes as needing documents:write.
func TestAPIDocumentsOpenAPI(t *testing.T) {
	srv := newServer(Deps{})
	doc := fetchDoc(t, srv.handler(srv.routes()))
	paths := doc["paths"].(map[string]any)
	ok := paths["/api/v1/documents/{id}/pdf"].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
	content := ok["content"].(map[string]any)
	pdf, isPDF := content["application/pdf"].(map[string]any)
	if _, isJSON := content["application/json"]; !isPDF || isJSON || fmt.Sprint(pdf["schema"]) != "map[format:binary type:string]" {
		t.Errorf("pdf response content %v", content)
	}
	issue := paths["/api/v1/orders/{id}/confirmation"].(map[string]any)["post"].(map[string]any)
	if fmt.Sprint(issue["x-scopes"]) != "[documents:write]" {
		t.Errorf("confirmation scopes %v", issue["x-scopes"])
	}
}
