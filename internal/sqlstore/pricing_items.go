package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// pricingLimit is the LIMIT of one page; the service normalises pages, the
// store still never runs an unbounded or empty one.
func pricingLimit(p pricing.Page) int {
	if p.Limit <= 0 {
		return pricing.DefaultPageSize
	}
	return min(p.Limit, pricing.MaxPageSize)
}

// pricingItemChange reads what a change to one item of a list replaces: the
// list (missing: ErrNotFound), the SKU (missing: UnknownRefError on sku_id)
// and the stored item, if any.
func (s *Store) pricingItemChange(ctx context.Context, c *conn, t oroshi.TenantID, listID, skuID oroshi.ID) (pricing.ItemChange, error) {
	list, _, err := s.priceListRow(ctx, c, t, listID)
	if err != nil {
		return pricing.ItemChange{}, err
	}
	sku, err := s.pricingSKU(ctx, c, t, skuID)
	if errors.Is(err, oroshi.ErrNotFound) {
		return pricing.ItemChange{}, &pricing.UnknownRefError{Fields: []string{"sku_id"}}
	}
	if err != nil {
		return pricing.ItemChange{}, err
	}
	ch := pricing.ItemChange{List: list, SKU: sku}
	var text string
	err = c.row(ctx, `SELECT breaks FROM price_list_items WHERE tenant_id = ? AND list_id = ? AND sku_id = ?`,
		t, listID, skuID).Scan(&text)
	switch err = s.translate(err); {
	case errors.Is(err, oroshi.ErrNotFound):
		return ch, nil
	case err != nil:
		return pricing.ItemChange{}, fmt.Errorf("price list item: %w", err)
	}
	b, err := pricingBreaks(text)
	if err != nil {
		return pricing.ItemChange{}, err
	}
	ch.Before = &pricing.PriceListItem{ListID: listID, SKUID: skuID, Breaks: b}
	return ch, nil
}

// SetPriceListItem adds or replaces one SKU's breaks in a list.
func (s *Store) SetPriceListItem(ctx context.Context, t oroshi.TenantID, it pricing.PriceListItem,
	fn func(pricing.ItemChange) (*audit.Event, error)) error {
	breaks, err := pricingBreaksText(it.Breaks)
	if err != nil {
		return err
	}
	err = s.write(ctx, t, func(c *conn) error {
		ch, err := s.pricingItemChange(ctx, c, t, it.ListID, it.SKUID)
		if err != nil {
			return err
		}
		ev, err := fn(ch)
		if err != nil || ev == nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO price_list_items (tenant_id, list_id, sku_id, breaks) VALUES (?, ?, ?, ?)
			ON CONFLICT (tenant_id, list_id, sku_id) DO UPDATE SET breaks = excluded.breaks`,
			t, it.ListID, it.SKUID, breaks)
		if err != nil {
			return s.translate(err)
		}
		return s.pricingTouchList(ctx, c, t, it.ListID, *ev)
	})
	if err != nil {
		return fmt.Errorf("set price list %s item %s: %w", it.ListID, it.SKUID, err)
	}
	return nil
}

// pricingTouchList marks the list changed (its items are part of it) and
// records the event.
func (s *Store) pricingTouchList(ctx context.Context, c *conn, t oroshi.TenantID, listID oroshi.ID, ev audit.Event) error {
	_, err := c.exec(ctx, `UPDATE price_lists SET updated_at = ? WHERE tenant_id = ? AND id = ?`, s.now(), t, listID)
	if err != nil {
		return s.translate(err)
	}
	ev.Tenant = t
	return s.recordAudit(ctx, c, ev)
}

// DeletePriceListItem removes one SKU's breaks from a list; a missing item
// wraps ErrNotFound.
func (s *Store) DeletePriceListItem(ctx context.Context, t oroshi.TenantID, listID, skuID oroshi.ID,
	fn func(pricing.ItemChange) (audit.Event, error)) error {
	err := s.write(ctx, t, func(c *conn) error {
		ch, err := s.pricingItemChange(ctx, c, t, listID, skuID)
		if err != nil {
			return err
		}
		if ch.Before == nil {
			return oroshi.ErrNotFound
		}
		ev, err := fn(ch)
		if err != nil {
			return err
		}
		err = mustAffect(c.exec(ctx, `DELETE FROM price_list_items WHERE tenant_id = ? AND list_id = ? AND sku_id = ?`,
			t, listID, skuID))
		if err != nil {
			return s.translate(err)
		}
		return s.pricingTouchList(ctx, c, t, listID, ev)
	})
	if err != nil {
		return fmt.Errorf("delete price list %s item %s: %w", listID, skuID, err)
	}
	return nil
}

// PriceListItems returns one page of a list's items by SKU code.
func (s *Store) PriceListItems(ctx context.Context, t oroshi.TenantID, listID oroshi.ID, p pricing.Page) ([]pricing.ItemWithSKU, error) {
	q := `SELECT i.breaks, ` + pricingSKUCols + ` FROM price_list_items i
		JOIN skus k ON k.tenant_id = i.tenant_id AND k.id = i.sku_id
		JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
		WHERE i.tenant_id = ? AND i.list_id = ?`
	args := []any{t, listID}
	if len(p.After) == 1 {
		q, args = q+` AND k.code > ?`, append(args, p.After[0])
	}
	q, args = q+` ORDER BY k.code LIMIT ?`, append(args, pricingLimit(p))
	var out []pricing.ItemWithSKU
	err := s.read(ctx, t, func(c *conn) error {
		if err := pricingMustExist(ctx, c, "price_lists", t, listID); err != nil {
			return s.translate(err)
		}
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			it := pricing.ItemWithSKU{PriceListItem: pricing.PriceListItem{ListID: listID}}
			var text string
			if err := rows.Scan(append([]any{&text}, pricingSKUDest(&it.SKU)...)...); err != nil {
				return err
			}
			it.SKUID = it.SKU.ID
			if it.Breaks, err = pricingBreaks(text); err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("items of price list %s: %w", listID, err)
	}
	return out, nil
}
