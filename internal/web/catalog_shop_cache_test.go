package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// testShopListingCache: a listing served from the cache (the first request
// fills it, the second reads it) is byte for byte the page a server
// without the cache renders, for two buyers of one audience with
// different prices; a change of stock label, price or product shows at
// the next request.
func testShopListingCache(t *testing.T, e *env, sf *shopFixture) {
	ctx := context.Background()
	plain := *e
	plain.srv = newShopServer(t, e, -1)
	a := sf.shopper(t, e, sf.buyerA, identity.RolePurchaser)
	a2 := sf.shopper(t, e, sf.buyerA2, identity.RolePurchaser)
	viewer := sf.shopper(t, e, sf.buyerA, identity.RoleBuyerView) // no add-to-cart forms
	seasoning := sf.base + "/products?category=" + sf.seasoning.ID.String()
	food := sf.base + "/products?category=" + sf.food.ID.String()
	same := func(who string, b *browser, path string) *page {
		t.Helper()
		// Cookies go to every port of the host: the same session on both.
		want := (&browser{t: t, e: &plain, c: b.c, lang: b.lang}).get(path)
		var got *page
		for _, round := range []string{"filled", "from the cache"} {
			got = b.get(path)
			if got.status != 200 || got.body != want.body {
				t.Fatalf("%s %s, %s: status %d, differs from the page without the cache:\n%s\n----- want:\n%s",
					who, path, round, got.status, got.body, want.body)
			}
		}
		return got
	}
	for _, path := range []string{sf.base + "/products", seasoning, food, seasoning + "&page=2",
		sf.base + "/search?q=" + url.QueryEscape("だし"), seasoning + "&q=SH", sf.base + "/products?q=" + url.QueryEscape("該当なし")} {
		same("A", a, path)
		same("A2", a2, path)
		same("viewer", viewer, path)
	}
	mustContain(t, "A2", same("A2", a2, seasoning), ok, "777円", "1,650円")
	mustLack(t, "A2", same("A2", a2, seasoning), "870円")
	mustLack(t, "viewer", same("viewer", viewer, seasoning), "add-form")

	mustContain(t, "tea out", same("A", a, food), ok, `<span class="stock out">在庫なし</span>`)
	if _, err := sf.catalog.AdjustStock(ctx, sf.tenant.ID, sf.tea.SKUs[0].ID, 50, "入荷", system); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "tea in", same("A", a, food), ok, `<span class="stock ok">在庫あり</span>`)

	ps := &pricing.Service{Store: e.s}
	if _, err := ps.CreateBuyerPrice(ctx, sf.tenant.ID, pricing.BuyerPrice{BuyerID: sf.buyerA.ID, SKUID: sf.soy.SKUs[0].ID,
		Breaks: []pricing.Break{{MinQty: 1, Price: 799}}}, system); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "new price", same("A", a, seasoning), ok, "799円")

	soy, err := sf.catalog.Product(ctx, sf.tenant.ID, sf.soy.ID)
	if err != nil {
		t.Fatal(err)
	}
	soy.Name = "特選だし醤油"
	if _, err := sf.catalog.UpdateProduct(ctx, sf.tenant.ID, soy, system); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "renamed", same("A2", a2, seasoning), ok, "特選だし醤油")
}
