package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// insertSKUs adds one product with one SKU per code to tenant tn, at
// listPrice, straight into the database: pricing only reads SKUs, and the
// catalogue has its own API. It returns the SKU IDs.
func insertSKUs(t *testing.T, s *sqlstore.Store, tn tenancy.Tenant, listPrice int64, codes ...string) []string {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	pg := s.Engine() == "postgres"
	if pg { // row-level security needs the tenant of the transaction
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.ID.String()); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string, args ...any) {
		t.Helper()
		for n := 1; pg && strings.Contains(q, "?"); n++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", n), 1)
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const stamp = "2026-01-01T00:00:00.000000Z"
	ids := make([]string, len(codes))
	for i, code := range codes {
		pid, sid := s.NewID(), s.NewID()
		exec(`INSERT INTO products (tenant_id, id, name, status, created_at, updated_at) VALUES (?, ?, ?, 'published', ?, ?)`,
			tn.ID, pid, "商品"+code, stamp, stamp)
		exec(`INSERT INTO skus (tenant_id, id, product_id, code, variant, list_price, created_at, updated_at)
			VALUES (?, ?, ?, ?, '1ケース', ?, ?, ?)`, tn.ID, sid, pid, code, listPrice, stamp, stamp)
		ids[i] = sid.String()
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// pricingWorld is one tenant with a price group, a buyer in it and SKUs.
type pricingWorld struct {
	tenant tenancy.Tenant
	key    string // prices:write and buyers:write
	group  string
	buyer  string
	skus   []string
}

func newPricingWorld(t *testing.T, e *env, slug string, listPrice int64, codes ...string) pricingWorld {
	t.Helper()
	w := pricingWorld{tenant: e.tenant(t, slug)}
	_, w.key = e.key(t, w.tenant, apikeys.PricesWrite, apikeys.BuyersWrite)
	var g PriceGroup
	e.send(t, "POST", "/api/v1/price-groups", w.key, `{"code":"A","name":"Aランク"}`, 201, &g)
	var b BuyerDetail
	e.send(t, "POST", "/api/v1/buyers", w.key, `{"code":"B001","name":"山田商店","price_group_id":"`+g.ID+`"}`, 201, &b)
	w.group, w.buyer = g.ID, b.ID
	w.skus = insertSKUs(t, e.s, w.tenant, listPrice, codes...)
	return w
}

func TestAPIPriceLists(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-001")
		other := newPricingWorld(t, e, "kawaguchi", 1000, "Q-001")

		var rate, fixed PriceList
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"Aランク掛け率",
			"kind":"rate","rate_bp":7250,"rounding":"floor"}`, 201, &rate)
		if rate.RateBP == nil || *rate.RateBP != 7250 || *rate.Rounding != "floor" || rate.ValidFrom != nil || rate.PriceGroupID != w.group {
			t.Errorf("rate list %+v", rate)
		}
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"夏の特価",
			"kind":"fixed","priority":5,"valid_from":"2026-06-01","valid_to":"2026-08-31","rate_bp":5000}`, 201, &fixed)
		if fixed.RateBP != nil || fixed.Rounding != nil || *fixed.ValidFrom != "2026-06-01" || *fixed.ValidTo != "2026-08-31" {
			t.Errorf("fixed list %+v", fixed)
		}

		var patched PriceList
		e.send(t, "PATCH", "/api/v1/price-lists/"+fixed.ID, w.key, `{"name":"夏の特価2026","valid_to":""}`, 200, &patched)
		if patched.Name != "夏の特価2026" || patched.Kind != "fixed" || patched.Priority != 5 ||
			*patched.ValidFrom != "2026-06-01" || patched.ValidTo != nil {
			t.Errorf("patched %+v", patched)
		}
		e.send(t, "GET", "/api/v1/price-lists/"+rate.ID, w.key, "", 200, &patched)
		if patched.Name != "Aランク掛け率" {
			t.Errorf("read back %+v", patched)
		}
		var list List[PriceList]
		e.send(t, "GET", "/api/v1/price-lists?price_group_id="+w.group, w.key, "", 200, &list)
		if len(list.Data) != 2 || list.Data[0].ID != fixed.ID {
			t.Errorf("lists by priority: %+v", list)
		}
		e.fails(t, "GET", "/api/v1/price-lists?price_group_id="+other.group, w.key, "", 404, CodeNotFound)

		eb := e.fails(t, "POST", "/api/v1/price-lists", w.key, `{"name":"","kind":"rate","rate_bp":0,"priority":1000}`, 422, CodeValidationFailed)
		wantFields(t, eb, "price_group_id", "name", "rate_bp", "rounding", "priority")
		eb = e.fails(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"x","kind":"fixed",
			"valid_from":"2026-02-30","valid_to":"2026/03/01"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "valid_from", "valid_to")
		eb = e.fails(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+other.group+`","name":"x","kind":"fixed"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "price_group_id")
		eb = e.fails(t, "PATCH", "/api/v1/price-lists/"+fixed.ID, w.key, `{"valid_from":"2026-09-01","valid_to":"2026-08-01"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "valid_from")

		for _, tt := range []struct{ method, path, body string }{
			{"GET", "/api/v1/price-lists/" + rate.ID, ""},
			{"PATCH", "/api/v1/price-lists/" + rate.ID, `{"name":"x"}`},
			{"DELETE", "/api/v1/price-lists/" + rate.ID, ""},
			{"GET", "/api/v1/price-lists/" + fixed.ID + "/items", ""},
			{"PUT", "/api/v1/price-lists/" + fixed.ID + "/items/" + w.skus[0], `{"breaks":[{"min_qty":1,"price":1}]}`},
		} {
			e.fails(t, tt.method, tt.path, other.key, tt.body, 404, CodeNotFound)
		}

		e.send(t, "DELETE", "/api/v1/price-lists/"+rate.ID, w.key, "", 204, nil)
		e.fails(t, "GET", "/api/v1/price-lists/"+rate.ID, w.key, "", 404, CodeNotFound)
	})
}

