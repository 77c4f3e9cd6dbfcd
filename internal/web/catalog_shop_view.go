package web

import (
	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The typed views of the shop's catalogue pages. They hold only what a
// buyer may see: no custom fields, no exact stock, and only the prices
// pricing resolved for the buyer signed in.

type shopListView struct {
	Action     string // the search form's action: this listing's path
	Query      string
	CategoryID string // "" for every category
	Category   string // name of the category shown, "" for all
	Crumbs     []shopCrumb
	Categories []shopCategoryLink
	AllURL     string // every product, no search
	Everywhere string // the same search in every category; "" unless both are set
	Clear      string // the category (or everything) without the search
	First      string // the first page of this listing
	Products   []shopProductCard
	Total      int
	From, To   int
	Prev, Next string
}

// shopCrumb is one step of a breadcrumb trail.
type shopCrumb struct{ Name, URL string }

// shopCategoryLink is one line of the category sidebar.
type shopCategoryLink struct {
	Name, URL string
	Products  int  // products the buyer may see here and below
	Depth     int  // 1 for a root
	Current   bool // the category listed
	Open      bool // an ancestor of it, shown with its subcategories
	Parent    bool // has subcategories
}

// shopProductCard is a product in the listing.
type shopProductCard struct {
	Name, Kana string
	URL        string
	ThumbURL   string // "" without an image
	Reduced    bool   // 軽減税率 (8 %)
	SKUs       []shopSKURow
	MoreSKUs   int // SKUs left out of the card, shown on the product page
}

// shopSKURow is one SKU with the buyer's own price.
type shopSKURow struct {
	Code, JAN, Variant, Unit  string
	CaseQty, OrderLot, MinQty string // formatted: 1,000
	Price                     oroshi.Yen
	PriceText                 string     // Price as 1,234円, formatted once here rather than per cell
	Tiers                     []shopTier // further quantity breaks (product page)
	Stock                     shopStock
	ID                        string // for the add-to-cart form
	AddQty                    int64  // the form's starting quantity (sales.DefaultQuantity)
}

// shopTier is one quantity break above the minimum order quantity.
type shopTier struct {
	MinQty string
	Price  oroshi.Yen
}

// shopStock is a stock status; buyers never see the number. Label is ""
// when the seller does not track the SKU's stock.
type shopStock struct{ Label, Class string }

// shopCardSKUs is how many SKUs a card of the listing shows.
const shopCardSKUs = 5

// shopStockOf is how sku's stock shows (catalog.StockClassOf).
func shopStockOf(sku catalog.SKU) shopStock {
	switch catalog.StockClassOf(sku) {
	case catalog.StockOut:
		return shopStock{"在庫なし", "out"}
	case catalog.StockLow:
		return shopStock{"残りわずか", "low"}
	case catalog.StockOK:
		return shopStock{"在庫あり", "ok"}
	}
	return shopStock{}
}

func qtyText(n int) string { return groupThousands(int64(n)) }

func newShopSKURow(sku catalog.SKU, price oroshi.Yen) shopSKURow {
	return shopSKURow{Code: sku.Code, JAN: sku.JAN, Variant: sku.Variant, Unit: sku.Unit,
		CaseQty: qtyText(sku.CaseQty), OrderLot: qtyText(sku.OrderLot), MinQty: qtyText(sku.MinQty),
		Price: price, PriceText: yenText(price), Stock: shopStockOf(sku), ID: sku.ID.String(), AddQty: sales.DefaultQuantity(sku)}
}

// shopProductURL is a product's page; shopImageURL one of its images.
func shopProductURL(base string, id oroshi.ID) string { return base + "/products/" + id.String() }

func shopImageURL(base string, product, image oroshi.ID, size string) string {
	return shopProductURL(base, product) + "/images/" + image.String() + "?size=" + size
}

func newShopProductCard(base string, p catalog.Product, prices map[oroshi.ID]oroshi.Yen) shopProductCard {
	c := shopProductCard{Name: p.Name, Kana: p.Kana, URL: shopProductURL(base, p.ID), Reduced: p.TaxClass == catalog.TaxReduced}
	if p.ImageID != 0 {
		c.ThumbURL = shopImageURL(base, p.ID, p.ImageID, "thumb")
	}
	for i, sku := range p.SKUs {
		if i == shopCardSKUs {
			c.MoreSKUs = len(p.SKUs) - i
			break
		}
		c.SKUs = append(c.SKUs, newShopSKURow(sku, prices[sku.ID]))
	}
	return c
}

func newShopListView(base, path string, sq shopQuery, tree, trail []*catalog.CategoryNode,
	list catalog.ProductList, prices map[oroshi.ID]oroshi.Yen) shopListView {
	v := shopListView{Action: base + path, Query: sq.Query, AllURL: base + "/products", Total: list.Total,
		Crumbs: shopCrumbs(base, trail), Categories: shopCategoryLinks(base, tree, trail),
		Clear: (shopQuery{CategoryID: sq.CategoryID}).link(base+"/products", 1, ""),
		First: (shopQuery{Query: sq.Query, CategoryID: sq.CategoryID}).link(base+path, 1, "")}
	if n := len(trail); n > 0 {
		v.CategoryID, v.Category = sq.CategoryID.String(), trail[n-1].Name
		if sq.Query != "" {
			v.Everywhere = (shopQuery{Query: sq.Query}).link(base+path, 1, "")
		}
	}
	for _, p := range list.Products {
		v.Products = append(v.Products, newShopProductCard(base, p, prices))
	}
	if len(v.Products) > 0 {
		v.From = (sq.Page-1)*shopPageSize + 1
		v.To = v.From + len(v.Products) - 1
	}
	if sq.Page > 1 {
		v.Prev = sq.link(base+path, sq.Page-1, "")
	}
	if list.NextCursor != "" && sq.Page < maxShopPage {
		v.Next = sq.link(base+path, sq.Page+1, list.NextCursor)
	}
	return v
}

// shopCrumbs links each category of the trail.
func shopCrumbs(base string, trail []*catalog.CategoryNode) []shopCrumb {
	out := make([]shopCrumb, len(trail))
	for i, n := range trail {
		out[i] = shopCrumb{Name: n.Name, URL: shopCategoryURL(base, n.ID)}
	}
	return out
}

func shopCategoryURL(base string, id oroshi.ID) string {
	return base + "/products?category=" + id.String()
}

// shopCategoryLinks flattens the sidebar: every root, and the
// subcategories of the category shown and of its ancestors.
func shopCategoryLinks(base string, tree, trail []*catalog.CategoryNode) []shopCategoryLink {
	open := make(map[oroshi.ID]bool, len(trail))
	for _, n := range trail {
		open[n.ID] = true
	}
	var current oroshi.ID
	if len(trail) > 0 {
		current = trail[len(trail)-1].ID
	}
	var out []shopCategoryLink
	var walk func([]*catalog.CategoryNode)
	walk = func(ns []*catalog.CategoryNode) {
		for _, n := range ns {
			out = append(out, shopCategoryLink{Name: n.Name, URL: shopCategoryURL(base, n.ID), Products: n.Products, Depth: n.Depth,
				Current: n.ID == current, Open: open[n.ID] && n.ID != current, Parent: len(n.Children) > 0})
			if open[n.ID] {
				walk(n.Children)
			}
		}
	}
	walk(tree)
	return out
}
