package sales

import (
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// Cart is a buyer user's cart, kept in the database. Revision grows with
// every change, so a checkout page can prove it shows the current content.
type Cart struct {
	Tenant    oroshi.TenantID
	UserID    oroshi.ID // the shop user
	BuyerID   oroshi.ID // the user's company
	Revision  int64
	Lines     []CartLine // in the order they were added
	UpdatedAt time.Time
}

// CartLine is a SKU and a quantity; one line per SKU.
type CartLine struct {
	SKUID    oroshi.ID
	Quantity int64
}

// SKU is an orderable SKU as ordering sees it: the catalogue's SKU with its
// product's name and tax class. Stores return only SKUs the buyer may see.
type SKU struct {
	catalog.SKU
	ProductName string
	TaxClass    catalog.TaxClass
}

// LineView is a cart or order-entry line checked and priced.
type LineView struct {
	Index     int // position in the cart (0-based)
	SKUID     oroshi.ID
	Code      string // the 品番 typed, for a line whose SKU is unknown
	Quantity  int64
	Known     bool // the SKU exists and the buyer may order it
	SKU       SKU  // when Known
	UnitPrice oroshi.Yen
	PriceRule string
	TaxRate   int
	Amount    oroshi.Yen
	Priced    bool     // UnitPrice and Amount are set
	Problems  []string // Japanese, empty when the line can be ordered
}

// OK reports whether the line can be ordered as it is.
func (l LineView) OK() bool { return len(l.Problems) == 0 }

// CartView is the cart as the cart and review pages show it.
type CartView struct {
	Cart
	Lines []LineView
	// Totals cover the priced lines (all of them when Orderable).
	Totals Totals
	// Orderable is true when the cart has lines and none has a problem.
	Orderable bool
}

// Problem messages.
const (
	msgUnknownSKU = "この商品は注文できません（販売終了・非公開または品番の誤り）"
	msgQtyMin1    = "数量を1以上で入力してください"
)

// CheckLine lists what is wrong with ordering qty of sku (nil: nothing).
// A SKU is expected to be visible to the buyer already (the stores return
// no other); stock is checked only when the SKU tracks it.
func CheckLine(sku catalog.SKU, qty int64) []string {
	var out []string
	switch {
	case qty < 1:
		return []string{msgQtyMin1}
	case qty > catalog.MaxQuantity:
		return []string{fmt.Sprintf("数量は%d以下で入力してください", catalog.MaxQuantity)}
	}
	if qty < int64(sku.MinQty) {
		out = append(out, fmt.Sprintf("最小発注数量は%dです", sku.MinQty))
	}
	if lot := int64(sku.OrderLot); lot > 1 && qty%lot != 0 {
		out = append(out, fmt.Sprintf("発注単位（ロット）%dの倍数で入力してください", lot))
	}
	if sku.TrackStock && qty > sku.Stock {
		out = append(out, StockMessage(sku.Stock))
	}
	return out
}

// StockMessage is the shortage message with what is left.
func StockMessage(left int64) string {
	if left <= 0 {
		return "在庫がありません"
	}
	return fmt.Sprintf("在庫が不足しています（残り%d）", left)
}

// lineField is the field key of a line's problem.
func lineField(i int, name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
