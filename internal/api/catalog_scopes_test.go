package api

import (
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// catalogCall is one request on tenant A's catalogue.
type catalogCall struct{ method, path, body string }

// catalogTargets makes a category, a product with an image in tenant a and
// returns the product's path, the image's URL and every call on them other
// than listings; the writes are calls[1:5] and calls[6:10].
func catalogTargets(t *testing.T, ce *catalogEnv, a tenancy.Tenant, key string) (string, string, []catalogCall) {
	t.Helper()
	var cat Category
	ce.send(t, "POST", "/api/v1/categories", key, `{"name":"乾物"}`, 201, &cat)
	p := ce.seed(t, a, simpleProduct("鰹節", "KA-1", 3200))
	var img ProductImage
	decodeBody(t, ce.call("POST", "/api/v1/products/"+p.ID.String()+"/images", "Bearer "+key, "image/png",
		string(testPNG(t, 16, 16))), &img)
	id := "/api/v1/products/" + p.ID.String()
	put := `{"name":"乗っ取り","updated_at":"` + p.UpdatedAt.Format(time.RFC3339Nano) + `","skus":[{"code":"KA-1","list_price":1}]}`
	return id, img.URL, []catalogCall{
		{"GET", id, ""},
		{"PUT", id, put},
		{"DELETE", id, ""},
		{"POST", id + "/status", `{"status":"draft"}`},
		{"PUT", id + "/visibility", `{"mode":"all"}`},
		{"GET", img.URL, ""},
		{"DELETE", id + "/images/" + img.ID, ""},
		{"POST", "/api/v1/skus/" + p.SKUs[0].ID.String() + "/stock-adjustments", `{"delta":5,"reason":"入荷"}`},
		{"PATCH", "/api/v1/categories/" + cat.ID, `{"name":"乗っ取り"}`},
		{"DELETE", "/api/v1/categories/" + cat.ID, ""},
	}
}

func TestAPICatalogTenantsAndScopes(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		a := ce.tenant(t, "maruyama")
		_, writeA := ce.key(t, a, apikeys.CatalogWrite)
		_, readA := ce.key(t, a, apikeys.CatalogRead)
		_, buyersA := ce.key(t, a, apikeys.BuyersWrite, apikeys.PricesWrite)
		_, writeB := ce.key(t, ce.tenant(t, "kawaguchi"), apikeys.CatalogWrite, apikeys.PricesWrite, apikeys.BuyersWrite)
		id, imgURL, calls := catalogTargets(t, ce, a, writeA)

		for _, tt := range append(calls, catalogCall{"GET", "/api/v1/products/not-an-id", ""}) {
			ce.fails(t, tt.method, tt.path, writeB, tt.body, 404, CodeNotFound)
		}
		if w := ce.call("POST", id+"/images", "Bearer "+writeB, "image/png", string(testPNG(t, 8, 8))); w.Code != 404 {
			t.Errorf("upload to another tenant's product: %d", w.Code)
		}
		var l ProductList
		ce.send(t, "GET", "/api/v1/products", writeB, "", 200, &l)
		var cats List[Category]
		ce.send(t, "GET", "/api/v1/categories", writeB, "", 200, &cats)
		if l.Total != 0 || len(l.Data) != 0 || len(cats.Data) != 0 {
			t.Errorf("tenant B sees %+v %+v", l, cats)
		}
		var got Product
		ce.send(t, "GET", id, readA, "", 200, &got)
		if got.Name != "鰹節" || got.SKUs[0].Stock != 0 || len(got.Images) != 1 {
			t.Errorf("after tenant B's attempts: %+v", got)
		}

		// A read key reads but cannot write; a key of other resources does neither.
		ce.send(t, "GET", imgURL, readA, "", 200, nil)
		ce.send(t, "GET", "/api/v1/categories", readA, "", 200, nil)
		for _, tt := range append(append(calls[1:5:5], calls[6:10]...),
			catalogCall{"POST", "/api/v1/products", `{"name":"x","skus":[{"code":"X","list_price":1}]}`},
			catalogCall{"POST", "/api/v1/categories", `{"name":"x"}`}) {
			w := ce.call(tt.method, tt.path, "Bearer "+readA, "application/json", tt.body)
			if w.Code != 403 || !strings.Contains(w.Header().Get("WWW-Authenticate"), `scope="catalog:write"`) {
				t.Errorf("read key %s %s: %d %s", tt.method, tt.path, w.Code, w.Header().Get("WWW-Authenticate"))
			}
		}
		for _, path := range []string{"/api/v1/products", id, "/api/v1/categories", imgURL} {
			ce.fails(t, "GET", path, buyersA, "", 403, CodeForbidden)
		}
	})
}
