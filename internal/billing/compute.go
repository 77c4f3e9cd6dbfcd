package billing

import (
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Totals are the money of an invoice's lines: per rate, then overall.
type Totals struct {
	ByRate []RateTotal // 10 % first; rates without lines are left out
	Sales  oroshi.Yen  // tax excluded
	Tax    oroshi.Yen
}

// ComputeTotals adds up lines per tax rate and computes the consumption
// tax the way method says, rounded r:
//
//   - MethodDetailed: once per rate on the rate's total of all lines (the
//     invoice is the qualified invoice).
//   - MethodSlips: once per rate on each delivery slip (shipment), and the
//     slips' taxes are added up (each slip is a qualified invoice).
//
// The two differ by the rounding of each slip: three slips of ¥105 at 10 %
// are ¥31 detailed (10 % of ¥315 = 31.5) but ¥30 by slips (3 × ¥10) when
// rounding down.
func ComputeTotals(lines []Line, method Method, r pricing.Rounding) (Totals, error) {
	if !slices.Contains(pricing.Roundings, r) {
		return Totals{}, fmt.Errorf("invoice totals: unknown rounding %q", r)
	}
	groups := [][]Line{lines}
	switch method {
	case MethodDetailed:
	case MethodSlips:
		groups = bySlip(lines)
	default:
		return Totals{}, fmt.Errorf("invoice totals: unknown method %q", method)
	}
	sums, taxes := map[int]oroshi.Yen{}, map[int]oroshi.Yen{}
	for _, g := range groups {
		part := map[int]oroshi.Yen{}
		for _, l := range g {
			if l.TaxRate != sales.TaxStandard && l.TaxRate != sales.TaxReduced {
				return Totals{}, fmt.Errorf("invoice totals: line %d: unknown tax rate %d", l.No, l.TaxRate)
			}
			part[l.TaxRate] += l.Amount
		}
		for rate, sub := range part {
			sums[rate] += sub
			taxes[rate] += sales.RoundTax(sub, rate, r)
		}
	}
	var t Totals
	for _, rate := range []int{sales.TaxStandard, sales.TaxReduced} {
		sub, ok := sums[rate]
		if !ok {
			continue
		}
		t.ByRate = append(t.ByRate, RateTotal{Rate: rate, Subtotal: sub, Tax: taxes[rate]})
		t.Sales += sub
		t.Tax += taxes[rate]
	}
	return t, nil
}

// bySlip groups lines by shipment, in order of first appearance.
func bySlip(lines []Line) [][]Line {
	idx := map[oroshi.ID]int{}
	var out [][]Line
	for _, l := range lines {
		i, ok := idx[l.ShipmentID]
		if !ok {
			i = len(out)
			idx[l.ShipmentID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], l)
	}
	return out
}

// Build completes a new invoice from its lines: numbers the lines,
// computes the totals by method and rounding, and the header amounts from
// previous (the last monthly invoice's 今回請求額) and outstanding (what
// the buyer owed just before this invoice: all charges less all payments).
// 入金額 is what brought previous down to outstanding.
func Build(iv Invoice, previous, outstanding oroshi.Yen) (Invoice, error) {
	for i := range iv.Lines {
		iv.Lines[i].No = i + 1
	}
	t, err := ComputeTotals(iv.Lines, iv.Method, iv.TaxRounding)
	if err != nil {
		return Invoice{}, err
	}
	iv.ByRate, iv.Sales, iv.Tax = t.ByRate, t.Sales, t.Tax
	if iv.Kind == ModePerOrder {
		// A per-order invoice bills its order alone.
		iv.Previous, iv.Received, iv.Carried = 0, 0, 0
	} else {
		iv.Previous, iv.Received, iv.Carried = previous, previous-outstanding, outstanding
	}
	iv.Total = iv.Carried + iv.Sales + iv.Tax
	return iv, nil
}

// Empty tells whether a monthly closing has nothing to put on an invoice:
// no deliveries and nothing carried over. No invoice is issued then.
func (iv Invoice) Empty() bool { return len(iv.Lines) == 0 && iv.Carried == 0 }
