package sales

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// LineInput is a line to order: a SKU by ID, or by 品番 when SKUID is 0.
type LineInput struct {
	SKUID    oroshi.ID
	Code     string
	Quantity int64
	// Price, when set, is the unit price to use instead of pricing's: only
	// for accepting a quote at its quoted prices (set by the quote service,
	// never from a request). PriceLabel then names its source (e.g. 見積).
	Price      *oroshi.Yen
	PriceLabel string
}

// evaluate checks and prices lines for a buyer today (JST): each line's SKU
// must be one the buyer may order, its quantity within minimum, lot and
// stock; prices come from pricing in one call for all lines. Totals cover
// the priced lines.
func (s *Service) evaluate(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, in []LineInput) ([]LineView, Totals, error) {
	st, err := s.Settings(ctx, t)
	if err != nil {
		return nil, Totals{}, err
	}
	return s.evaluateWith(ctx, t, buyerID, in, st)
}

// evaluateWith is evaluate with the tenant's sales settings read before
// (placing an order keeps the rounding it totalled with).
func (s *Service) evaluateWith(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, in []LineInput, st Settings) ([]LineView, Totals, error) {
	skus, err := s.lineSKUs(ctx, t, buyerID, in)
	if err != nil {
		return nil, Totals{}, err
	}
	idx := indexSKUs(skus)
	views := make([]LineView, len(in))
	var toPrice []pricing.Line
	var priceAt []int
	for i, l := range in {
		v := LineView{Index: i, SKUID: l.SKUID, Code: l.Code, Quantity: l.Quantity}
		sku, ok := idx.find(l)
		if !ok {
			v.Problems = []string{msgUnknownSKU}
			views[i] = v
			continue
		}
		v.Known, v.SKU, v.SKUID, v.Code = true, sku, sku.ID, sku.Code
		v.TaxRate = TaxRateOf(sku.TaxClass)
		v.Problems = CheckLine(sku.SKU, l.Quantity)
		switch {
		case l.Quantity < 1 || l.Quantity > catalog.MaxQuantity:
		case l.Price != nil:
			v.UnitPrice, v.PriceRule, v.Priced = *l.Price, l.PriceLabel, true
		default:
			toPrice = append(toPrice, pricing.Line{SKU: sku.ID, Qty: int(l.Quantity)})
			priceAt = append(priceAt, i)
		}
		views[i] = v
	}
	if len(toPrice) > 0 {
		res, err := s.Pricing.PriceCart(ctx, t, buyerID, toPrice, s.today())
		if err != nil {
			return nil, Totals{}, fmt.Errorf("price lines for buyer %s: %w", buyerID, err)
		}
		for j, r := range res {
			v := &views[priceAt[j]]
			v.UnitPrice, v.PriceRule, v.Priced = r.UnitPrice, r.RuleLabel, true
		}
	}
	return amounts(views, st)
}

// amounts sets each priced line's amount and adds up the totals, rounded
// as st says.
func amounts(views []LineView, st Settings) ([]LineView, Totals, error) {
	var am []Amounted
	for i := range views {
		v := &views[i]
		if !v.Priced {
			continue
		}
		v.Amount = v.UnitPrice * oroshi.Yen(v.Quantity)
		if v.UnitPrice < 0 || v.UnitPrice > pricing.MaxYen || v.Amount > pricing.MaxYen {
			v.Problems = append(v.Problems, "金額が上限を超えています")
			v.Priced, v.Amount = false, 0
			continue
		}
		am = append(am, Amounted{Rate: v.TaxRate, Amount: v.Amount})
	}
	totals, err := ComputeTotals(am, st.TaxRounding)
	if err != nil {
		return nil, Totals{}, err
	}
	return views, totals, nil
}

// lineSKUs loads the SKUs the lines name that the buyer may order.
func (s *Service) lineSKUs(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, in []LineInput) ([]SKU, error) {
	var ids []oroshi.ID
	var codes []string
	for _, l := range in {
		switch {
		case l.SKUID != 0:
			ids = append(ids, l.SKUID)
		case strings.TrimSpace(l.Code) != "":
			codes = append(codes, strings.TrimSpace(l.Code))
		}
	}
	var out []SKU
	if len(ids) > 0 {
		k, err := s.Store.BuyerSKUs(ctx, t, buyerID, ids)
		if err != nil {
			return nil, fmt.Errorf("skus for buyer %s: %w", buyerID, err)
		}
		out = append(out, k...)
	}
	if len(codes) > 0 {
		k, err := s.Store.BuyerSKUsByCode(ctx, t, buyerID, codes)
		if err != nil {
			return nil, fmt.Errorf("skus by code for buyer %s: %w", buyerID, err)
		}
		out = append(out, k...)
	}
	return out, nil
}

// skuIndex finds a line's SKU by ID, or by 品番 when the line has no ID.
type skuIndex struct {
	byID   map[oroshi.ID]SKU
	byCode map[string]SKU
}

func indexSKUs(skus []SKU) skuIndex {
	x := skuIndex{byID: make(map[oroshi.ID]SKU, len(skus)), byCode: make(map[string]SKU, len(skus))}
	for _, k := range skus {
		x.byID[k.ID], x.byCode[k.Code] = k, k
	}
	return x
}

func (x skuIndex) find(l LineInput) (SKU, bool) {
	if l.SKUID != 0 {
		k, ok := x.byID[l.SKUID]
		return k, ok
	}
	k, ok := x.byCode[strings.TrimSpace(l.Code)]
	return k, ok && k.Code != ""
}

// lineErrors turns the problems of lines into field errors: an unknown SKU
// on "lines[i].sku_id", anything else on "lines[i].quantity".
func lineErrors(views []LineView) error {
	v := &oroshi.ValidationError{}
	for _, l := range views {
		if l.OK() {
			continue
		}
		field := lineField(l.Index, "quantity")
		if !l.Known {
			field = lineField(l.Index, "sku_id")
		}
		v.Add(field, strings.Join(l.Problems, "／"))
	}
	return v.Err()
}
