package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// importsTextSet binds a set of codes as one parameter, as pricingIDSet
// does for IDs: the statement's text is the same for 3 codes or 10,000.
// (It belongs in the dialect interface of dialect.go, with pricingIDSet.)
type importsTextSet interface {
	importsInText(col string) string
	importsTextArg(vals []string) any
}

var (
	_ importsTextSet = sqliteDialect{}
	_ importsTextSet = postgresDialect{}
)

func (sqliteDialect) importsInText(col string) string {
	return col + ` IN (SELECT value FROM json_each(?))`
}

// importsTextArg is a JSON array of the codes: SQLite's json_each reads it.
func (sqliteDialect) importsTextArg(vals []string) any {
	if vals == nil {
		vals = []string{}
	}
	b, _ := json.Marshal(vals) // a []string always marshals
	return string(b)
}

func (postgresDialect) importsInText(col string) string { return col + ` = ANY(CAST(? AS TEXT[]))` }

// importsTextArg is a text[] parameter (pgx encodes the slice).
func (postgresDialect) importsTextArg(vals []string) any {
	if vals == nil {
		vals = []string{}
	}
	return vals
}

// importsCodes returns the condition and argument binding codes to col.
func importsCodes(c *conn, col string, codes []string) (string, any) {
	d := c.d.(importsTextSet)
	return d.importsInText(col), d.importsTextArg(codes)
}

// Snapshot reads what an import's file names, outside any write: a dry
// run's view. CommitImport reads the same inside its transaction.
func (s *Store) Snapshot(ctx context.Context, t oroshi.TenantID, k dataio.Keys) (dataio.Snapshot, error) {
	var snap dataio.Snapshot
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		snap, err = s.loadSnapshot(ctx, c, t, k)
		return err
	})
	if err != nil {
		return dataio.Snapshot{}, fmt.Errorf("import snapshot: %w", err)
	}
	return snap, nil
}

// loadSnapshot reads the parts of the snapshot that k's kind uses (see
// dataio.Snapshot), in a number of statements that does not grow with the
// number of rows.
func (s *Store) loadSnapshot(ctx context.Context, c *conn, t oroshi.TenantID, k dataio.Keys) (dataio.Snapshot, error) {
	var snap dataio.Snapshot
	var err error
	if k.Kind == dataio.KindProducts {
		if snap.Categories, err = importsCategories(ctx, c, t); err != nil {
			return snap, err
		}
		snap.Products, err = s.importsProducts(ctx, c, t, k.SKUCodes)
		return snap, err
	}
	if k.Kind == dataio.KindBuyers || k.Kind == dataio.KindPriceItems {
		if snap.Groups, err = importsGroups(ctx, c, t); err != nil {
			return snap, err
		}
	}
	if k.Kind != dataio.KindPriceItems {
		if snap.Buyers, err = importsBuyers(ctx, c, t, k.BuyerCodes); err != nil {
			return snap, err
		}
	}
	if k.Kind == dataio.KindPriceItems || k.Kind == dataio.KindBuyerPrices {
		if snap.SKUs, err = importsSKUs(ctx, c, t, k.SKUCodes); err != nil {
			return snap, err
		}
	}
	switch k.Kind {
	case dataio.KindShipTos:
		snap.ShipTos, err = importsShipTos(ctx, c, t, snap.Buyers)
	case dataio.KindPriceItems:
		if snap.Lists, err = importsLists(ctx, c, t); err == nil {
			snap.Items, err = importsItems(ctx, c, t, snap.SKUs)
		}
	case dataio.KindBuyerPrices:
		snap.BuyerPrices, err = importsBuyerPrices(ctx, c, t, snap.Buyers, snap.SKUs)
	}
	return snap, err
}

func importsGroups(ctx context.Context, c *conn, t oroshi.TenantID) ([]buyers.PriceGroup, error) {
	rows, err := c.query(ctx, `SELECT tenant_id, id, code, name, created_at, updated_at FROM price_groups
		WHERE tenant_id = ? ORDER BY code`, t)
	return collect(rows, err, func(r *sql.Rows) (buyers.PriceGroup, error) {
		var g buyers.PriceGroup
		return g, r.Scan(&g.Tenant, &g.ID, &g.Code, &g.Name, &g.CreatedAt, &g.UpdatedAt)
	})
}

func importsLists(ctx context.Context, c *conn, t oroshi.TenantID) ([]pricing.PriceList, error) {
	rows, err := c.query(ctx, `SELECT `+priceListCols+` FROM price_lists WHERE tenant_id = ? ORDER BY id`, t)
	return collect(rows, err, func(r *sql.Rows) (pricing.PriceList, error) { return scanPriceList(r, t) })
}

