package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// shopWorld is a tenant whose buyers see different products and prices:
// 山田 (group A) and 青木 (no group), and products visible to all, to group
// A only, to 青木 only, a draft and a discontinued one.
type shopWorld struct {
	tenant        tenancy.Tenant
	key           string // catalog, buyers and prices, all write
	yamada, aoki  string
	group         string
	all, groupA   catalog.Product
	aokiOnly      catalog.Product
	draft, retire catalog.Product
}

func newShopWorld(t *testing.T, ce *catalogEnv, slug string) shopWorld {
	t.Helper()
	w := shopWorld{tenant: ce.tenant(t, slug)}
	_, w.key = ce.key(t, w.tenant, apikeys.CatalogWrite, apikeys.BuyersWrite, apikeys.PricesWrite)
	var g PriceGroup
	ce.send(t, "POST", "/api/v1/price-groups", w.key, `{"code":"A","name":"Aランク"}`, 201, &g)
	var yamada, aoki BuyerDetail
	ce.send(t, "POST", "/api/v1/buyers", w.key, `{"code":"B001","name":"山田商店","price_group_id":"`+g.ID+`"}`, 201, &yamada)
	ce.send(t, "POST", "/api/v1/buyers", w.key, `{"code":"B002","name":"青木商店"}`, 201, &aoki)
	w.group, w.yamada, w.aoki = g.ID, yamada.ID, aoki.ID

	w.all = ce.seed(t, w.tenant, simpleProduct("鰹節", "KA-1", 1000))
	groupA := simpleProduct("昆布 特選", "KO-1", 2000)
	groupA.SKUs[0].OrderLot, groupA.SKUs[0].MinQty = 6, 12
	groupA.Visibility = catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{mustID(t, g.ID)}}
	w.groupA = ce.seed(t, w.tenant, groupA)
	aokiOnly := simpleProduct("青木様専用 煮干し", "NI-1", 500)
	aokiOnly.Visibility = catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{mustID(t, aoki.ID)}}
	w.aokiOnly = ce.seed(t, w.tenant, aokiOnly)
	draft := simpleProduct("新商品 下書き", "DR-1", 100)
	draft.Status = catalog.StatusDraft
	w.draft = ce.seed(t, w.tenant, draft)
	retire := simpleProduct("販売終了品", "OLD-1", 100)
	retire.Status = catalog.StatusDiscontinued
	w.retire = ce.seed(t, w.tenant, retire)

	// Each buyer's own price for 鰹節; 山田's for 昆布 with a break at 12.
	price := func(buyer string, sku oroshi.ID, breaks string) {
		ce.send(t, "POST", "/api/v1/buyer-prices", w.key,
			fmt.Sprintf(`{"buyer_id":%q,"sku_id":%q,"breaks":%s}`, buyer, sku, breaks), 201, nil)
	}
	price(w.yamada, w.all.SKUs[0].ID, `[{"min_qty":1,"price":800}]`)
	price(w.aoki, w.all.SKUs[0].ID, `[{"min_qty":1,"price":777}]`)
	price(w.yamada, w.groupA.SKUs[0].ID, `[{"min_qty":1,"price":1900},{"min_qty":12,"price":1700}]`)
	return w
}

// pricesOf sums up a buyer catalog page: name:code=price(rule) per SKU.
func pricesOf(c BuyerCatalog) string {
	var parts []string
	for _, p := range c.Data {
		for _, k := range p.SKUs {
			parts = append(parts, fmt.Sprintf("%s:%s=%d(%s)", p.Name, k.Code, k.UnitPrice, k.PriceRule))
		}
	}
	return strings.Join(parts, " ")
}

