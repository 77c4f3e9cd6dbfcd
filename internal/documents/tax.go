package documents

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// TaxDisplay is how a tenant's documents show amounts: 外税 (tax
// excluded, the default) or 内税 (tax included).
type TaxDisplay string

// Tax displays.
const (
	TaxExclusive TaxDisplay = "exclusive" // 外税: amounts without tax, tax added per rate
	TaxInclusive TaxDisplay = "inclusive" // 内税: amounts with tax, tax per rate shown as included
)

// Label is the Japanese name shown in the settings.
func (d TaxDisplay) Label() string {
	if d == TaxInclusive {
		return "内税（税込金額で表示）"
	}
	return "外税（税抜金額で表示）"
}

// Valid reports whether d is one of the two displays.
func (d TaxDisplay) Valid() bool { return d == TaxExclusive || d == TaxInclusive }

// Item is one priced line as a document shows it.
type Item struct {
	Rate      int        // 10 or 8
	Quantity  int64      // 数量
	UnitPrice oroshi.Yen // tax excluded, as ordering stores it
}

// Amounts are the money of a document as printed: each line's shown unit
// price and amount, then per rate and overall. With 外税 the amounts are
// tax-excluded and Tax is added on top; with 内税 they include tax and Tax
// is the part of the total that is tax.
type Amounts struct {
	Display TaxDisplay
	Lines   []LineAmount
	ByRate  []RateAmount // highest rate first, rates without lines left out
	Tax     oroshi.Yen
	Total   oroshi.Yen // what the buyer pays, tax included
}

// LineAmount is one line's shown unit price and amount.
type LineAmount struct {
	UnitPrice, Amount oroshi.Yen
}

// RateAmount is the part at one rate: Base is the shown total of its lines
// (tax excluded with 外税, included with 内税), Tax computed ONCE on it.
type RateAmount struct {
	Rate int
	Base oroshi.Yen
	Tax  oroshi.Yen
}

// Compute prices the items for a document. The tax of each rate is
// computed once on that rate's total, rounded by r (a qualified invoice
// must never add up per-line tax), by sales.ComputeTotals, the same code
// that priced the order, whatever the display. 内税 is a display of the
// same money (see inclusive.go): the total the buyer pays is the same as
// with 外税.
func Compute(items []Item, r pricing.Rounding, d TaxDisplay) (Amounts, error) {
	if !d.Valid() {
		return Amounts{}, fmt.Errorf("document amounts: unknown tax display %q", d)
	}
	a := Amounts{Display: d, Lines: make([]LineAmount, len(items))}
	lines := make([]sales.Amounted, len(items))
	for i, it := range items {
		amt := it.UnitPrice * oroshi.Yen(it.Quantity)
		a.Lines[i] = LineAmount{UnitPrice: it.UnitPrice, Amount: amt}
		lines[i] = sales.Amounted{Rate: it.Rate, Amount: amt}
	}
	t, err := sales.ComputeTotals(lines, r)
	if err != nil {
		return Amounts{}, fmt.Errorf("document amounts: %w", err)
	}
	for _, rt := range t.ByRate {
		a.ByRate = append(a.ByRate, RateAmount{Rate: rt.Rate, Base: rt.Subtotal, Tax: rt.Tax})
	}
	a.Tax, a.Total = t.Tax, t.Total
	if d == TaxInclusive {
		return inclusive(a, items, r), nil
	}
	return a, nil
}

// IncludedTax is the tax contained in a tax-included total at rate:
// total × rate / (100 + rate), brought to whole yen by r. Integer only.
func IncludedTax(total oroshi.Yen, rate int, r pricing.Rounding) oroshi.Yen {
	neg := total < 0
	if neg {
		total = -total
	}
	n, d := int64(total)*int64(rate), int64(100+rate)
	q, rem := n/d, n%d
	switch {
	case r == pricing.RoundCeil && rem > 0:
		q++
	case r == pricing.RoundHalfUp && 2*rem >= d:
		q++
	}
	if neg {
		q = -q
	}
	return oroshi.Yen(q)
}

// ReducedMark is printed after the name of a reduced-rate item; Legend
// explains it on every document that has one.
const (
	ReducedMark = "※"
	Legend      = "※は軽減税率（8%）対象商品です。"
)
