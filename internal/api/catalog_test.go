package api

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// catalogEnv is the harness of buyers_test.go with the catalog service
// wired too (custom fields of products checked as in the app), and that
// service at hand for seeding.
type catalogEnv struct {
	*env
	cat *catalog.Service
}

func newCatalogEnv(t *testing.T, s *sqlstore.Store) *catalogEnv {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	fields := &customfields.Service{Store: s}
	cat := &catalog.Service{Store: s, ValidateCustom: func(ctx context.Context, t oroshi.TenantID, v map[string]any) (map[string]any, error) {
		return fields.Check(ctx, t, customfields.EntityProduct, v)
	}}
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: ident}, Fields: fields, Catalog: cat,
		Pricing: &pricing.Service{Store: s, Now: func() time.Time { return quoteNow }}})
	e.h = srv.handler(srv.routes())
	return &catalogEnv{env: e, cat: cat}
}

// seed stores p for tenant tn through the catalog service.
func (ce *catalogEnv) seed(t *testing.T, tn tenancy.Tenant, p catalog.Product) catalog.Product {
	t.Helper()
	out, err := ce.cat.CreateProduct(context.Background(), tn.ID, p, audit.Actor{Realm: audit.RealmAdmin, ID: 1})
	if err != nil {
		t.Fatalf("seed %s: %v", p.Name, err)
	}
	return out
}

// simpleProduct is a published product visible to all with one SKU.
func simpleProduct(name, code string, listPrice int64) catalog.Product {
	return catalog.Product{Name: name, Status: catalog.StatusPublished,
		SKUs: []catalog.SKU{{Code: code, ListPrice: oroshi.Yen(listPrice)}}}
}

const katsuobushi = `{"name":"鰹節 本枯れ","kana":"かつおぶし","tax_class":"reduced","custom":{"origin":"枕崎"},
	"skus":[{"code":"ＫＡ－００１","jan":"4901234567894","variant":"500g","list_price":3200,"track_stock":true,"stock":5},
	        {"code":"KA-002","variant":"1kg","unit":"袋","case_qty":10,"order_lot":5,"list_price":6000}]}`

