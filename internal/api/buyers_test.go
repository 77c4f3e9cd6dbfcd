package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// quoteNow is the pricing clock of the tests: 2026-05-15 in Japan.
var quoteNow = time.Date(2026, 5, 15, 3, 0, 0, 0, time.UTC)

// newServicesEnv is the harness of api_test.go with the services of
// buyers, custom fields and pricing wired, and the real routes only.
func newServicesEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: &customfields.Service{Store: s},
		Pricing: &pricing.Service{Store: s, Now: func() time.Time { return quoteNow }}})
	e.h = srv.handler(srv.routes())
	return e
}

// send calls the API with key (a plain key, without "Bearer ") and a JSON
// body ("" for none), fails the test unless the status is want, and
// decodes the answer into out when out is not nil.
func (e *env) send(t *testing.T, method, path, key, body string, want int, out any) *httptest.ResponseRecorder {
	t.Helper()
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	w := e.call(method, path, "Bearer "+key, ct, body)
	if w.Code != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, w.Code, want, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, w.Body)
		}
	}
	return w
}

// fails sends a request that must fail with status and code, and returns
// the error body.
func (e *env) fails(t *testing.T, method, path, key, body string, status int, code string) ErrorBody {
	t.Helper()
	w := e.send(t, method, path, key, body, status, nil)
	eb := errorOf(t, w)
	if eb.Code != code {
		t.Fatalf("%s %s: code %q, want %q", method, path, eb.Code, code)
	}
	return eb
}

