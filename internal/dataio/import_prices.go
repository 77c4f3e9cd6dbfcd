package dataio

import (
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// priceImport creates or updates buyer prices (個別単価). A buyer price is
// named by its buyer, its SKU and its period (適用開始日〜適用終了日): a
// stored price of the same three has its breaks replaced, another period
// is a new price beside the stored ones (overlapping periods are allowed,
// as on the screens). Stored prices the file does not mention are kept.
type priceImport struct {
	rec    recorder
	tb     *table
	prices []*priceIn // in the order of their first row
}

type priceIn struct {
	buyer, sku string
	valid      pricing.Period
	rows       []breakRow
}

type priceKey struct {
	buyer, sku string
	valid      pricing.Period
}

func (im *priceImport) parse(f *file, errs *csvio.Errors) Keys {
	k := Keys{Kind: KindBuyerPrices}
	byKey := map[priceKey]*priceIn{}
	seenBuyer, seenSKU := map[string]bool{}, map[string]bool{}
	for _, rec := range f.records {
		f.tick()
		key, b, ok := im.parseRow(rec, errs)
		if !ok {
			continue
		}
		in := byKey[key]
		if in == nil {
			in = &priceIn{buyer: key.buyer, sku: key.sku, valid: key.valid}
			byKey[key] = in
			im.prices = append(im.prices, in)
		}
		in.rows = append(in.rows, breakRow{row: rec.row, b: b})
		if !seenBuyer[key.buyer] {
			seenBuyer[key.buyer] = true
			k.BuyerCodes = append(k.BuyerCodes, key.buyer)
		}
		if !seenSKU[key.sku] {
			seenSKU[key.sku] = true
			k.SKUCodes = append(k.SKUCodes, key.sku)
		}
	}
	return k
}

func (im *priceImport) parseRow(rec record, errs *csvio.Errors) (priceKey, pricing.Break, bool) {
	tb, n := im.tb, len(*errs)
	key := priceKey{buyer: foldCode(tb.cell(rec, "buyer"))}
	if key.buyer == "" {
		errs.Add(rec.row, tb.name("buyer"), "取引先コードを入力してください")
	}
	key.sku = skuCode(tb, rec, errs)
	var ok bool
	if key.valid.From, ok = parseDay(tb.cell(rec, "valid_from")); !ok {
		errs.Add(rec.row, tb.name("valid_from"), "適用開始日は日付（例: 2026-04-01）で入力してください")
	}
	if key.valid.To, ok = parseDay(tb.cell(rec, "valid_to")); !ok {
		errs.Add(rec.row, tb.name("valid_to"), "適用終了日は日付（例: 2026-09-30）で入力してください")
	}
	b, _ := parseBreak(tb, rec, errs)
	return key, b, len(*errs) == n
}

func (im *priceImport) plan(snap Snapshot, errs *csvio.Errors) Plan {
	var p Plan
	for _, in := range im.prices {
		n := len(*errs)
		b, ok := snap.Buyers[in.buyer]
		if !ok {
			unknownRows(errs, in.rows, im.tb.name("buyer"), fmt.Sprintf("取引先コード「%s」が見つかりません", in.buyer))
		}
		sku, ok := snap.SKUs[in.sku]
		if !ok {
			unknownRows(errs, in.rows, im.tb.name("sku"), unknownSKU(in.sku))
		}
		if len(*errs) > n {
			continue
		}
		bp := pricing.BuyerPrice{Tenant: im.rec.tenant, BuyerID: b.ID, SKUID: sku.ID, Valid: in.valid,
			Breaks: breaksOf(in.rows)}
		if err := pricing.ValidateBuyerPrice(bp); err != nil {
			addPriceErrors(im.tb, errs, in.rows, err)
			continue
		}
		bp.Breaks = sortBreaks(bp.Breaks)
		im.write(b, sku, bp, snap.BuyerPrices[PairKey{b.ID, sku.ID}], in, errs, &p)
	}
	return p
}

// write matches bp with the stored prices of its buyer and SKU by period.
func (im *priceImport) write(b buyers.Buyer, sku pricing.SKUInfo, bp pricing.BuyerPrice, stored []pricing.BuyerPrice,
	in *priceIn, errs *csvio.Errors, p *Plan) {
	var same []pricing.BuyerPrice
	for _, s := range stored {
		if s.Valid == bp.Valid {
			same = append(same, s)
		}
	}
	switch {
	case len(same) > 1:
		unknownRows(errs, in.rows, im.tb.name("valid_from"), fmt.Sprintf(
			"取引先「%s」・品番「%s」に同じ適用期間の個別単価が%d件あります。画面で1件にまとめてから取り込んでください",
			b.Code, sku.Code, len(same)))
	case len(same) == 0:
		ev := im.rec.event(pricing.ActionBuyerPriceCreate, pricing.TargetBuyerPrice, 0, priceMap(b.Code, sku.Code, bp))
		p.Prices = append(p.Prices, PriceWrite{Price: bp, Event: ev})
		p.Counts.Created++
	case slices.Equal(sortBreaks(same[0].Breaks), bp.Breaks):
		p.Counts.Unchanged++
	default:
		bp.ID = same[0].ID
		diff := audit.Diff(priceMap(b.Code, sku.Code, same[0]), priceMap(b.Code, sku.Code, bp))
		diff["buyer"], diff["sku"] = b.Code, sku.Code
		ev := im.rec.event(pricing.ActionBuyerPriceUpdate, pricing.TargetBuyerPrice, bp.ID, diff)
		p.Prices = append(p.Prices, PriceWrite{Price: bp, Event: ev})
		p.Counts.Updated++
	}
}