func TestAPICatalogCategories(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		var food, goods, dried Category
		ce.send(t, "POST", "/api/v1/categories", key, `{"name":"食品","kana":"しょくひん","position":1}`, 201, &food)
		ce.send(t, "POST", "/api/v1/categories", key, `{"name":"雑貨"}`, 201, &goods)
		ce.send(t, "POST", "/api/v1/categories", key, `{"name":"乾物","parent_id":"`+food.ID+`"}`, 201, &dried)
		if food.Kana != "しょくひん" || food.ParentID != nil || food.Depth != 1 || food.Position != 1 {
			t.Errorf("created %+v", food)
		}
		if dried.ParentID == nil || *dried.ParentID != food.ID || dried.Depth != 2 {
			t.Errorf("child %+v", dried)
		}
		if got := categoryNames(t, ce.env, key); got != "雑貨/1 食品/1 乾物/2" {
			t.Errorf("tree: %s", got)
		}

		// Move the child to the top, after the others; rename.
		var moved Category
		ce.send(t, "PATCH", "/api/v1/categories/"+dried.ID, key, `{"parent_id":"","position":5,"name":"乾物・海産"}`, 200, &moved)
		if moved.ParentID != nil || moved.Depth != 1 || moved.Name != "乾物・海産" || moved.Kana != "" {
			t.Errorf("moved %+v", moved)
		}
		if got := categoryNames(t, ce.env, key); got != "雑貨/1 食品/1 乾物・海産/1" {
			t.Errorf("tree after move: %s", got)
		}
		ce.send(t, "PATCH", "/api/v1/categories/"+dried.ID, key, `{"parent_id":"`+food.ID+`"}`, 200, &moved)

		eb := ce.fails(t, "PATCH", "/api/v1/categories/"+food.ID, key, `{"parent_id":"`+dried.ID+`"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "parent_id")
		eb = ce.fails(t, "POST", "/api/v1/categories", key, `{"name":"","kana":"ABC","parent_id":"x"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "name", "kana", "parent_id")
		// Four levels at most.
		parent := dried.ID
		for i := 3; i <= 4; i++ {
			var c Category
			ce.send(t, "POST", "/api/v1/categories", key, fmt.Sprintf(`{"name":"第%d階層","parent_id":%q}`, i, parent), 201, &c)
			parent = c.ID
		}
		eb = ce.fails(t, "POST", "/api/v1/categories", key, `{"name":"第5階層","parent_id":"`+parent+`"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "parent_id")

		// A category with subcategories or products cannot go.
		eb = ce.fails(t, "DELETE", "/api/v1/categories/"+food.ID, key, "", 422, CodeValidationFailed)
		wantFields(t, eb, "category")
		p := simpleProduct("石鹸", "SO-1", 300)
		p.CategoryID = mustID(t, goods.ID)
		ce.seed(t, tn, p)
		eb = ce.fails(t, "DELETE", "/api/v1/categories/"+goods.ID, key, "", 422, CodeValidationFailed)
		wantFields(t, eb, "category")
		ce.send(t, "DELETE", "/api/v1/categories/"+parent, key, "", 204, nil)
		ce.fails(t, "DELETE", "/api/v1/categories/"+parent, key, "", 404, CodeNotFound)
		ce.fails(t, "PATCH", "/api/v1/categories/"+parent, key, `{"name":"x"}`, 404, CodeNotFound)
	})
}

// categoryNames sums up the flat tree: name/depth in list order.
func categoryNames(t *testing.T, e *env, key string) string {
	t.Helper()
	var l List[Category]
	e.send(t, "GET", "/api/v1/categories", key, "", 200, &l)
	var parts []string
	for _, c := range l.Data {
		parts = append(parts, fmt.Sprintf("%s/%d", c.Name, c.Depth))
	}
	return strings.Join(parts, " ")
}

func mustID(t *testing.T, s string) oroshi.ID {
	t.Helper()
	id, err := oroshi.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAPIProductsRoundTrip(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		_, key := ce.key(t, ce.tenant(t, "maruyama"), apikeys.CatalogWrite, apikeys.BuyersWrite)
		ce.send(t, "POST", "/api/v1/custom-fields", key, `{"entity":"product","key":"origin","label":"産地","type":"text"}`, 201, nil)
		var cat Category
		ce.send(t, "POST", "/api/v1/categories", key, `{"name":"乾物"}`, 201, &cat)

		var p Product
		body := strings.Replace(katsuobushi, `{"name"`, `{"category_id":"`+cat.ID+`","name"`, 1)
		ce.send(t, "POST", "/api/v1/products", key, body, 201, &p)
		if p.ID == "" || *p.CategoryID != cat.ID || p.TaxClass != "reduced" || p.Status != "draft" ||
			p.Visibility.Mode != "all" || len(p.Visibility.PriceGroupIDs) != 0 || p.Custom["origin"] != "枕崎" || len(p.Images) != 0 {
			t.Errorf("created %+v", p)
		}
		if len(p.SKUs) != 2 {
			t.Fatalf("skus %+v", p.SKUs)
		}
		a, b := p.SKUs[0], p.SKUs[1]
		if a.Code != "KA-001" || a.JAN != "4901234567894" || a.Unit != "個" || a.CaseQty != 1 || a.MinQty != 1 ||
			a.Stock != 5 || !a.TrackStock || a.ListPrice != 3200 || b.Unit != "袋" || b.OrderLot != 5 || b.MinQty != 5 || b.Position != 1 {
			t.Errorf("skus %+v", p.SKUs)
		}
		var got Product
		ce.send(t, "GET", "/api/v1/products/"+p.ID, key, "", 200, &got)
		if got.Name != "鰹節 本枯れ" || !got.UpdatedAt.Equal(p.UpdatedAt) || got.SKUs[1].ID != b.ID {
			t.Errorf("read back %+v", got)
		}

		// PUT replaces: KA-001 kept (with its stock, whatever is sent),
		// KA-002 dropped, KA-003 added; status and visibility stay.
		ce.send(t, "POST", "/api/v1/products/"+p.ID+"/status", key, `{"status":"published"}`, 200, &got)
		put := fmt.Sprintf(`{"name":"鰹節","tax_class":"reduced","updated_at":%q,"skus":[
			{"id":%q,"code":"KA-001","list_price":3000,"stock":999},{"code":"KA-003","variant":"2kg","list_price":11000,"stock":2}]}`,
			got.UpdatedAt.Format(time.RFC3339Nano), a.ID)
		var replaced Product
		ce.send(t, "PUT", "/api/v1/products/"+p.ID, key, put, 200, &replaced)
		if replaced.Name != "鰹節" || replaced.CategoryID != nil || replaced.Status != "published" || len(replaced.Custom) != 0 ||
			len(replaced.SKUs) != 2 || replaced.SKUs[0].ID != a.ID || replaced.SKUs[0].Stock != 5 ||
			replaced.SKUs[0].ListPrice != 3000 || replaced.SKUs[1].Code != "KA-003" || replaced.SKUs[1].Stock != 2 {
			t.Errorf("replaced %+v", replaced)
		}

		// The updated_at read before that PUT is stale now.
		eb := ce.fails(t, "PUT", "/api/v1/products/"+p.ID, key, put, 409, CodeConflict)
		if !hasJapanese(eb.Message) {
			t.Errorf("409 message %q", eb.Message)
		}
		eb = ce.fails(t, "PUT", "/api/v1/products/"+p.ID, key, `{"name":"x","skus":[{"code":"X-1","list_price":1}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "updated_at")
		ce.send(t, "GET", "/api/v1/products/"+p.ID, key, "", 200, &got)
		if got.Name != "鰹節" || !got.UpdatedAt.Equal(replaced.UpdatedAt) {
			t.Errorf("after refused PUTs: %+v", got)
		}

	})
}

func TestAPIProductsStatusAndVisibility(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		_, key := ce.key(t, ce.tenant(t, "maruyama"), apikeys.CatalogWrite, apikeys.BuyersWrite)
		var p, got Product
		ce.send(t, "POST", "/api/v1/products", key, `{"name":"鰹節","status":"published","visibility":{"mode":"all"},
			"skus":[{"code":"KA-1","list_price":1}]}`, 201, &p)
		if p.Status != "published" || p.Visibility.Mode != "all" {
			t.Errorf("created %+v", p)
		}
		ce.send(t, "POST", "/api/v1/products/"+p.ID+"/status", key, `{"status":"discontinued"}`, 200, &got)
		if got.Status != "discontinued" || !got.UpdatedAt.After(p.UpdatedAt) {
			t.Errorf("status %q, updated_at %v", got.Status, got.UpdatedAt)
		}
		var g PriceGroup
		ce.send(t, "POST", "/api/v1/price-groups", key, `{"code":"A","name":"Aランク"}`, 201, &g)
		ce.send(t, "PUT", "/api/v1/products/"+p.ID+"/visibility", key, `{"mode":"restricted","price_group_ids":["`+g.ID+`"]}`, 200, &got)
		if got.Visibility.Mode != "restricted" || len(got.Visibility.PriceGroupIDs) != 1 || got.Visibility.PriceGroupIDs[0] != g.ID ||
			got.Visibility.BuyerIDs == nil {
			t.Errorf("visibility %+v", got.Visibility)
		}
		eb := ce.fails(t, "PUT", "/api/v1/products/"+p.ID+"/visibility", key, `{"mode":"restricted"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "visibility")
		var foreign PriceGroup
		_, keyB := ce.key(t, ce.tenant(t, "kawaguchi"), apikeys.BuyersWrite)
		ce.send(t, "POST", "/api/v1/price-groups", keyB, `{"code":"A","name":"Aランク"}`, 201, &foreign)
		eb = ce.fails(t, "PUT", "/api/v1/products/"+p.ID+"/visibility", key, `{"mode":"restricted","price_group_ids":["`+foreign.ID+`"]}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "visibility")
		eb = ce.fails(t, "PUT", "/api/v1/products/"+p.ID+"/visibility", key, `{"mode":"restricted","buyer_ids":["x"]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "visibility")
		eb = ce.fails(t, "POST", "/api/v1/products/"+p.ID+"/status", key, `{"status":"hidden"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "status")

		ce.send(t, "DELETE", "/api/v1/products/"+p.ID, key, "", 204, nil)
		ce.fails(t, "GET", "/api/v1/products/"+p.ID, key, "", 404, CodeNotFound)
		ce.fails(t, "DELETE", "/api/v1/products/"+p.ID, key, "", 404, CodeNotFound)
	})
}

func TestAPIProductsList(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogRead)
		var cat Category
		_, writeKey := ce.key(t, tn, apikeys.CatalogWrite)
		ce.send(t, "POST", "/api/v1/categories", writeKey, `{"name":"乾物"}`, 201, &cat)
		dried := simpleProduct("昆布", "KO-1", 800)
		dried.CategoryID = mustID(t, cat.ID)
		ce.seed(t, tn, dried)
		ce.seed(t, tn, simpleProduct("鰹節", "KA-1", 3200))
		draft := simpleProduct("煮干し", "NI-1", 500)
		draft.Status = catalog.StatusDraft
		ce.seed(t, tn, draft)

		var names []string
		path := "/api/v1/products?limit=2"
		for pages := 0; ; pages++ {
			if pages > 2 {
				t.Fatal("more pages than products")
			}
			var l ProductList
			ce.send(t, "GET", path, key, "", 200, &l)
			if l.Total != 3 || len(l.Data) > 2 {
				t.Fatalf("page %d: total %d, %d items", pages, l.Total, len(l.Data))
			}
			for _, p := range l.Data {
				names = append(names, p.Name)
			}
			if l.NextCursor == nil {
				break
			}
			path = "/api/v1/products?limit=2&cursor=" + *l.NextCursor
		}
		if got := strings.Join(names, ","); got != "煮干し,鰹節,昆布" {
			t.Errorf("newest first over pages: %s", got)
		}
		for query, want := range map[string]string{
			"status=draft":          "煮干し",
			"category_id=" + cat.ID: "昆布",
			"q=KA-1":                "鰹節",
			"q=%E3%81%8B%E3%81%A4":  "", // かつ: no kana was given
			"q=%E9%B0%B9%E7%AF%80":  "鰹節",
		} {
			var l ProductList
			ce.send(t, "GET", "/api/v1/products?"+query, key, "", 200, &l)
			var got []string
			for _, p := range l.Data {
				got = append(got, p.Name)
			}
			if strings.Join(got, ",") != want || l.Total != len(got) || l.Data == nil {
				t.Errorf("%s: %v (total %d), want %q", query, got, l.Total, want)
			}
		}
		for _, bad := range []string{"status=gone", "category_id=x", "limit=0", "cursor=" + encodeCursor([]string{"x"}),
			"q=" + strings.Repeat("a", 101)} {
			ce.fails(t, "GET", "/api/v1/products?"+bad, key, "", 400, CodeBadRequest)
		}
	})
}

