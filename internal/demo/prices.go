package demo

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Dates are fixed, never taken from the clock, so that two runs — on any
// two days — seed the same rows and print the same thing. The demo's price
// year is the fiscal year 2026 (April 2026 to March 2027).
var (
	fiscal2026 = pricing.Period{From: pricing.NewDate(2026, 4, 1), To: pricing.NewDate(2027, 3, 31)}
	from2026   = pricing.Period{From: pricing.NewDate(2026, 4, 1)} // a standing agreement
)

// listSpec is a price list of a price group, with the SKUs of a fixed list.
type listSpec struct {
	group string
	list  pricing.PriceList
	items []ref
}

// priceLists: group A pays 75 % of list price (切り捨て) and, on the staples
// of the fiscal-year deal, less again by quantity; group B pays 85 %
// (四捨五入); 一般 pays list prices.
var priceLists = []listSpec{
	{"A", pricing.PriceList{Name: "Aランク 掛け率75%", Kind: pricing.KindRate, RateBP: 7500, Rounding: pricing.RoundFloor}, nil},
	{"A", pricing.PriceList{Name: "2026年度 Aランク特価（数量割引）", Kind: pricing.KindFixed, Valid: fiscal2026, Priority: 10}, []ref{
		{"本醸造こいくちしょうゆ", "1.8L"}, {"合わせみそ", "1kg"}, {"業務用かつおだしパック 500g", ""},
		{"顆粒かつおだし", "1kg"}, {"白だし 1.8L", ""}, {"めんつゆ 3倍濃縮 1.8L", ""},
		{"キャノーラ油", "16.5kg"}, {"穀物酢 1.8L", ""}, {"中濃ソース 1.8L", ""}, {"マヨネーズ", "1kg"},
		{"上白糖", "1kg"}, {"干しうどん 1kg", ""}, {"国産 業務用ブレンド米", "10kg"}, {"若鶏から揚げ 1kg", ""},
		{"紙おしぼり 平型 1000枚", ""}, {"割りばし 竹 天削 21cm 100膳", ""},
	}},
	{"B", pricing.PriceList{Name: "Bランク 掛け率85%", Kind: pricing.KindRate, RateBP: 8500, Rounding: pricing.RoundHalfUp}, nil},
}

// dealBreaks are the quantity breaks of the fiscal-year deal, in percent
// of the list price: below the group's 75 % from the first unit.
var dealBreaks = []struct{ minQty, percent int }{{1, 72}, {10, 70}, {50, 67}}

// discounted is percent of a list price, rounded down to ten yen from
// 1,000 yen up, as a price sheet shows it.
func discounted(list oroshi.Yen, percent int) oroshi.Yen {
	p := list * oroshi.Yen(percent) / 100
	if list >= 1000 {
		p -= p % 10
	}
	return p
}

// buyerPrice is a price agreed with one buyer (個別単価), in yen.
type buyerPrice struct {
	buyer  string
	sku    ref
	breaks []pricing.Break
}

// buyerPrices are the seafood izakaya's negotiated prices: below its
// group's 85 %, some cheaper by quantity.
var buyerPrices = []buyerPrice{
	{"B002", ref{"本まぐろ 赤身 ブロック", ""}, []pricing.Break{{MinQty: 1, Price: 4800}, {MinQty: 5, Price: 4600}}},
	{"B002", ref{"特選 本まぐろ 中トロ ブロック", ""}, []pricing.Break{{MinQty: 1, Price: 8200}}},
	{"B002", ref{"ボイルだこ 足", ""}, []pricing.Break{{MinQty: 1, Price: 2450}}},
	{"B002", ref{"ほたて貝柱（刺身用）1kg", ""}, []pricing.Break{{MinQty: 1, Price: 5500}, {MinQty: 10, Price: 5300}}},
	{"B002", ref{"いくら しょうゆ漬け 500g", ""}, []pricing.Break{{MinQty: 1, Price: 4100}}},
	{"B002", ref{"ねぎとろ 500g", ""}, []pricing.Break{{MinQty: 1, Price: 1200}, {MinQty: 10, Price: 1150}}},
	{"B002", ref{"再仕込みしょうゆ 1L", ""}, []pricing.Break{{MinQty: 1, Price: 720}, {MinQty: 12, Price: 690}}},
	{"B002", ref{"焼きのり 全形 100枚", "上"}, []pricing.Break{{MinQty: 1, Price: 2700}}},
	{"B002", ref{"粉末緑茶 500g", ""}, []pricing.Break{{MinQty: 1, Price: 2450}}},
	{"B002", ref{"紙おしぼり 平型 1000枚", ""}, []pricing.Break{{MinQty: 1, Price: 2600}, {MinQty: 5, Price: 2500}}},
}

