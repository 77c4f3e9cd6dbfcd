package pricing

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// Line is one line of a cart to price: a SKU and a quantity in its unit.
type Line struct {
	SKU oroshi.ID
	Qty int
}

// day is the date to price at: the given one, or today in JST when zero.
func (s *Service) day(d Date) (Date, error) {
	if d.IsZero() {
		return s.today(), nil
	}
	if !d.Valid() {
		return Date{}, oroshi.Invalid("date", "日付が正しくありません")
	}
	return d, nil
}

// Price answers the seller's price check: what buyerID pays per unit of
// skuID for qty on date (zero: today), with every candidate rule and why it
// was taken or skipped in Result.Explanation — including rows outside their
// period, which the cart never loads. An unknown buyer or SKU (another
// tenant's included) wraps oroshi.ErrNotFound.
func (s *Service) Price(ctx context.Context, t oroshi.TenantID, buyerID, skuID oroshi.ID, qty int, date Date) (Result, error) {
	date, err := s.day(date)
	if err != nil {
		return Result{}, err
	}
	buyer, lp, c, err := s.Store.Candidates(ctx, t, buyerID, []oroshi.ID{skuID}, Date{})
	if err != nil {
		return Result{}, fmt.Errorf("price sku %s for buyer %s: %w", skuID, buyerID, err)
	}
	list, ok := lp[skuID]
	if !ok {
		return Result{}, fmt.Errorf("price sku %s: %w", skuID, oroshi.ErrNotFound)
	}
	in := Input{Tenant: t, Buyer: buyer, SKU: skuID, ListPrice: list, Quantity: qty, Date: date}
	return Resolve(in, c[skuID])
}

// PriceCart prices every line of a cart for buyerID on date (zero: today),
// loading the candidates of all its SKUs at once: what the cart, checkout
// and order entry use. Results are in the order of lines, without
// Explanation (Price gives it), and kept by price version (priceCache). A quantity below
// 1 is a field error "lines[i].quantity"; an unknown buyer or SKU wraps
// oroshi.ErrNotFound.
func (s *Service) PriceCart(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, lines []Line, date Date) ([]Result, error) {
	if len(lines) > MaxCartLines {
		return nil, oroshi.Invalid("lines", fmt.Sprintf("明細は%d行以内にしてください", MaxCartLines))
	}
	date, err := s.day(date)
	if err != nil {
		return nil, err
	}
	// The version first: what is kept under it is never older (priceCache).
	version, err := s.Store.PriceVersion(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("price cart for buyer %s: %w", buyerID, err)
	}
	k := priceKey{t: t, buyer: buyerID, version: version, date: date}
	out := make([]Result, len(lines))
	missing := s.prices.lookup(k, lines, out)
	if len(missing) == 0 && len(lines) > 0 {
		return out, nil
	}
	if err := s.resolveLines(ctx, t, buyerID, lines, missing, date, out); err != nil {
		return nil, err
	}
	s.prices.store(k, lines, out, missing)
	return out, nil
}

// resolveLines prices the lines at indexes into out, loading their
// candidates at once. An unknown SKU wraps oroshi.ErrNotFound; the lines'
// own errors come as one ValidationError with fields "lines[i]. …".
func (s *Service) resolveLines(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, lines []Line, indexes []int,
	date Date, out []Result) error {
	want := make([]Line, len(indexes))
	for j, i := range indexes {
		want[j] = lines[i]
	}
	buyer, lp, c, err := s.Store.Candidates(ctx, t, buyerID, skuIDs(want), date)
	if err != nil {
		return fmt.Errorf("price cart for buyer %s: %w", buyerID, err)
	}
	v := &oroshi.ValidationError{}
	for _, i := range indexes {
		l := lines[i]
		list, ok := lp[l.SKU]
		if !ok {
			return fmt.Errorf("price cart line %d sku %s: %w", i+1, l.SKU, oroshi.ErrNotFound)
		}
		r, err := Resolve(Input{Tenant: t, Buyer: buyer, SKU: l.SKU, ListPrice: list, Quantity: l.Qty, Date: date}, c[l.SKU])
		if err != nil {
			addLineError(v, i, err)
			continue
		}
		r.Explanation = nil // Price explains; a cart keeps what it pays
		out[i] = r
	}
	return v.Err()
}

// skuIDs lists the distinct SKUs of lines, in first-seen order.
func skuIDs(lines []Line) []oroshi.ID {
	seen := make(map[oroshi.ID]bool, len(lines))
	out := make([]oroshi.ID, 0, len(lines))
	for _, l := range lines {
		if !seen[l.SKU] {
			seen[l.SKU] = true
			out = append(out, l.SKU)
		}
	}
	return out
}
