package dataio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// itemImport sets the fixed prices of SKUs in price lists. A price list
// has no code, so a row names it by its price group's code and its name
// (an ID would not survive Excel: it shows 18 digits as 2.51E+17). Items
// of a list that the file does not mention are kept.
type itemImport struct {
	rec   recorder
	tb    *table
	items []*itemIn // in the order of their first row
}

type itemIn struct {
	group, list, sku string
	rows             []breakRow
}

func (im *itemImport) parse(f *file, errs *csvio.Errors) Keys {
	k := Keys{Kind: KindPriceItems}
	byKey := map[[3]string]*itemIn{}
	skus := map[string]bool{}
	for _, rec := range f.records {
		f.tick()
		n, tb := len(*errs), im.tb
		group, list := foldCode(tb.cell(rec, "group")), strings.TrimSpace(tb.cell(rec, "list"))
		if group == "" {
			errs.Add(rec.row, tb.name("group"), "価格グループのコードを入力してください")
		}
		if list == "" {
			errs.Add(rec.row, tb.name("list"), "価格表名を入力してください")
		}
		sku := skuCode(tb, rec, errs)
		b, _ := parseBreak(tb, rec, errs)
		if len(*errs) > n {
			continue
		}
		key := [3]string{group, list, sku}
		it := byKey[key]
		if it == nil {
			it = &itemIn{group: group, list: list, sku: sku}
			byKey[key] = it
			im.items = append(im.items, it)
		}
		it.rows = append(it.rows, breakRow{row: rec.row, b: b})
		if !skus[sku] {
			skus[sku] = true
			k.SKUCodes = append(k.SKUCodes, sku)
		}
	}
	return k
}

type listKey struct {
	group oroshi.ID
	name  string
}

func (im *itemImport) plan(snap Snapshot, errs *csvio.Errors) Plan {
	groups := map[string]oroshi.ID{}
	for _, g := range snap.Groups {
		groups[g.Code] = g.ID
	}
	lists := map[listKey][]pricing.PriceList{}
	for _, l := range snap.Lists {
		k := listKey{l.GroupID, l.Name}
		lists[k] = append(lists[k], l)
	}
	var p Plan
	for _, it := range im.items {
		n := len(*errs)
		l := im.list(it, groups, lists, errs)
		sku, ok := snap.SKUs[it.sku]
		if !ok {
			unknownRows(errs, it.rows, im.tb.name("sku"), unknownSKU(it.sku))
		}
		if err := pricing.ValidateBreaks(breaksOf(it.rows)); err != nil {
			addPriceErrors(im.tb, errs, it.rows, err)
		}
		if len(*errs) > n {
			continue
		}
		im.write(l, sku, snap.Items, breaksOf(it.rows), &p)
	}
	return p
}

// list finds the fixed price list a row names.
func (im *itemImport) list(it *itemIn, groups map[string]oroshi.ID, lists map[listKey][]pricing.PriceList,
	errs *csvio.Errors) pricing.PriceList {
	gid, ok := groups[it.group]
	if !ok {
		unknownRows(errs, it.rows, im.tb.name("group"), fmt.Sprintf("価格グループ「%s」が見つかりません", it.group))
		return pricing.PriceList{}
	}
	found := lists[listKey{gid, it.list}]
	col := im.tb.name("list")
	switch {
	case len(found) == 0:
		unknownRows(errs, it.rows, col, fmt.Sprintf("価格グループ「%s」に価格表「%s」はありません", it.group, it.list))
	case len(found) > 1:
		unknownRows(errs, it.rows, col, fmt.Sprintf(
			"価格グループ「%s」に「%s」という名前の価格表が%d件あります。価格表の名前を変えてから取り込んでください",
			it.group, it.list, len(found)))
	case found[0].Kind != pricing.KindFixed:
		unknownRows(errs, it.rows, col, fmt.Sprintf("価格表「%s」は掛け率の価格表のため、商品別の単価は設定できません", it.list))
	default:
		return found[0]
	}
	return pricing.PriceList{}
}

// write adds the item's change, recorded as the pricing service records
// it: 価格表（更新） of the list, naming the SKU.
func (im *itemImport) write(l pricing.PriceList, sku pricing.SKUInfo, stored map[ItemKey][]pricing.Break,
	breaks []pricing.Break, p *Plan) {
	after := sortBreaks(breaks)
	var before []pricing.Break
	old, exists := stored[ItemKey{l.ID, sku.ID}]
	if exists {
		before = sortBreaks(old)
		if slices.Equal(before, after) {
			p.Counts.Unchanged++
			return
		}
		p.Counts.Updated++
	} else {
		p.Counts.Created++
	}
	ev := im.rec.event(pricing.ActionListUpdate, pricing.TargetPriceList, l.ID,
		map[string]any{"sku": sku.Code, "breaks": audit.Change{Before: before, After: after}})
	p.Items = append(p.Items, ItemWrite{ListID: l.ID, SKUID: sku.ID, Breaks: after, Event: ev})
}
