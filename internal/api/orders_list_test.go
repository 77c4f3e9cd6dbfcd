package api

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// numbers lists the order numbers of a page.
func numbers(l List[OrderSummary]) string {
	var out []string
	for _, o := range l.Data {
		out = append(out, o.Number)
	}
	return strings.Join(out, " ")
}

func TestAPIOrderList(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-list")
		o1 := w.order(t, `[`+w.line("STD-1", 1)+`]`, `,"po_number":"PO-1"`)
		o2 := w.order(t, `[`+w.line("RED-1", 1)+`]`, `,"po_number":"PO-2"`)
		o3 := w.order(t, `[{"product_code":"LOT-6","quantity":12}]`, `,"po_number":"AB-3"`)
		var o4 Order
		e.send(t, "POST", "/api/v1/orders", w.write, `{"buyer_id":"`+w.aoki+`","ship_to_id":"`+w.aokiTo+
			`","lines":[`+w.line("HID-1", 2)+`]}`, 201, &o4)
		e.send(t, "POST", "/api/v1/orders/"+o1.ID+"/approve", w.write, "", 200, nil)

		list := func(query string) List[OrderSummary] {
			t.Helper()
			var l List[OrderSummary]
			e.send(t, "GET", "/api/v1/orders"+query, w.read, "", 200, &l)
			return l
		}
		all := strings.Join([]string{o4.Number, o3.Number, o2.Number, o1.Number}, " ")
		if got := list(""); numbers(got) != all || got.NextCursor != nil {
			t.Fatalf("list %q, want %q", numbers(got), all)
		}
		page1 := list("?limit=3")
		if page1.NextCursor == nil || len(page1.Data) != 3 {
			t.Fatalf("page 1 %q %v", numbers(page1), page1.NextCursor)
		}
		page2 := list("?limit=3&cursor=" + url.QueryEscape(*page1.NextCursor))
		if numbers(page1)+" "+numbers(page2) != all || page2.NextCursor != nil {
			t.Errorf("pages %q + %q", numbers(page1), numbers(page2))
		}
		today := pricing.DateOf(time.Now()).String()
		yesterday := pricing.DateOf(time.Now()).AddDays(-1).String()
		for query, want := range map[string]string{
			"?buyer_id=" + w.aoki:                           o4.Number,
			"?status=approved":                              o1.Number,
			"?status=received&buyer_id=" + w.yamada:         o3.Number + " " + o2.Number,
			"?po_number=PO-":                                o2.Number + " " + o1.Number,
			"?number=" + o3.Number:                          o3.Number,
			"?q=" + url.QueryEscape("本枯れ"):                  o2.Number,
			"?q=LOT-6":                                      o3.Number,
			"?placed_from=" + today + "&placed_to=" + today: all,
			"?placed_to=" + yesterday:                       "",
			"?status=buyer_approval":                        "",
			"?q=" + url.QueryEscape("特注") + "&buyer_id=" + w.yamada: "",
		} {
			if got := numbers(list(query)); got != want {
				t.Errorf("%s: %q, want %q", query, got, want)
			}
		}
		for query, field := range map[string]string{"?status=paid": "status", "?placed_from=2026-02-30": "placed_from",
			"?placed_to=13-05-2026": "placed_to", "?buyer_id=abc": "buyer_id", "?cursor=garbage": "cursor",
			"?cursor=" + encodeCursor([]string{"1", "2"}): "cursor", "?limit=201": "limit",
			"?po_number=" + strings.Repeat("P", 101): "po_number", "?q=" + strings.Repeat("昆", 101): "q"} {
			eb := e.fails(t, "GET", "/api/v1/orders"+query, w.read, "", 400, CodeBadRequest)
			wantFields(t, eb, field)
		}
	})
}

func TestAPIOrderGetAndScopes(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-get")
		other := newOrderWorld(t, e, cat, "orders-get-b")
		o2 := w.order(t, `[`+w.line("RED-1", 1)+`]`, `,"po_number":"PO-2"`)
		var got Order
		e.send(t, "GET", "/api/v1/orders/"+o2.ID, w.write, "", 200, &got)
		if got.Number != o2.Number || len(got.Lines) != 1 || got.Lines[0].ProductName != "本枯れ鰹節" ||
			got.Lines[0].Unit != "袋" || len(got.Events) != 1 || got.Events[0].Label != "受付" || got.Shipments == nil {
			t.Errorf("get %+v", got)
		}
		// Another tenant's order does not exist for this key, nor this one's for it.
		e.fails(t, "GET", "/api/v1/orders/"+o2.ID, other.read, "", 404, CodeNotFound)
		e.fails(t, "POST", "/api/v1/orders/"+o2.ID+"/approve", other.write, "", 404, CodeNotFound)
		e.fails(t, "GET", "/api/v1/orders/123", w.read, "", 404, CodeNotFound)
		e.fails(t, "GET", "/api/v1/orders/abc", w.read, "", 404, CodeNotFound)
		if got := orderCount(t, s, w.tenant.ID); got != 1 {
			t.Errorf("after refusals %d orders", got)
		}
		var theirs List[OrderSummary]
		e.send(t, "GET", "/api/v1/orders", other.read, "", 200, &theirs)
		if len(theirs.Data) != 0 {
			t.Errorf("other tenant sees %q", numbers(theirs))
		}
		// Scopes: a read key cannot change orders; no orders scope, no list.
		e.fails(t, "POST", "/api/v1/orders/"+o2.ID+"/approve", w.read, "", 403, CodeForbidden)
		e.fails(t, "POST", "/api/v1/orders/"+o2.ID+"/cancel", w.read, `{"reason":"誤発注"}`, 403, CodeForbidden)
		e.fails(t, "GET", "/api/v1/orders", w.setup, "", 403, CodeForbidden)
	})
}