// lookupFunc finds the SKU a table names.
type lookupFunc func(ref) (catalog.SKU, error)

// seedPrices makes the price lists, their items and the buyer prices that
// are missing. Lists are found by name within their group, items and buyer
// prices by SKU: one a seller has edited since is kept as it is.
func (s *Seeder) seedPrices(ctx context.Context, t oroshi.TenantID, refs ids, lookup lookupFunc) error {
	for _, spec := range priceLists {
		l, err := s.priceList(ctx, t, refs.groups[spec.group], spec.list)
		if err != nil {
			return err
		}
		if err := s.listItems(ctx, t, l, spec.items, lookup); err != nil {
			return err
		}
	}
	return s.buyerPrices(ctx, t, refs.buyers, lookup)
}

func (s *Seeder) priceList(ctx context.Context, t oroshi.TenantID, group oroshi.ID, l pricing.PriceList) (pricing.PriceList, error) {
	have, err := s.Pricing.PriceLists(ctx, t, group)
	if err != nil {
		return pricing.PriceList{}, fmt.Errorf("demo price lists: %w", err)
	}
	for _, h := range have {
		if h.Name == l.Name {
			return h, nil
		}
	}
	l.GroupID = group
	created, err := s.Pricing.CreatePriceList(ctx, t, l, system)
	if err != nil {
		return pricing.PriceList{}, fmt.Errorf("demo price list %s: %w", l.Name, err)
	}
	return created, nil
}

func (s *Seeder) listItems(ctx context.Context, t oroshi.TenantID, l pricing.PriceList, items []ref, lookup lookupFunc) error {
	if len(items) == 0 {
		return nil
	}
	have, err := s.Pricing.PriceListItems(ctx, t, l.ID, pricing.Page{Limit: pricing.MaxPageSize})
	if err != nil {
		return fmt.Errorf("demo items of %s: %w", l.Name, err)
	}
	priced := map[oroshi.ID]bool{}
	for _, h := range have {
		priced[h.SKUID] = true
	}
	for _, r := range items {
		k, err := lookup(r)
		if err != nil {
			return err
		}
		if priced[k.ID] {
			continue
		}
		it := pricing.PriceListItem{ListID: l.ID, SKUID: k.ID}
		for _, b := range dealBreaks {
			it.Breaks = append(it.Breaks, pricing.Break{MinQty: b.minQty, Price: discounted(k.ListPrice, b.percent)})
		}
		if err := s.Pricing.SetPriceListItem(ctx, t, it, system); err != nil {
			return fmt.Errorf("demo item %s of %s: %w", k.Code, l.Name, err)
		}
	}
	return nil
}

func (s *Seeder) buyerPrices(ctx context.Context, t oroshi.TenantID, buyerIDs map[string]oroshi.ID, lookup lookupFunc) error {
	priced := map[oroshi.ID]map[oroshi.ID]bool{} // buyer → SKUs with a price
	for _, bp := range buyerPrices {
		buyer := buyerIDs[bp.buyer]
		if priced[buyer] == nil {
			have, err := s.Pricing.BuyerPrices(ctx, t, buyer, pricing.Page{Limit: pricing.MaxPageSize})
			if err != nil {
				return fmt.Errorf("demo buyer prices of %s: %w", bp.buyer, err)
			}
			priced[buyer] = map[oroshi.ID]bool{}
			for _, h := range have {
				priced[buyer][h.SKUID] = true
			}
		}
		k, err := lookup(bp.sku)
		if err != nil {
			return err
		}
		if priced[buyer][k.ID] {
			continue
		}
		_, err = s.Pricing.CreateBuyerPrice(ctx, t, pricing.BuyerPrice{BuyerID: buyer, SKUID: k.ID, Valid: from2026, Breaks: bp.breaks}, system)
		if err != nil {
			return fmt.Errorf("demo buyer price %s %s: %w", bp.buyer, k.Code, err)
		}
	}
	return nil
}