// wantFields checks that a validation error has a Japanese message on each
// of fields.
func wantFields(t *testing.T, eb ErrorBody, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if m := eb.Fields[f]; m == "" || !hasJapanese(m) {
			t.Errorf("fields[%q] = %q, want a Japanese message (all: %v)", f, m, eb.Fields)
		}
	}
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if r >= 0x3040 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func TestAPIBuyersRoundTrip(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		e.send(t, "POST", "/api/v1/custom-fields", key,
			`{"entity":"buyer","key":"area","label":"地区","type":"choice","choices":["関東","関西"]}`, 201, nil)
		e.send(t, "POST", "/api/v1/custom-fields", key, `{"entity":"buyer","key":"since","label":"取引開始日","type":"date"}`, 201, nil)
		var g PriceGroup
		e.send(t, "POST", "/api/v1/price-groups", key, `{"code":"A","name":"Aランク"}`, 201, &g)

		var b BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店","kana":"やまだしょうてん",
			"postal_code":"１２３４５６７","phone":"03(1234)5678","price_group_id":"`+g.ID+`",
			"payment_terms":{"month_offset":2,"day":10},"credit_limit":500000,
			"custom":{"area":"関東","since":"2026/4/1"}}`, 201, &b)
		if b.ID == "" || b.Kana != "ヤマダショウテン" || b.PostalCode != "123-4567" || b.Phone != "03-1234-5678" ||
			b.PriceGroupID == nil || *b.PriceGroupID != g.ID || b.ClosingDay != 31 ||
			b.PaymentTerms.Label != "翌々月10日払い" || b.PaymentMethod != "invoice" || b.Status != "active" ||
			b.Custom["area"] != "関東" || b.Custom["since"] != "2026-04-01" || len(b.ShipTos) != 0 {
			t.Errorf("created %+v", b)
		}

		var got BuyerDetail
		e.send(t, "GET", "/api/v1/buyers/"+b.ID, key, "", 200, &got)
		if got.Name != "山田商店" || !got.UpdatedAt.Equal(b.UpdatedAt) || got.CreditLimit != 500000 {
			t.Errorf("read back %+v", got)
		}

		// PATCH changes only what is sent; a custom value sent as null goes.
		var patched BuyerDetail
		e.send(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"name":"山田商店 本社","custom":{"since":null}}`, 200, &patched)
		if patched.Name != "山田商店 本社" || patched.Code != "B001" || patched.Kana != "ヤマダショウテン" ||
			patched.CreditLimit != 500000 || patched.PaymentTerms.Day != 10 || patched.Custom["area"] != "関東" ||
			patched.Custom["since"] != "" || *patched.PriceGroupID != g.ID {
			t.Errorf("patched %+v", patched)
		}
		// Leaving the price group: "".
		e.send(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"price_group_id":""}`, 200, &patched)
		if patched.PriceGroupID != nil {
			t.Errorf("price group after leaving: %v", *patched.PriceGroupID)
		}

	})
}

func TestAPIBuyersStaleAndStatus(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		var b, patched, got BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店"}`, 201, &b)
		e.send(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"name":"山田商店 本社"}`, 200, &patched)

		// The updated_at read before the last change is stale.
		stale := fmt.Sprintf(`{"name":"古い画面から","updated_at":%q}`, b.UpdatedAt.Format(time.RFC3339Nano))
		eb := e.fails(t, "PATCH", "/api/v1/buyers/"+b.ID, key, stale, 409, CodeConflict)
		if !hasJapanese(eb.Message) {
			t.Errorf("409 message %q", eb.Message)
		}
		e.send(t, "GET", "/api/v1/buyers/"+b.ID, key, "", 200, &got)
		if got.Name != "山田商店 本社" {
			t.Errorf("a stale PATCH changed the name to %q", got.Name)
		}
		fresh := fmt.Sprintf(`{"name":"最新の画面から","updated_at":%q}`, patched.UpdatedAt.Format(time.RFC3339Nano))
		e.send(t, "PATCH", "/api/v1/buyers/"+b.ID, key, fresh, 200, &patched)
		if patched.Name != "最新の画面から" {
			t.Errorf("name after fresh patch %q", patched.Name)
		}

		e.send(t, "POST", "/api/v1/buyers/"+b.ID+"/suspend", key, "", 200, &got)
		if got.Status != "suspended" {
			t.Errorf("after suspend: %q", got.Status)
		}
		e.send(t, "POST", "/api/v1/buyers/"+b.ID+"/resume", key, "", 200, &got)
		if got.Status != "active" {
			t.Errorf("after resume: %q", got.Status)
		}
	})
}

func TestAPIBuyersValidation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		_, keyB := e.key(t, e.tenant(t, "kawaguchi"), apikeys.BuyersWrite)
		var foreign PriceGroup
		e.send(t, "POST", "/api/v1/price-groups", keyB, `{"code":"A","name":"Aランク"}`, 201, &foreign)
		e.send(t, "POST", "/api/v1/custom-fields", key, `{"entity":"buyer","key":"area","label":"地区","type":"text","required":true}`, 201, nil)

		eb := e.fails(t, "POST", "/api/v1/buyers", key,
			`{"code":"B 001","name":"","postal_code":"12-34","closing_day":3,"payment_method":"cash","custom":{"color":"赤"}}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "code", "name", "postal_code", "closing_day", "payment_method", "custom.area", "custom.color")

		// A field that cannot be read does not hide the others' problems.
		eb = e.fails(t, "POST", "/api/v1/buyers", key, `{"code":"B 1","name":"x","price_group_id":"abc","custom":{"area":"関東"}}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "code", "price_group_id")

		var b BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"山田商店","custom":{"area":"関東"}}`, 201, &b)
		eb = e.fails(t, "POST", "/api/v1/buyers", key, `{"code":"B001","name":"別の店","custom":{"area":"関西"}}`, 422, CodeValidationFailed)
		wantFields(t, eb, "code")
		// Another tenant's price group is unknown here, under the JSON name.
		eb = e.fails(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"price_group_id":"`+foreign.ID+`"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "price_group_id")
		eb = e.fails(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"price_group_id":"abc"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "price_group_id")
		eb = e.fails(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"custom":{"area":null}}`, 422, CodeValidationFailed)
		wantFields(t, eb, "custom.area")
		// Not JSON the API knows: 400 naming the field.
		eb = e.fails(t, "PATCH", "/api/v1/buyers/"+b.ID, key, `{"status":"suspended"}`, 400, CodeBadRequest)
		wantFields(t, eb, "status")
	})
}

func TestAPIBuyersTenantsAndScopes(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		a := e.tenant(t, "maruyama")
		_, writeA := e.key(t, a, apikeys.BuyersWrite)
		_, readA := e.key(t, a, apikeys.BuyersRead)
		_, ordersA := e.key(t, a, apikeys.OrdersWrite)
		_, writeB := e.key(t, e.tenant(t, "kawaguchi"), apikeys.BuyersWrite)
		var b BuyerDetail
		e.send(t, "POST", "/api/v1/buyers", writeA, `{"code":"B001","name":"山田商店"}`, 201, &b)
		var st ShipTo
		e.send(t, "POST", "/api/v1/buyers/"+b.ID+"/ship-tos", writeA,
			`{"label":"本店","postal_code":"1000001","address":"東京都千代田区1-1"}`, 201, &st)

		id := "/api/v1/buyers/" + b.ID
		for _, tt := range []struct{ method, path, body string }{
			{"GET", id, ""},
			{"PATCH", id, `{"name":"乗っ取り"}`},
			{"POST", id + "/suspend", ""},
			{"GET", id + "/ship-tos", ""},
			{"POST", id + "/ship-tos", `{"label":"倉庫","postal_code":"1000001","address":"東京都"}`},
			{"PATCH", id + "/ship-tos/" + st.ID, `{"label":"乗っ取り"}`},
			{"DELETE", id + "/ship-tos/" + st.ID, ""},
			{"GET", id + "/users", ""},
			{"POST", id + "/users", `{"email":"x@example.com","name":"乗っ取り","role":"purchaser"}`},
			{"GET", "/api/v1/buyers/not-an-id", ""},
		} {
			e.fails(t, tt.method, tt.path, writeB, tt.body, 404, CodeNotFound)
		}
		var list BuyerList
		e.send(t, "GET", "/api/v1/buyers", writeB, "", 200, &list)
		if list.Total != 0 || len(list.Data) != 0 {
			t.Errorf("tenant B sees %+v", list)
		}

		// A read key reads but cannot write; a key of another resource does neither.
		e.send(t, "GET", id, readA, "", 200, nil)
		e.send(t, "GET", id+"/ship-tos", readA, "", 200, nil)
		for _, tt := range []struct{ method, path, body string }{
			{"POST", "/api/v1/buyers", `{"code":"B002","name":"x"}`},
			{"PATCH", id, `{"name":"x"}`},
			{"POST", id + "/suspend", ""},
			{"DELETE", id + "/ship-tos/" + st.ID, ""},
			{"POST", id + "/users", `{"email":"x@example.com","name":"x","role":"purchaser"}`},
		} {
			w := e.call(tt.method, tt.path, "Bearer "+readA, "application/json", tt.body)
			if w.Code != 403 || !strings.Contains(w.Header().Get("WWW-Authenticate"), `scope="buyers:write"`) {
				t.Errorf("read key %s %s: %d %s", tt.method, tt.path, w.Code, w.Header().Get("WWW-Authenticate"))
			}
		}
		e.fails(t, "GET", "/api/v1/buyers", ordersA, "", 403, CodeForbidden)
		e.fails(t, "GET", "/api/v1/price-groups", ordersA, "", 403, CodeForbidden)
	})
}

func TestAPIBuyersPaging(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		_, key := e.key(t, e.tenant(t, "maruyama"), apikeys.BuyersWrite)
		var g PriceGroup
		e.send(t, "POST", "/api/v1/price-groups", key, `{"code":"A","name":"Aランク"}`, 201, &g)
		for i, name := range []string{"青木商店", "伊藤商会", "上田物産", "江藤商事", "小野商店"} {
			group := ""
			if i%2 == 0 {
				group = `,"price_group_id":"` + g.ID + `"`
			}
			e.send(t, "POST", "/api/v1/buyers", key, fmt.Sprintf(`{"code":"B%03d","name":%q%s}`, 5-i, name, group), 201, nil)
		}
		var codes []string
		path := "/api/v1/buyers?limit=2"
		for pages := 0; ; pages++ {
			if pages > 3 {
				t.Fatal("more pages than buyers")
			}
			var l BuyerList
			e.send(t, "GET", path, key, "", 200, &l)
			if l.Total != 5 || len(l.Data) > 2 {
				t.Fatalf("page %d: total %d, %d items", pages, l.Total, len(l.Data))
			}
			for _, b := range l.Data {
				codes = append(codes, b.Code)
			}
			if l.NextCursor == nil {
				break
			}
			path = "/api/v1/buyers?limit=2&cursor=" + *l.NextCursor
		}
		if got := strings.Join(codes, ","); got != "B001,B002,B003,B004,B005" {
			t.Errorf("codes over pages: %s", got)
		}
		var l BuyerList
		e.send(t, "GET", "/api/v1/buyers?price_group_id="+g.ID, key, "", 200, &l)
		if l.Total != 3 || l.NextCursor != nil {
			t.Errorf("group filter: total %d", l.Total)
		}
		e.send(t, "GET", "/api/v1/buyers?q=%E5%95%86%E5%BA%97", key, "", 200, &l) // 商店
		if l.Total != 2 {
			t.Errorf("q=商店: total %d", l.Total)
		}
		e.send(t, "GET", "/api/v1/buyers?status=suspended", key, "", 200, &l)
		if l.Total != 0 || l.Data == nil {
			t.Errorf("suspended: %+v", l)
		}
		for _, bad := range []string{"cursor=bm90LWpzb24", "cursor=" + encodeCursor([]string{"-1"}), "status=gone",
			"price_group_id=abc", "limit=0"} {
			e.fails(t, "GET", "/api/v1/buyers?"+bad, key, "", 400, CodeBadRequest)
		}
	})
}
