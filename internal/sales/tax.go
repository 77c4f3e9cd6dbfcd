package sales

import (
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Tax rates in percent. A line takes its rate from its SKU's product tax
// class (catalog.TaxClass.RatePercent).
const (
	TaxStandard = 10
	TaxReduced  = 8
)

// TaxRateOf is the rate of a tax class.
func TaxRateOf(c catalog.TaxClass) int { return c.RatePercent() }

// RateTotal is the part of an order at one tax rate.
type RateTotal struct {
	Rate     int        // 10 or 8
	Subtotal oroshi.Yen // sum of the line amounts at this rate, tax excluded
	Tax      oroshi.Yen // computed once on Subtotal
}

// Totals are an order's money: per rate, then overall.
type Totals struct {
	ByRate   []RateTotal // highest rate first; rates without lines are left out
	Subtotal oroshi.Yen  // tax excluded
	Tax      oroshi.Yen
	Total    oroshi.Yen // tax included
}

// Rate returns the part at rate (zero when the order has none).
func (t Totals) Rate(rate int) RateTotal {
	for _, r := range t.ByRate {
		if r.Rate == rate {
			return r
		}
	}
	return RateTotal{Rate: rate}
}

// Amounted is a line with an amount at a tax rate.
type Amounted struct {
	Rate   int
	Amount oroshi.Yen
}

// ComputeTotals adds up lines per tax rate and computes the tax ONCE per
// rate on that rate's subtotal, rounded the tenant's way (as a qualified
// invoice must: three ¥105 lines at 10 % are ¥315 → tax ¥31, not 3 × ¥10).
func ComputeTotals(lines []Amounted, r pricing.Rounding) (Totals, error) {
	if !validRounding(r) {
		return Totals{}, fmt.Errorf("totals: unknown rounding %q", r)
	}
	sums := map[int]oroshi.Yen{}
	for _, l := range lines {
		if l.Rate != TaxStandard && l.Rate != TaxReduced {
			return Totals{}, fmt.Errorf("totals: unknown tax rate %d", l.Rate)
		}
		sums[l.Rate] += l.Amount
	}
	var t Totals
	for _, rate := range []int{TaxStandard, TaxReduced} {
		sub, ok := sums[rate]
		if !ok {
			continue
		}
		tax := RoundTax(sub, rate, r)
		t.ByRate = append(t.ByRate, RateTotal{Rate: rate, Subtotal: sub, Tax: tax})
		t.Subtotal += sub
		t.Tax += tax
	}
	t.Total = t.Subtotal + t.Tax
	return t, nil
}

// RoundTax is amount × rate % brought to whole yen by r. Integer only: a
// negative amount (a credit) rounds symmetrically to the positive one.
func RoundTax(amount oroshi.Yen, rate int, r pricing.Rounding) oroshi.Yen {
	neg := amount < 0
	if neg {
		amount = -amount
	}
	n := int64(amount) * int64(rate)
	q, rem := n/100, n%100
	switch {
	case r == pricing.RoundCeil && rem > 0:
		q++
	case r == pricing.RoundHalfUp && 2*rem >= 100:
		q++
	}
	if neg {
		q = -q
	}
	return oroshi.Yen(q)
}

func validRounding(r pricing.Rounding) bool { return slices.Contains(pricing.Roundings, r) }
