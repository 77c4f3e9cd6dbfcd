package pricing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Audit actions (操作履歴) and target types.
const (
	ActionListCreate       = "価格表（作成）"
	ActionListUpdate       = "価格表（更新）" // also a change to one SKU's prices in the list
	ActionListDelete       = "価格表（削除）"
	ActionBuyerPriceCreate = "個別単価（作成）"
	ActionBuyerPriceUpdate = "個別単価（更新）"
	ActionBuyerPriceDelete = "個別単価（削除）"

	TargetPriceList  = "price_list"
	TargetBuyerPrice = "buyer_price"
)

// SKUInfo is what pricing shows of a SKU beside its prices.
type SKUInfo struct {
	ID          oroshi.ID
	Code        string // 品番
	ProductName string
	Variant     string
	ListPrice   oroshi.Yen
}

// BuyerInfo is what pricing shows of a buyer company beside its prices.
type BuyerInfo struct {
	ID   oroshi.ID
	Code string
	Name string
}

// ItemWithSKU is a fixed price list's item with the SKU it prices.
type ItemWithSKU struct {
	PriceListItem
	SKU SKUInfo
}

// Key is the item's position in PriceListItems order (by SKU code), for Page.After.
func (i ItemWithSKU) Key() []string { return []string{i.SKU.Code} }

// BuyerPriceWithRefs is a buyer price (個別単価) with its buyer and SKU.
type BuyerPriceWithRefs struct {
	BuyerPrice
	Buyer BuyerInfo
	SKU   SKUInfo
}

// KeyByBuyer is the row's position in BuyerPrices order (SKU code, ID).
func (b BuyerPriceWithRefs) KeyByBuyer() []string { return []string{b.SKU.Code, b.ID.String()} }

// KeyBySKU is the row's position in BuyerPricesBySKU order (buyer code, ID).
func (b BuyerPriceWithRefs) KeyBySKU() []string { return []string{b.Buyer.Code, b.ID.String()} }

// ItemChange is what a Store shows the service before it changes one item
// of a price list: the list, the SKU, and the item as stored (nil if none).
type ItemChange struct {
	List   PriceList
	SKU    SKUInfo
	Before *PriceListItem
}

// Page asks for one page of a list in keyset order: at most Limit rows
// after the row whose Key is After (nil: from the start). Ask Limit+1 to
// learn whether a next page exists.
type Page struct {
	Limit int
	After []string
}

// Page sizes: Limit 0 means DefaultPageSize; a larger Limit is cut to
// MaxPageSize.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// MaxCartLines bounds PriceCart, far above any real order, so one request
// cannot make the store load an unbounded number of SKUs.
const MaxCartLines = 5000

// UnknownRefError is what a Store returns when a change names a price
// group, buyer or SKU that is not a row of the tenant. Fields are the input
// fields concerned ("group_id", "buyer_id", "sku_id"); the service turns
// them into Japanese field errors. It matches oroshi.ErrNotFound.
type UnknownRefError struct {
	Fields []string
}

func (e *UnknownRefError) Error() string {
	return "unknown " + strings.Join(e.Fields, ", ")
}

// Is makes errors.Is(err, oroshi.ErrNotFound) true, for callers that do
// not look closer.
func (e *UnknownRefError) Is(target error) bool { return target == oroshi.ErrNotFound }

