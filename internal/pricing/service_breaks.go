package pricing

import (
	"context"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
)

// Tier is one row of the quantity-break table a buyer sees (数量別単価):
// from MinQty units upwards, until the next tier, the buyer pays UnitPrice.
type Tier struct {
	MinQty    int
	UnitPrice oroshi.Yen
}

// Tiers answers, for each line, what buyerID pays per unit of the line's
// SKU on date (zero: today in JST) from the line's quantity upwards: the
// first tier is the price at Qty (what PriceCart gives for that line), and
// each further tier starts at a quantity where the price changes. Every
// tier is resolved exactly as a cart line is, so the table shows only what
// this buyer would really pay — its own prices and its group's lists,
// never another buyer's rule. Results are in the order of lines; the
// candidates of all SKUs are loaded at once. Errors are those of PriceCart.
func (s *Service) Tiers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, lines []Line, date Date) ([][]Tier, error) {
	if len(lines) > MaxCartLines {
		return nil, oroshi.Invalid("lines", fmt.Sprintf("明細は%d行以内にしてください", MaxCartLines))
	}
	date, err := s.day(date)
	if err != nil {
		return nil, err
	}
	buyer, lp, c, err := s.Store.Candidates(ctx, t, buyerID, skuIDs(lines), date)
	if err != nil {
		return nil, fmt.Errorf("price tiers for buyer %s: %w", buyerID, err)
	}
	out := make([][]Tier, len(lines))
	v := &oroshi.ValidationError{}
	for i, l := range lines {
		list, ok := lp[l.SKU]
		if !ok {
			return nil, fmt.Errorf("price tiers line %d sku %s: %w", i+1, l.SKU, oroshi.ErrNotFound)
		}
		in := Input{Tenant: t, Buyer: buyer, SKU: l.SKU, ListPrice: list, Quantity: l.Qty, Date: date}
		tiers, err := resolveTiers(in, c[l.SKU])
		if err != nil {
			addLineError(v, i, err)
			continue
		}
		out[i] = tiers
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// resolveTiers resolves in at its quantity and at every break quantity of
// the candidates above it, keeping the quantities where the price changes.
// Resolve depends on the quantity only through breakFor, whose answer
// changes only at some break's MinQty, so between two such quantities the
// price is the one at the lower: no quantity is missed.
func resolveTiers(in Input, c Candidates) ([]Tier, error) {
	var out []Tier
	for _, q := range breakQuantities(c, in.Quantity) {
		in.Quantity = q
		r, err := Resolve(in, c)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].UnitPrice != r.UnitPrice {
			out = append(out, Tier{MinQty: q, UnitPrice: r.UnitPrice})
		}
	}
	return out, nil
}

// breakQuantities is from followed by every break MinQty above it in the
// candidates, ascending and without duplicates.
func breakQuantities(c Candidates, from int) []int {
	qs := []int{from}
	add := func(breaks []Break) {
		for _, b := range breaks {
			if b.MinQty > from {
				qs = append(qs, b.MinQty)
			}
		}
	}
	for _, bp := range c.BuyerPrices {
		add(bp.Breaks)
	}
	for _, gl := range c.GroupLists {
		if gl.Item != nil {
			add(gl.Item.Breaks)
		}
	}
	slices.Sort(qs)
	return slices.Compact(qs)
}
