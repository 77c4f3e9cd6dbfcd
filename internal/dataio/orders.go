package dataio

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Order kinds are export only: orders are made by checkout, never by a
// file, so they are not among Kinds (which the import form offers).
const (
	KindOrders     Kind = "orders"      // 注文: one row per order
	KindOrderLines Kind = "order_lines" // 注文明細: one row per order line, with its order's keys
)

// OrderKinds lists the order exports in the order screens offer them.
func OrderKinds() []Kind { return []Kind{KindOrders, KindOrderLines} }

// IsOrderKind tells whether k is one of OrderKinds.
func IsOrderKind(k Kind) bool { return k == KindOrders || k == KindOrderLines }

// OrderFilter selects the orders of an export. Dates are JST placement
// dates, both ends inclusive; zero values select everything.
type OrderFilter struct {
	From, To pricing.Date
	Status   sales.Status
	// BuyerID limits the file to one buyer company. Set by the service for
	// a buyer's own export (ExportBuyerOrders), never from a form.
	BuyerID oroshi.ID
	// HideBuyerPending leaves out orders still waiting for the buyer's own
	// approval: the seller has not received them (see Status.SellerVisible).
	HideBuyerPending bool
}

// OrderRow is an order (without lines) with its buyer's code, as the
// exports read it.
type OrderRow struct {
	Order     sales.Order
	BuyerCode string
}

// OrderLineRow is one line of an order.
type OrderLineRow struct {
	OrderRow
	Line sales.Line
}

// OrderStore streams orders for the exports. Like EachProductSKU each
// reads in one statement (one snapshot, one row in memory) and calls fn
// while the read is open, newest order first, lines by number; fn's error
// stops it. The store applies every part of the filter, BuyerID included.
type OrderStore interface {
	EachOrder(ctx context.Context, t oroshi.TenantID, f OrderFilter, fn func(OrderRow) error) error
	EachOrderLine(ctx context.Context, t oroshi.TenantID, f OrderFilter, fn func(OrderLineRow) error) error
}

// orderStore is the service's store as an OrderStore: sqlstore implements
// both, and a store without order exports answers a clear error.
func (s *Service) orderStore() (OrderStore, error) {
	os, ok := s.Store.(OrderStore)
	if !ok {
		return nil, fmt.Errorf("csv export: the store %T cannot export orders", s.Store)
	}
	return os, nil
}

// checkOrderFilter refuses a filter with a Japanese message per field.
func checkOrderFilter(f OrderFilter) error {
	v := &oroshi.ValidationError{}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "状態の指定が正しくありません")
	}
	if !f.From.IsZero() && !f.From.Valid() {
		v.Add("from", "期間（開始日）の日付が正しくありません")
	}
	if !f.To.IsZero() && !f.To.Valid() {
		v.Add("to", "期間（終了日）の日付が正しくありません")
	}
	if f.From.Valid() && f.To.Valid() && f.From.Compare(f.To) > 0 {
		v.Add("to", "期間の終了日は開始日以降の日付にしてください")
	}
	return v.Err()
}