// Store is what pricing needs from the database. Every method is scoped to
// one tenant and never sees another's rows.
//
// Methods taking fn run it inside their transaction after reading the rows
// it needs, so the audit detail describes exactly what is replaced; fn must
// not call the store. fn's error aborts the change; a nil *audit.Event
// means "nothing changed": nothing is written.
type Store interface {
	CreatePriceList(ctx context.Context, l PriceList, ev audit.Event) (PriceList, error)
	UpdatePriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
		fn func(before PriceList) (PriceList, *audit.Event, error)) (PriceList, error)
	DeletePriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID, fn func(PriceList) (audit.Event, error)) error
	PriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (PriceList, error)
	// PriceLists lists the lists of a group (all the tenant's for group 0).
	PriceLists(ctx context.Context, t oroshi.TenantID, groupID oroshi.ID) ([]PriceList, error)
	PriceListItems(ctx context.Context, t oroshi.TenantID, listID oroshi.ID, p Page) ([]ItemWithSKU, error)
	SetPriceListItem(ctx context.Context, t oroshi.TenantID, it PriceListItem, fn func(ItemChange) (*audit.Event, error)) error
	DeletePriceListItem(ctx context.Context, t oroshi.TenantID, listID, skuID oroshi.ID, fn func(ItemChange) (audit.Event, error)) error

	CreateBuyerPrice(ctx context.Context, bp BuyerPrice, fn func(BuyerPriceWithRefs) (audit.Event, error)) (BuyerPrice, error)
	UpdateBuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
		fn func(before BuyerPriceWithRefs) (BuyerPrice, *audit.Event, error)) (BuyerPrice, error)
	DeleteBuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID, fn func(BuyerPriceWithRefs) (audit.Event, error)) error
	BuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (BuyerPriceWithRefs, error)
	BuyerPrices(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, p Page) ([]BuyerPriceWithRefs, error)
	BuyerPricesBySKU(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, p Page) ([]BuyerPriceWithRefs, error)

	// Candidates loads, in a number of queries that does not grow with the
	// number of SKUs, what can price skuIDs for the buyer on date: the
	// buyer's group, the list prices of the SKUs found (a SKU missing from
	// listPrices is not the tenant's), the buyer's prices for them and the
	// group's lists with their items for them. A zero date loads rows of
	// every period, so the price check screen can explain expired and future
	// rows too. An unknown buyer wraps oroshi.ErrNotFound.
	Candidates(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, skuIDs []oroshi.ID, date Date) (
		buyer BuyerRef, listPrices map[oroshi.ID]oroshi.Yen, c map[oroshi.ID]Candidates, err error)
	// PriceVersion moves on, in the changing transaction, with every change
	// that can change a price Candidates and Resolve give: buyer prices,
	// price lists and items, list prices, SKUs deleted, buyers' groups.
	PriceVersion(ctx context.Context, t oroshi.TenantID) (int64, error)
}

// Service holds the rules about price lists and buyer prices and answers
// "what does this buyer pay".
type Service struct {
	Store Store
	Now   func() time.Time // nil: time.Now; gives "today" when no date is asked

	prices priceCache // PriceCart's results by price version (price_cache.go)
}

// today is the JST date used when a caller asks for no particular day.
func (s *Service) today() Date {
	if s.Now == nil {
		return DateOf(time.Now())
	}
	return DateOf(s.Now())
}

func event(actor audit.Actor, t oroshi.TenantID, action, target string, id oroshi.ID) audit.Event {
	idText := ""
	if id != 0 {
		idText = id.String()
	}
	ev := actor.Event(action, target, idText)
	ev.Tenant = t
	return ev
}

// refMessages are the field errors for rows a change names that the tenant
// does not have (deleted meanwhile, or a forged ID).
var refMessages = map[string]string{
	"group_id": "価格グループが見つかりません",
	"buyer_id": "取引先が見つかりません",
	"sku_id":   "商品が見つかりません",
}

// refError turns a Store's UnknownRefError into field errors; other errors
// pass through, wrapped with op.
func refError(op string, err error) error {
	var ref *UnknownRefError
	if !errors.As(err, &ref) {
		return fmt.Errorf("%s: %w", op, err)
	}
	v := &oroshi.ValidationError{}
	for _, f := range ref.Fields {
		msg, ok := refMessages[f]
		if !ok {
			msg = "見つかりません"
		}
		v.Add(f, msg)
	}
	return v
}

// checkPage normalises p.Limit and checks After has keyLen parts whose last
// is an ID when idLast; a bad cursor is a field error on "cursor".
func checkPage(p Page, keyLen int, idLast bool) (Page, error) {
	switch {
	case p.Limit <= 0:
		p.Limit = DefaultPageSize
	case p.Limit > MaxPageSize:
		p.Limit = MaxPageSize
	}
	if p.After == nil {
		return p, nil
	}
	bad := oroshi.Invalid("cursor", "ページの指定が正しくありません。一覧を開き直してください")
	if len(p.After) != keyLen {
		return Page{}, bad
	}
	if idLast {
		if _, err := oroshi.ParseID(p.After[keyLen-1]); err != nil {
			return Page{}, bad
		}
	}
	return p, nil
}
