package web

import (
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The typed views shared by the cart, the checkout review and the order
// pages: lines as the buyer reads them and the money per tax rate.

// shopLine is one line of a cart, a review or an order.
type shopLine struct {
	SKUID                  string
	ProductURL             string // "" when the product cannot be shown
	Name, Variant, Code    string
	Unit                   string
	CaseQty, Lot, MinQty   string // formatted; "" when unknown
	Quantity               int64
	QuantityText           string // 1,000
	UnitPrice, Amount      oroshi.Yen
	Priced                 bool
	TaxRate                int
	Reduced                bool // 8 %: marked ※
	Problems               []string
	Error                  string // the message of a refused change of this line
	Shipped                int64  // order lines
	UpdateURL, RemoveURL   string // cart lines
	ShippedText, Remaining string
}

// shopTotals are the per-rate subtotals and taxes and the total.
type shopTotals struct {
	ByRate   []shopRateTotal
	Subtotal oroshi.Yen
	Tax      oroshi.Yen
	Total    oroshi.Yen
	Reduced  bool // some line is at 8 %: the ※ note is shown
}

type shopRateTotal struct {
	Rate          int
	Subtotal, Tax oroshi.Yen
	Reduced       bool
}

func newShopTotals(t sales.Totals) shopTotals {
	out := shopTotals{Subtotal: t.Subtotal, Tax: t.Tax, Total: t.Total}
	for _, r := range t.ByRate {
		red := r.Rate == sales.TaxReduced
		out.ByRate = append(out.ByRate, shopRateTotal{Rate: r.Rate, Subtotal: r.Subtotal, Tax: r.Tax, Reduced: red})
		out.Reduced = out.Reduced || red
	}
	return out
}

// newCartLines shows the checked and priced lines of a cart; errs are the
// messages of a refused change, keyed by SKU ID.
func newCartLines(base string, lines []sales.LineView, errs map[string]string) []shopLine {
	out := make([]shopLine, 0, len(lines))
	for _, l := range lines {
		id := l.SKUID.String()
		sl := shopLine{SKUID: id, Code: l.Code, Quantity: l.Quantity, QuantityText: groupThousands(l.Quantity),
			UnitPrice: l.UnitPrice, Amount: l.Amount, Priced: l.Priced, TaxRate: l.TaxRate,
			Reduced: l.TaxRate == sales.TaxReduced, Problems: l.Problems, Error: errs[id],
			UpdateURL: base + "/cart/items/" + id, RemoveURL: base + "/cart/items/" + id + "/delete"}
		if l.Known {
			k := l.SKU
			sl.Name, sl.Variant, sl.Code, sl.Unit = k.ProductName, k.Variant, k.Code, k.Unit
			sl.CaseQty, sl.Lot, sl.MinQty = qtyText(k.CaseQty), qtyText(k.OrderLot), qtyText(k.MinQty)
			sl.ProductURL = shopProductURL(base, k.ProductID)
		}
		out = append(out, sl)
	}
	return out
}

// newOrderLines shows an order's lines as they were when it was placed.
func newOrderLines(lines []sales.Line) []shopLine {
	out := make([]shopLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, shopLine{SKUID: l.SKUID.String(), Name: l.ProductName, Variant: l.Variant, Code: l.Code,
			Unit: l.Unit, CaseQty: qtyText(l.CaseQty), Quantity: l.Quantity, QuantityText: groupThousands(l.Quantity),
			UnitPrice: l.UnitPrice, Amount: l.Amount, Priced: true, TaxRate: l.TaxRate,
			Reduced: l.TaxRate == sales.TaxReduced, Shipped: l.ShippedQty,
			ShippedText: groupThousands(l.ShippedQty), Remaining: groupThousands(l.Remaining())})
	}
	return out
}

var weekdaysJA = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// dateLabel writes a date as people read it: 11月27日（金） in Japanese,
// Fri 27 Nov in English; withYear adds the year (2026年11月27日（金）).
func dateLabel(d pricing.Date, lang string, withYear bool) string {
	if d.IsZero() {
		return ""
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	if lang == langEN {
		if withYear {
			return t.Format("Mon 2 Jan 2006")
		}
		return t.Format("Mon 2 Jan")
	}
	s := fmt.Sprintf("%d月%d日（%s）", int(d.Month), d.Day, weekdaysJA[t.Weekday()])
	if withYear {
		s = fmt.Sprintf("%d年", d.Year) + s
	}
	return s
}

// statusClass is the CSS class of an order status badge.
func statusClass(st sales.Status) string {
	switch st {
	case sales.StatusBuyerApproval:
		return "pending"
	case sales.StatusReceived:
		return "received"
	case sales.StatusApproved:
		return "approved"
	case sales.StatusPartiallyShipped, sales.StatusShipped:
		return "shipped"
	case sales.StatusInvoiced, sales.StatusCompleted:
		return "done"
	case sales.StatusCancelled:
		return "cancelled"
	}
	return ""
}

// shopStatus is a status badge.
type shopStatus struct{ Label, Class string }

func newShopStatus(st sales.Status) shopStatus { return shopStatus{st.Label(), statusClass(st)} }
