package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Exports read in pages with keyset order (never OFFSET, whose cost grows
// with the page number) and hand rows over after each page's read ends, so
// a slow download holds no transaction and memory stays at one page.
const exportPage = 500

// eachPage reads pages with page(c, last) — last is the previous page's
// last row, nil for the first — until a short page, and calls fn on every
// row outside the read.
func eachPage[T any](ctx context.Context, s *Store, t oroshi.TenantID, page func(c *conn, last *T) ([]T, error),
	fn func(T) error) error {
	var last *T
	for {
		var rows []T
		err := s.read(ctx, t, func(c *conn) error {
			var err error
			rows, err = page(c, last)
			return err
		})
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < exportPage {
			return nil
		}
		last = &rows[len(rows)-1]
	}
}

// collect scans every row of a query.
func collect[T any](rows *sql.Rows, err error, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func scanBuyerRows(r *sql.Rows) (buyers.Buyer, error) { return scanBuyer(r) }

// EachBuyer calls fn on every buyer of tenant t, by code.
func (s *Store) EachBuyer(ctx context.Context, t oroshi.TenantID, fn func(buyers.Buyer) error) error {
	err := eachPage(ctx, s, t, func(c *conn, last *buyers.Buyer) ([]buyers.Buyer, error) {
		q, args := `SELECT `+buyerCols+` FROM buyers WHERE tenant_id = ?`, []any{t}
		if last != nil {
			q, args = q+` AND code > ?`, append(args, last.Code)
		}
		rows, err := c.query(ctx, q+` ORDER BY code LIMIT ?`, append(args, exportPage)...)
		return collect(rows, err, scanBuyerRows)
	}, fn)
	if err != nil {
		return fmt.Errorf("export buyers: %w", err)
	}
	return nil
}

// shipToPage is the ship-tos of one page of buyers, in buyer code order.
type shipToPage struct {
	code    string // the page's last buyer code
	shipTos []dataio.ShipToRow
}

// EachShipTo calls fn on every ship-to of tenant t, by buyer code, each
// buyer's default first. Buyers are paged by code and their ship-tos read
// with them (a buyer has at most buyers.MaxShipTos).
func (s *Store) EachShipTo(ctx context.Context, t oroshi.TenantID, fn func(dataio.ShipToRow) error) error {
	const buyersPerPage = 100
	after, more := "", true
	for more {
		var page shipToPage
		err := s.read(ctx, t, func(c *conn) error {
			var err error
			page, more, err = s.shipToPage(ctx, c, t, after, buyersPerPage)
			return err
		})
		if err != nil {
			return fmt.Errorf("export ship-tos: %w", err)
		}
		for _, st := range page.shipTos {
			if err := fn(st); err != nil {
				return err
			}
		}
		after = page.code
	}
	return nil
}

func (s *Store) shipToPage(ctx context.Context, c *conn, t oroshi.TenantID, after string, limit int) (shipToPage, bool, error) {
	type ref struct {
		id         oroshi.ID
		code, name string
	}
	rows, err := c.query(ctx, `SELECT id, code, name FROM buyers WHERE tenant_id = ? AND code > ?
		ORDER BY code LIMIT ?`, t, after, limit)
	refs, err := collect(rows, err, func(r *sql.Rows) (ref, error) {
		var b ref
		return b, r.Scan(&b.id, &b.code, &b.name)
	})
	if err != nil || len(refs) == 0 {
		return shipToPage{}, false, err
	}
	ids := make([]oroshi.ID, len(refs))
	for i, b := range refs {
		ids[i] = b.id
	}
	cond, arg := pricingSet(c, "buyer_id", ids)
	rows, err = c.query(ctx, `SELECT `+shipToCols+` FROM ship_tos WHERE tenant_id = ? AND `+cond+`
		ORDER BY buyer_id, is_default DESC, position, id`, t, arg)
	sts, err := collect(rows, err, func(r *sql.Rows) (buyers.ShipTo, error) { return scanShipTo(r) })
	if err != nil {
		return shipToPage{}, false, err
	}
	byBuyer := map[oroshi.ID][]buyers.ShipTo{}
	for _, st := range sts {
		byBuyer[st.BuyerID] = append(byBuyer[st.BuyerID], st)
	}
	page := shipToPage{code: refs[len(refs)-1].code}
	for _, b := range refs {
		for _, st := range byBuyer[b.id] {
			page.shipTos = append(page.shipTos, dataio.ShipToRow{BuyerCode: b.code, BuyerName: b.name, ShipTo: st})
		}
	}
	return page, len(refs) == limit, nil
}

// EachPriceListItem calls fn on every item of tenant t's fixed price
// lists: lists by price group code and name, items of a list by SKU (in
// the order SKUs were made, which the primary key keeps).
func (s *Store) EachPriceListItem(ctx context.Context, t oroshi.TenantID, fn func(dataio.ItemRow) error) error {
	lists, err := s.PriceLists(ctx, t, 0)
	if err != nil {
		return err
	}
	groups, err := s.PriceGroups(ctx, t)
	if err != nil {
		return err
	}
	codes := make(map[oroshi.ID]string, len(groups))
	for _, g := range groups {
		codes[g.ID] = g.Code
	}
	slices.SortFunc(lists, func(a, b pricing.PriceList) int {
		return cmp.Or(cmp.Compare(codes[a.GroupID], codes[b.GroupID]), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	for _, l := range lists {
		if l.Kind != pricing.KindFixed {
			continue
		}
		if err := s.eachItem(ctx, t, codes[l.GroupID], l, fn); err != nil {
			return fmt.Errorf("export price list %s: %w", l.ID, err)
		}
	}
	return nil
}

func (s *Store) eachItem(ctx context.Context, t oroshi.TenantID, group string, l pricing.PriceList,
	fn func(dataio.ItemRow) error) error {
	return eachPage(ctx, s, t, func(c *conn, last *dataio.ItemRow) ([]dataio.ItemRow, error) {
		q, args := `SELECT i.breaks, `+pricingSKUCols+` FROM price_list_items i
			JOIN skus k ON k.tenant_id = i.tenant_id AND k.id = i.sku_id
			JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
			WHERE i.tenant_id = ? AND i.list_id = ?`, []any{t, l.ID}
		if last != nil {
			q, args = q+` AND i.sku_id > ?`, append(args, last.SKU.ID)
		}
		rows, err := c.query(ctx, q+` ORDER BY i.sku_id LIMIT ?`, append(args, exportPage)...)
		return collect(rows, err, func(r *sql.Rows) (dataio.ItemRow, error) {
			it := dataio.ItemRow{GroupCode: group, List: l}
			var text string
			if err := r.Scan(append([]any{&text}, pricingSKUDest(&it.SKU)...)...); err != nil {
				return it, err
			}
			var err error
			it.Breaks, err = pricingBreaks(text)
			return it, err
		})
	}, fn)
}

// EachBuyerPrice calls fn on every buyer price of tenant t, in the order
// they were made (the primary key's; grouping by buyer would need a sort
// of every row for each page).
func (s *Store) EachBuyerPrice(ctx context.Context, t oroshi.TenantID, fn func(pricing.BuyerPriceWithRefs) error) error {
	err := eachPage(ctx, s, t, func(c *conn, last *pricing.BuyerPriceWithRefs) ([]pricing.BuyerPriceWithRefs, error) {
		q, args := buyerPriceSelect+` WHERE bp.tenant_id = ?`, []any{t}
		if last != nil {
			q, args = q+` AND bp.id > ?`, append(args, last.ID)
		}
		rows, err := c.query(ctx, q+` ORDER BY bp.id LIMIT ?`, append(args, exportPage)...)
		return collect(rows, err, func(r *sql.Rows) (pricing.BuyerPriceWithRefs, error) {
			bp, _, err := scanBuyerPrice(r, t)
			return bp, err
		})
	}, fn)
	if err != nil {
		return fmt.Errorf("export buyer prices: %w", err)
	}
	return nil
}