func TestAPIProductsValidation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		tn := ce.tenant(t, "maruyama")
		_, key := ce.key(t, tn, apikeys.CatalogWrite)
		other := ce.tenant(t, "kawaguchi")
		foreign := ce.seed(t, other, simpleProduct("他社品", "Z-1", 100))

		eb := ce.fails(t, "POST", "/api/v1/products", key, `{"name":"","tax_class":"zero","skus":[
			{"code":"","jan":"4901234567890","order_lot":2,"min_qty":3,"list_price":-1},
			{"code":"A 1","jan":"12345","case_qty":-1,"list_price":1}]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "name", "tax_class", "skus[0].code", "skus[0].jan", "skus[0].min_qty", "skus[0].list_price",
			"skus[1].code", "skus[1].jan", "skus[1].case_qty")
		if !strings.Contains(eb.Fields["skus[0].jan"], "チェックディジット") {
			t.Errorf("jan message %q", eb.Fields["skus[0].jan"])
		}
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"x","skus":[]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "skus")
		// Fields that cannot be read do not hide the others' problems.
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"","category_id":"abc","skus":[{"code":"A-1","list_price":1}],
			"visibility":{"mode":"restricted","price_group_ids":["g"]}}`, 422, CodeValidationFailed)
		wantFields(t, eb, "name", "category_id", "visibility")
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"x","skus":[{"code":"A-1","list_price":1},{"code":"Ａ－１","list_price":2}]}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "skus[1].code")

		// A 品番 the tenant already has: 422 on the SKU's code; another
		// tenant's 品番 is free.
		var p Product
		ce.send(t, "POST", "/api/v1/products", key, `{"name":"鰹節","skus":[{"code":"KA-1","list_price":1}]}`, 201, &p)
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"別","skus":[{"code":"B-1","list_price":1},{"code":"KA-1","list_price":1}]}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "skus[1].code")
		if eb.Fields["skus[1].code"] != catalog.MsgCodeTaken {
			t.Errorf("duplicate message %q", eb.Fields["skus[1].code"])
		}
		ce.send(t, "POST", "/api/v1/products", key, `{"name":"同じ品番","skus":[{"code":"Z-1","list_price":1}]}`, 201, nil)

		// References the tenant does not have.
		var fc Category
		_, otherKey := ce.key(t, other, apikeys.CatalogWrite)
		ce.send(t, "POST", "/api/v1/categories", otherKey, `{"name":"他社"}`, 201, &fc)
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"x","category_id":"`+fc.ID+`","skus":[{"code":"C-1","list_price":1}]}`,
			422, CodeValidationFailed)
		wantFields(t, eb, "category_id")
		put := fmt.Sprintf(`{"name":"鰹節","updated_at":%q,"skus":[{"id":%q,"code":"KA-1","list_price":1}]}`,
			p.UpdatedAt.Format(time.RFC3339Nano), foreign.SKUs[0].ID)
		eb = ce.fails(t, "PUT", "/api/v1/products/"+p.ID, key, put, 422, CodeValidationFailed)
		wantFields(t, eb, "skus[0].code")

		// Not JSON the API knows: 400 naming the field.
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"x","updated_at":"2026-01-01T00:00:00Z","skus":[]}`, 400, CodeBadRequest)
		wantFields(t, eb, "updated_at")
		eb = ce.fails(t, "POST", "/api/v1/products", key, `{"name":"x","skus":[{"code":"A","list_price":"100"}]}`, 400, CodeBadRequest)
		if len(eb.Fields) != 1 {
			t.Errorf("type error fields %v", eb.Fields)
		}
	})
}
