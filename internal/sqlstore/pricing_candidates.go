package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// candidateLoad gathers the rows that may price a set of SKUs for one buyer
// in two queries — the buyer with its group's lists valid on the date, and
// one per pricingMaxIn SKUs for their list prices, buyer prices and list
// items — so the count does not grow with the cart, and each query reads
// only rows that can apply.
type candidateLoad struct {
	t      oroshi.TenantID
	date   pricing.Date // zero: every period
	buyer  pricing.BuyerRef
	lists  []pricing.PriceList
	prices map[oroshi.ID]oroshi.Yen
	bps    map[oroshi.ID][]pricing.BuyerPrice
	items  map[[2]oroshi.ID]*pricing.PriceListItem // by list ID, SKU ID
}

// Candidates loads what can price skuIDs for the buyer on date; see
// pricing.Store.
func (s *Store) Candidates(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, skuIDs []oroshi.ID, date pricing.Date) (
	pricing.BuyerRef, map[oroshi.ID]oroshi.Yen, map[oroshi.ID]pricing.Candidates, error) {
	ids := slices.Clone(skuIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ld := &candidateLoad{t: t, date: date, prices: make(map[oroshi.ID]oroshi.Yen, len(ids)),
		bps: map[oroshi.ID][]pricing.BuyerPrice{}, items: map[[2]oroshi.ID]*pricing.PriceListItem{}}
	err := s.read(ctx, t, func(c *conn) error {
		if err := ld.loadBuyer(ctx, c, buyerID); err != nil {
			return err
		}
		for chunk := range slices.Chunk(ids, pricingMaxIn) {
			if err := ld.loadChunk(ctx, c, chunk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return pricing.BuyerRef{}, nil, nil, fmt.Errorf("price candidates for buyer %s: %w", buyerID, s.translate(err))
	}
	return ld.buyer, ld.prices, ld.assemble(), nil
}

// pricingBuyerLists reads a buyer with its group's lists, one row per list
// (a single row of zeros when there is none), so that a buyer without lists
// still answers and an unknown one does not.
const pricingBuyerLists = `SELECT COALESCE(l.id, 0), COALESCE(l.group_id, 0), COALESCE(l.name, ''),
	COALESCE(l.kind, ''), COALESCE(l.rate_bp, 0), COALESCE(l.rounding, ''), COALESCE(l.priority, 0),
	COALESCE(l.valid_from, ''), COALESCE(l.valid_to, ''), COALESCE(b.price_group_id, 0)
	FROM buyers b LEFT JOIN price_lists l ON l.tenant_id = b.tenant_id AND l.group_id = b.price_group_id`

// loadBuyer reads the buyer's group and the group's lists valid on the date
// (every list for a zero date); an unknown buyer is sql.ErrNoRows.
func (ld *candidateLoad) loadBuyer(ctx context.Context, c *conn, id oroshi.ID) error {
	ld.buyer.ID = id
	period, args := pricingPeriodSQL("l", ld.date)
	rows, err := c.query(ctx, pricingBuyerLists+period+` WHERE b.tenant_id = ? AND b.id = ?`, append(args, ld.t, id)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		l, err := scanPriceList(rows, ld.t, &ld.buyer.GroupID)
		if err != nil {
			return err
		}
		found = true
		if l.ID != 0 {
			ld.lists = append(ld.lists, l)
		}
	}
	if err := rows.Err(); err != nil || found {
		return err
	}
	return sql.ErrNoRows
}

// loadChunk reads, in one statement, the list prices of ids, the buyer's
// prices for them and their items in the fixed lists loadBuyer kept. One
// statement instead of three saves two round trips on PostgreSQL; each
// part is an index lookup per SKU ((tenant_id, id), (tenant_id, buyer_id,
// sku_id), (tenant_id, list_id, sku_id)), so neither a buyer with
// thousands of prices nor a list over the whole catalogue is scanned.
func (ld *candidateLoad) loadChunk(ctx context.Context, c *conn, ids []oroshi.ID) error {
	q, args := ld.chunkSQL(c, ids)
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r candidateRow
		if err := rows.Scan(&r.src, &r.sku, &r.listPrice, &r.id, &r.from, &r.to, &r.breaks); err != nil {
			return err
		}
		if err := ld.add(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// candidateRow is one row of the chunk statement; src says which part of
// the UNION it comes from.
type candidateRow struct {
	src              int
	sku, id          oroshi.ID
	listPrice        oroshi.Yen
	from, to, breaks string
}

// Parts of the chunk statement, as its first column says.
const (
	srcSKU        = 0
	srcBuyerPrice = 1
	srcItem       = 2
)

func (ld *candidateLoad) chunkSQL(c *conn, ids []oroshi.ID) (string, []any) {
	inSKU, set := pricingSet(c, "k.id", ids)
	inBP, _ := pricingSet(c, "bp.sku_id", ids)
	bpPeriod, bpArgs := pricingPeriodSQL("bp", ld.date)
	q := `SELECT 0, k.id, k.list_price, 0, '', '', '' FROM skus k WHERE k.tenant_id = ? AND ` + inSKU + `
		UNION ALL
		SELECT 1, bp.sku_id, 0, bp.id, bp.valid_from, bp.valid_to, bp.breaks FROM buyer_prices bp
		WHERE bp.tenant_id = ? AND bp.buyer_id = ? AND ` + inBP + bpPeriod
	args := append([]any{ld.t, set, ld.t, ld.buyer.ID, set}, bpArgs...)
	if fixed := ld.fixedListIDs(); len(fixed) > 0 {
		inList, lists := pricingSet(c, "i.list_id", fixed)
		inItem, _ := pricingSet(c, "i.sku_id", ids)
		q += ` UNION ALL
		SELECT 2, i.sku_id, 0, i.list_id, '', '', i.breaks FROM price_list_items i
		WHERE i.tenant_id = ? AND ` + inList + ` AND ` + inItem
		args = append(args, ld.t, lists, set)
	}
	return q, args
}

// fixedListIDs are the lists whose items can price a SKU.
func (ld *candidateLoad) fixedListIDs() []oroshi.ID {
	var out []oroshi.ID
	for _, l := range ld.lists {
		if l.Kind == pricing.KindFixed {
			out = append(out, l.ID)
		}
	}
	return out
}

// add files one row of the chunk statement.
func (ld *candidateLoad) add(r candidateRow) error {
	if r.src == srcSKU {
		ld.prices[r.sku] = r.listPrice
		return nil
	}
	breaks, err := pricingBreaks(r.breaks)
	if err != nil {
		return err
	}
	switch r.src {
	case srcItem:
		ld.items[[2]oroshi.ID{r.id, r.sku}] = &pricing.PriceListItem{ListID: r.id, SKUID: r.sku, Breaks: breaks}
	case srcBuyerPrice:
		bp := pricing.BuyerPrice{ID: r.id, Tenant: ld.t, BuyerID: ld.buyer.ID, SKUID: r.sku, Breaks: breaks}
		if bp.Valid, err = pricingPeriod(r.from, r.to); err != nil {
			return err
		}
		ld.bps[r.sku] = append(ld.bps[r.sku], bp)
	}
	return nil
}

// assemble gives each SKU found its buyer prices and every list of the
// group, with the list's item for the SKU where there is one.
func (ld *candidateLoad) assemble() map[oroshi.ID]pricing.Candidates {
	out := make(map[oroshi.ID]pricing.Candidates, len(ld.prices))
	for sku := range ld.prices {
		c := pricing.Candidates{BuyerPrices: ld.bps[sku]}
		if len(ld.lists) > 0 {
			c.GroupLists = make([]pricing.ListWithItem, len(ld.lists))
			for i, l := range ld.lists {
				c.GroupLists[i] = pricing.ListWithItem{List: l, Item: ld.items[[2]oroshi.ID{l.ID, sku}]}
			}
		}
		out[sku] = c
	}
	return out
}
