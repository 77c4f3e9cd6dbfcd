package web

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// The shop catalogue's zero-value views, for TestPagesRender (pageViews is
// declared in templates_test.go).
func init() {
	for name, data := range map[string]any{
		"shop/catalog/index": shopListView{},
		"shop/catalog/show":  shopProductView{},
	} {
		e := pageViews[name]
		e.data, e.areas = data, []string{"shop"}
		pageViews[name] = e
	}
}

func TestShopStock(t *testing.T) {
	tests := []struct {
		sku  catalog.SKU
		want string
	}{
		{catalog.SKU{TrackStock: false, Stock: 0}, ""},
		{catalog.SKU{TrackStock: true, Stock: 0}, "在庫なし"},
		{catalog.SKU{TrackStock: true, Stock: 1}, "残りわずか"},
		{catalog.SKU{TrackStock: true, Stock: 10}, "残りわずか"},
		{catalog.SKU{TrackStock: true, Stock: 11}, "在庫あり"},
	}
	for _, tt := range tests {
		if got := shopStockOf(tt.sku).Label; got != tt.want {
			t.Errorf("stock %d (tracked %v): %q, want %q", tt.sku.Stock, tt.sku.TrackStock, got, tt.want)
		}
	}
}

func TestShopQuery(t *testing.T) {
	sq, err := parseShopQuery(url.Values{"q": {"  だし  "}, "category": {"7"}, "cursor": {"cA"}, "page": {"3"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (shopQuery{Query: "だし", CategoryID: 7, Cursor: "cA", Page: 3}); sq != want {
		t.Errorf("parsed %+v, want %+v", sq, want)
	}
	if f := sq.filter(); f.Cursor != "cA" || f.Offset != 0 || f.Limit != shopPageSize {
		t.Errorf("with a cursor: %+v", f)
	}
	sq.Cursor = ""
	if f := sq.filter(); f.Offset != 2*shopPageSize {
		t.Errorf("page 3 without cursor: offset %d", f.Offset)
	}
	if got := sq.link("/s/products", 1, ""); got != "/s/products?category=7&q=%E3%81%A0%E3%81%97" {
		t.Errorf("first page link %q", got)
	}
	if got := (shopQuery{}).link("/s/products", 2, "x"); got != "/s/products?cursor=x&page=2" {
		t.Errorf("next link %q", got)
	}
	for _, bad := range []string{"x", "0", "-1"} {
		if _, err := parseShopQuery(url.Values{"category": {bad}}); err == nil {
			t.Errorf("category %q accepted", bad)
		}
	}
	if sq, _ := parseShopQuery(url.Values{"page": {"99999999"}}); sq.Page != 1 {
		t.Errorf("page out of range: %d", sq.Page)
	}
}

func TestShopCategoryLinks(t *testing.T) {
	tree := catalog.Tree([]catalog.Category{
		{ID: 1, Name: "食品"}, {ID: 2, Name: "調味料", ParentID: 1}, {ID: 3, Name: "醤油", ParentID: 2},
		{ID: 4, Name: "日用品", Position: 1}, {ID: 5, Name: "紙製品", ParentID: 4},
	})
	names := func(links []shopCategoryLink) []string {
		var out []string
		for _, l := range links {
			out = append(out, l.Name)
		}
		return out
	}
	if got := names(shopCategoryLinks("/s", tree, nil)); !cmp.Equal(got, []string{"食品", "日用品"}) {
		t.Errorf("roots: %v", got)
	}
	trail := categoryTrail(tree, 2)
	links := shopCategoryLinks("/s", tree, trail)
	if got := names(links); !cmp.Equal(got, []string{"食品", "調味料", "醤油", "日用品"}) {
		t.Errorf("under 調味料: %v", got)
	}
	if !links[0].Open || !links[1].Current || links[1].Open || links[2].Depth != 3 || links[1].URL != "/s/products?category=2" {
		t.Errorf("links: %+v", links)
	}
	if categoryTrail(tree, 99) != nil || categoryTrail(tree, 0) != nil {
		t.Error("trail of a missing category")
	}
}

func TestShopListViewPaging(t *testing.T) {
	list := catalog.ProductList{Products: make([]catalog.Product, shopPageSize), Total: 45, NextCursor: "n"}
	v := newShopListView("/s", "/search", shopQuery{Query: "茶", Page: 2, Cursor: "c"}, nil, nil, list, map[oroshi.ID]oroshi.Yen{})
	if v.From != 21 || v.To != 40 || v.Prev != "/s/search?q=%E8%8C%B6" {
		t.Errorf("page 2: %d–%d prev %q", v.From, v.To, v.Prev)
	}
	if v.Next != "/s/search?cursor=n&page=3&q=%E8%8C%B6" {
		t.Errorf("next %q", v.Next)
	}
}

func TestShopProductCard(t *testing.T) {
	p := catalog.Product{ID: 9, Name: "割り箸", TaxClass: catalog.TaxReduced, ImageID: 4}
	prices := map[oroshi.ID]oroshi.Yen{}
	for i := 1; i <= 7; i++ {
		p.SKUs = append(p.SKUs, catalog.SKU{ID: oroshi.ID(i), Code: "W-" + string(rune('0'+i)), Unit: "袋", CaseQty: 1000 * i, MinQty: 1})
		prices[oroshi.ID(i)] = oroshi.Yen(100 * i)
	}
	c := newShopProductCard("/s", p, prices)
	if len(c.SKUs) != shopCardSKUs || c.MoreSKUs != 2 || c.SKUs[4].Price != 500 || c.SKUs[1].CaseQty != "2,000" {
		t.Errorf("card: %d SKUs, %d more, %+v", len(c.SKUs), c.MoreSKUs, c.SKUs[1])
	}
	if c.URL != "/s/products/9" || c.ThumbURL != "/s/products/9/images/4?size=thumb" || !c.Reduced {
		t.Errorf("card links %q %q reduced %v", c.URL, c.ThumbURL, c.Reduced)
	}
}
