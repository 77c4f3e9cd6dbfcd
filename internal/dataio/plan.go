package dataio

import (
	"cmp"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Keys name the rows an import needs to see: the buyers and SKUs its file
// mentions by code. Price groups and price lists, which are few, are read
// whole.
type Keys struct {
	Kind       Kind
	BuyerCodes []string
	SKUCodes   []string
}

// Snapshot is the stored data an import is checked against. Which parts
// are filled depends on Keys.Kind:
//
//	buyers:           Groups, Buyers
//	ship_tos:         Buyers, ShipTos
//	price_list_items: Groups, Lists, SKUs, Items
//	buyer_prices:     Buyers, SKUs, BuyerPrices
//	products:         Products, Categories
type Snapshot struct {
	Groups      []buyers.PriceGroup
	Lists       []pricing.PriceList
	Buyers      map[string]buyers.Buyer       // by code, of Keys.BuyerCodes found
	ShipTos     map[oroshi.ID][]buyers.ShipTo // by buyer, default first then by position
	SKUs        map[string]pricing.SKUInfo    // by code, of Keys.SKUCodes found
	Items       map[ItemKey][]pricing.Break   // items of any list for the SKUs found
	BuyerPrices map[PairKey][]pricing.BuyerPrice
	// Products are whole products (every SKU, by position) keyed by the
	// 品番 of each of their SKUs, for the Keys.SKUCodes found.
	Products   map[string]catalog.Product
	Categories []catalog.Category
}

// ItemKey names one SKU of one price list.
type ItemKey struct{ List, SKU oroshi.ID }

// PairKey names the buyer prices of one buyer for one SKU.
type PairKey struct{ Buyer, SKU oroshi.ID }

// Op is what a write does to its row.
type Op int

// Write operations.
const (
	OpCreate Op = iota + 1
	OpUpdate
	OpDelete
)

// Plan is everything a commit writes, in one transaction. Rows to create
// have ID 0: the store gives them one and sets it as the TargetID of their
// events.
type Plan struct {
	Buyers   []BuyerWrite
	ShipTos  []ShipToWrite
	Items    []ItemWrite
	Prices   []PriceWrite
	Products []ProductWrite
	Summary  audit.Event // one CSV取込（…） entry for the whole file
	Counts   Counts
}

// BuyerWrite creates a buyer (ID 0) or saves every field of one,
// including its status; suspending also ends its users' sessions.
type BuyerWrite struct {
	Buyer       buyers.Buyer
	EndSessions bool          // suspended by this import: sign its users out
	Events      []audit.Event // 顧客データ（作成／更新／停止／再開）
}

// ShipToWrite creates, updates or deletes one ship-to.
type ShipToWrite struct {
	Op     Op
	ShipTo buyers.ShipTo
	Event  audit.Event
}

// ItemWrite sets one SKU's breaks in a fixed price list.
type ItemWrite struct {
	ListID oroshi.ID
	SKUID  oroshi.ID
	Breaks []pricing.Break
	Event  audit.Event
}

// PriceWrite creates a buyer price (ID 0) or replaces the breaks of one.
type PriceWrite struct {
	Price pricing.BuyerPrice
	Event audit.Event
}

// ProductWrite creates a product (ID 0) with its SKUs, or saves a stored
// product's fields and SKUs: Product.SKUs holds every SKU of the product,
// by position; those with ID 0 are added, the others updated (their stock
// aside: stock moves only through adjustments). No SKU is ever deleted.
type ProductWrite struct {
	Product catalog.Product
	Event   audit.Event // 商品データ（作成／更新）
}

// sortBreaks returns breaks by MinQty, as the pricing service stores them,
// so that equal sets compare equal.
func sortBreaks(b []pricing.Break) []pricing.Break {
	out := slices.Clone(b)
	slices.SortFunc(out, func(x, y pricing.Break) int { return cmp.Compare(x.MinQty, y.MinQty) })
	return out
}