func TestAPIBuyerCatalog(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		w := newShopWorld(t, ce, "maruyama")

		var c BuyerCatalog
		body := ce.send(t, "GET", "/api/v1/buyers/"+w.yamada+"/catalog", w.key, "", 200, &c).Body.String()
		if got := pricesOf(c); got != "昆布 特選:KO-1=1700(buyer_price) 鰹節:KA-1=800(buyer_price)" {
			t.Errorf("山田 sees %s", got)
		}
		if c.Total != 2 || c.NextCursor != nil || c.BuyerID != w.yamada || c.PriceDate != "2026-05-15" {
			t.Errorf("山田's page %+v", c)
		}
		if k := c.Data[0].SKUs[0]; k.MinQty != 12 || k.ListPrice != 2000 || k.OrderLot != 6 {
			t.Errorf("昆布 SKU %+v", k)
		}
		// Nothing of the hidden products, nor 青木's price (777 yen, a JSON
		// number: `":777`; IDs are strings and may hold the digits), in the answer.
		for _, hidden := range []string{"煮干し", "NI-1", "下書き", "販売終了", w.aokiOnly.ID.String(), w.draft.ID.String(), `":777`} {
			if strings.Contains(body, hidden) {
				t.Errorf("山田's catalog contains %q", hidden)
			}
		}

		ce.send(t, "GET", "/api/v1/buyers/"+w.aoki+"/catalog", w.key, "", 200, &c)
		if got := pricesOf(c); got != "青木様専用 煮干し:NI-1=500(list_price) 鰹節:KA-1=777(buyer_price)" {
			t.Errorf("青木 sees %s", got)
		}

		// Search and category narrow what the buyer may see, never widen it.
		ce.send(t, "GET", "/api/v1/buyers/"+w.aoki+"/catalog?q=%E6%98%86%E5%B8%83", w.key, "", 200, &c) // 昆布
		if c.Total != 0 || len(c.Data) != 0 || c.Data == nil {
			t.Errorf("青木 finds 昆布: %+v", c)
		}
		ce.send(t, "GET", "/api/v1/buyers/"+w.yamada+"/catalog?q=KO-1", w.key, "", 200, &c)
		if got := pricesOf(c); got != "昆布 特選:KO-1=1700(buyer_price)" {
			t.Errorf("山田 q=KO-1: %s", got)
		}

		// Publishing the draft shows it, at the list price, to both.
		ce.send(t, "POST", "/api/v1/products/"+w.draft.ID.String()+"/status", w.key, `{"status":"published"}`, 200, nil)
		var ids []string
		path := "/api/v1/buyers/" + w.yamada + "/catalog?limit=2"
		for pages := 0; ; pages++ {
			if pages > 2 {
				t.Fatal("too many pages")
			}
			ce.send(t, "GET", path, w.key, "", 200, &c)
			for _, p := range c.Data {
				ids = append(ids, p.ID)
			}
			if c.NextCursor == nil {
				break
			}
			path = "/api/v1/buyers/" + w.yamada + "/catalog?limit=2&cursor=" + *c.NextCursor
		}
		want := []string{w.draft.ID.String(), w.groupA.ID.String(), w.all.ID.String()}
		if !slices.Equal(ids, want) || c.Total != 3 {
			t.Errorf("山田 over pages %v, want %v", ids, want)
		}
		ce.fails(t, "GET", "/api/v1/buyers/"+w.yamada+"/catalog?category_id=x", w.key, "", 400, CodeBadRequest)
		ce.fails(t, "GET", "/api/v1/buyers/"+w.yamada+"/catalog?cursor=abc", w.key, "", 400, CodeBadRequest)
	})
}

func TestAPIBuyerCatalogScopesAndTenants(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ce := newCatalogEnv(t, s)
		w := newShopWorld(t, ce, "maruyama")
		other := newShopWorld(t, ce, "kawaguchi")
		path := "/api/v1/buyers/" + w.yamada + "/catalog"
		_, both := ce.key(t, w.tenant, apikeys.CatalogRead, apikeys.PricesRead)
		_, catalogOnly := ce.key(t, w.tenant, apikeys.CatalogWrite)
		_, pricesOnly := ce.key(t, w.tenant, apikeys.PricesWrite)

		ce.send(t, "GET", path, both, "", 200, nil)
		for key, scope := range map[string]string{catalogOnly: apikeys.PricesRead, pricesOnly: apikeys.CatalogRead} {
			wr := ce.call("GET", path, "Bearer "+key, "", "")
			if wr.Code != 403 || !strings.Contains(wr.Header().Get("WWW-Authenticate"), `scope="`+scope+`"`) {
				t.Errorf("key without %s: %d %s", scope, wr.Code, wr.Header().Get("WWW-Authenticate"))
			}
		}
		// Another tenant's buyer is unknown here; so is a malformed id.
		ce.fails(t, "GET", "/api/v1/buyers/"+other.yamada+"/catalog", w.key, "", 404, CodeNotFound)
		ce.fails(t, "GET", "/api/v1/buyers/x/catalog", w.key, "", 404, CodeNotFound)
	})
}