func importsBuyers(ctx context.Context, c *conn, t oroshi.TenantID, codes []string) (map[string]buyers.Buyer, error) {
	out := map[string]buyers.Buyer{}
	if len(codes) == 0 {
		return out, nil
	}
	cond, arg := importsCodes(c, "code", codes)
	rows, err := c.query(ctx, `SELECT `+buyerCols+` FROM buyers WHERE tenant_id = ? AND `+cond, t, arg)
	list, err := collect(rows, err, scanBuyerRows)
	for _, b := range list {
		out[b.Code] = b
	}
	return out, err
}

func importsSKUs(ctx context.Context, c *conn, t oroshi.TenantID, codes []string) (map[string]pricing.SKUInfo, error) {
	out := map[string]pricing.SKUInfo{}
	if len(codes) == 0 {
		return out, nil
	}
	cond, arg := importsCodes(c, "k.code", codes)
	rows, err := c.query(ctx, `SELECT `+pricingSKUCols+` FROM skus k
		JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
		WHERE k.tenant_id = ? AND `+cond, t, arg)
	list, err := collect(rows, err, func(r *sql.Rows) (pricing.SKUInfo, error) {
		var k pricing.SKUInfo
		return k, r.Scan(pricingSKUDest(&k)...)
	})
	for _, k := range list {
		out[k.Code] = k
	}
	return out, err
}

func buyerIDs(bs map[string]buyers.Buyer) []oroshi.ID {
	out := make([]oroshi.ID, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}

func skuIDsOf(ks map[string]pricing.SKUInfo) []oroshi.ID {
	out := make([]oroshi.ID, 0, len(ks))
	for _, k := range ks {
		out = append(out, k.ID)
	}
	return out
}

func importsShipTos(ctx context.Context, c *conn, t oroshi.TenantID, bs map[string]buyers.Buyer) (map[oroshi.ID][]buyers.ShipTo, error) {
	out := map[oroshi.ID][]buyers.ShipTo{}
	if len(bs) == 0 {
		return out, nil
	}
	cond, arg := pricingSet(c, "buyer_id", buyerIDs(bs))
	rows, err := c.query(ctx, `SELECT `+shipToCols+` FROM ship_tos WHERE tenant_id = ? AND `+cond+`
		ORDER BY buyer_id, is_default DESC, position, id`, t, arg)
	list, err := collect(rows, err, func(r *sql.Rows) (buyers.ShipTo, error) { return scanShipTo(r) })
	for _, st := range list {
		out[st.BuyerID] = append(out[st.BuyerID], st)
	}
	return out, err
}

func importsItems(ctx context.Context, c *conn, t oroshi.TenantID, ks map[string]pricing.SKUInfo) (map[dataio.ItemKey][]pricing.Break, error) {
	out := map[dataio.ItemKey][]pricing.Break{}
	if len(ks) == 0 {
		return out, nil
	}
	cond, arg := pricingSet(c, "sku_id", skuIDsOf(ks))
	rows, err := c.query(ctx, `SELECT list_id, sku_id, breaks FROM price_list_items WHERE tenant_id = ? AND `+cond, t, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k dataio.ItemKey
		var text string
		if err := rows.Scan(&k.List, &k.SKU, &text); err != nil {
			return nil, err
		}
		if out[k], err = pricingBreaks(text); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

func importsBuyerPrices(ctx context.Context, c *conn, t oroshi.TenantID, bs map[string]buyers.Buyer,
	ks map[string]pricing.SKUInfo) (map[dataio.PairKey][]pricing.BuyerPrice, error) {
	out := map[dataio.PairKey][]pricing.BuyerPrice{}
	if len(bs) == 0 || len(ks) == 0 {
		return out, nil
	}
	byBuyer, buyerArg := pricingSet(c, "buyer_id", buyerIDs(bs))
	bySKU, skuArg := pricingSet(c, "sku_id", skuIDsOf(ks))
	rows, err := c.query(ctx, `SELECT id, buyer_id, sku_id, valid_from, valid_to, breaks FROM buyer_prices
		WHERE tenant_id = ? AND `+byBuyer+` AND `+bySKU+` ORDER BY id`, t, buyerArg, skuArg)
	list, err := collect(rows, err, func(r *sql.Rows) (pricing.BuyerPrice, error) {
		bp := pricing.BuyerPrice{Tenant: t}
		var from, to, breaks string
		if err := r.Scan(&bp.ID, &bp.BuyerID, &bp.SKUID, &from, &to, &breaks); err != nil {
			return bp, err
		}
		var err error
		if bp.Valid, err = pricingPeriod(from, to); err != nil {
			return bp, err
		}
		bp.Breaks, err = pricingBreaks(breaks)
		return bp, err
	})
	for _, bp := range list {
		k := dataio.PairKey{Buyer: bp.BuyerID, SKU: bp.SKUID}
		out[k] = append(out[k], bp)
	}
	return out, err
}