func TestAPIPriceListItems(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-003", "P-001", "P-002")
		other := newPricingWorld(t, e, "kawaguchi", 1000, "Q-001")
		var fixed, rate PriceList
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"特価","kind":"fixed"}`, 201, &fixed)
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"掛け率",
			"kind":"rate","rate_bp":8000,"rounding":"half_up"}`, 201, &rate)
		items := "/api/v1/price-lists/" + fixed.ID + "/items/"

		var it PriceListItem
		for i, sku := range w.skus {
			body := fmt.Sprintf(`{"breaks":[{"min_qty":10,"price":%d},{"min_qty":1,"price":%d}]}`, 1500+i, 1700+i)
			e.send(t, "PUT", items+sku, w.key, body, 200, &it)
		}
		if it.SKUID != w.skus[2] || len(it.Breaks) != 2 || it.Breaks[0].MinQty != 1 || it.Breaks[1].Price != 1502 || it.SKU != nil {
			t.Errorf("put answer %+v", it)
		}

		var codes []string
		path := items[:len(items)-1] + "?limit=2"
		for pages := 0; ; pages++ {
			if pages > 2 {
				t.Fatal("more pages than items")
			}
			var l List[PriceListItem]
			e.send(t, "GET", path, w.key, "", 200, &l)
			for _, x := range l.Data {
				codes = append(codes, x.SKU.Code)
			}
			if l.NextCursor == nil {
				break
			}
			path = items[:len(items)-1] + "?limit=2&cursor=" + *l.NextCursor
		}
		if got := strings.Join(codes, ","); got != "P-001,P-002,P-003" {
			t.Errorf("items over pages: %s", got)
		}
		e.fails(t, "GET", items[:len(items)-1]+"?cursor="+encodeCursor([]string{"a", "b"}), w.key, "", 400, CodeBadRequest)

		eb := e.fails(t, "PUT", items+w.skus[0], w.key, `{"breaks":[{"min_qty":2,"price":100},{"min_qty":2,"price":-1}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "breaks", "breaks[1].min_qty", "breaks[1].price")
		eb = e.fails(t, "PUT", "/api/v1/price-lists/"+rate.ID+"/items/"+w.skus[0], w.key, `{"breaks":[{"min_qty":1,"price":100}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "breaks")
		e.fails(t, "PUT", items+other.skus[0], w.key, `{"breaks":[{"min_qty":1,"price":100}]}`, 404, CodeNotFound)

		e.send(t, "DELETE", items+w.skus[0], w.key, "", 204, nil)
		e.fails(t, "DELETE", items+w.skus[0], w.key, "", 404, CodeNotFound)
		e.fails(t, "DELETE", items+other.skus[0], w.key, "", 404, CodeNotFound)
	})
}

func TestAPIPricesScopes(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newServicesEnv(t, s)
		w := newPricingWorld(t, e, "maruyama", 1980, "P-001")
		_, readKey := e.key(t, w.tenant, apikeys.PricesRead)
		_, buyersKey := e.key(t, w.tenant, apikeys.BuyersWrite)
		var l PriceList
		e.send(t, "POST", "/api/v1/price-lists", w.key, `{"price_group_id":"`+w.group+`","name":"特価","kind":"fixed"}`, 201, &l)
		e.send(t, "GET", "/api/v1/price-lists/"+l.ID, readKey, "", 200, nil)
		e.send(t, "GET", "/api/v1/price-quotes?buyer_id="+w.buyer+"&sku_id="+w.skus[0], readKey, "", 200, nil)
		for _, tt := range []struct{ method, path, body string }{
			{"POST", "/api/v1/price-lists", `{"name":"x"}`},
			{"PATCH", "/api/v1/price-lists/" + l.ID, `{"name":"x"}`},
			{"DELETE", "/api/v1/price-lists/" + l.ID, ""},
			{"PUT", "/api/v1/price-lists/" + l.ID + "/items/" + w.skus[0], `{"breaks":[{"min_qty":1,"price":1}]}`},
			{"POST", "/api/v1/buyer-prices", `{"buyer_id":"` + w.buyer + `"}`},
		} {
			e.fails(t, tt.method, tt.path, readKey, tt.body, 403, CodeForbidden)
		}
		e.fails(t, "GET", "/api/v1/price-lists", buyersKey, "", 403, CodeForbidden)
		e.fails(t, "GET", "/api/v1/price-quotes?buyer_id="+w.buyer+"&sku_id="+w.skus[0], buyersKey, "", 403, CodeForbidden)
	})
}
