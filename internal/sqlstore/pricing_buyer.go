package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// buyerPriceSelect reads a buyer price with its buyer and SKU; callers add
// WHERE on bp (buyer_prices), b (buyers) or k (skus).
const buyerPriceSelect = `SELECT bp.id, bp.buyer_id, bp.sku_id, bp.valid_from, bp.valid_to, bp.breaks, bp.updated_at,
	b.code, b.name, ` + pricingSKUCols + `
	FROM buyer_prices bp
	JOIN buyers b ON b.tenant_id = bp.tenant_id AND b.id = bp.buyer_id
	JOIN skus k ON k.tenant_id = bp.tenant_id AND k.id = bp.sku_id
	JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id`

func scanBuyerPrice(sc pricingScanner, t oroshi.TenantID) (pricing.BuyerPriceWithRefs, time.Time, error) {
	r := pricing.BuyerPriceWithRefs{BuyerPrice: pricing.BuyerPrice{Tenant: t}}
	var from, to, breaks string
	var stamp time.Time
	dest := append([]any{&r.ID, &r.BuyerID, &r.SKUID, &from, &to, &breaks, &stamp, &r.Buyer.Code, &r.Buyer.Name},
		pricingSKUDest(&r.SKU)...)
	if err := sc.Scan(dest...); err != nil {
		return pricing.BuyerPriceWithRefs{}, time.Time{}, err
	}
	r.Buyer.ID = r.BuyerID
	var err error
	if r.Valid, err = pricingPeriod(from, to); err != nil {
		return pricing.BuyerPriceWithRefs{}, time.Time{}, err
	}
	if r.Breaks, err = pricingBreaks(breaks); err != nil {
		return pricing.BuyerPriceWithRefs{}, time.Time{}, err
	}
	return r, stamp, nil
}

func (s *Store) buyerPriceRow(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (pricing.BuyerPriceWithRefs, time.Time, error) {
	r, stamp, err := scanBuyerPrice(c.row(ctx, buyerPriceSelect+` WHERE bp.tenant_id = ? AND bp.id = ?`, t, id), t)
	if err != nil {
		return pricing.BuyerPriceWithRefs{}, time.Time{}, fmt.Errorf("buyer price %s: %w", id, s.translate(err))
	}
	return r, stamp, nil
}

// CreateBuyerPrice inserts a buyer price; a buyer or SKU that is not the
// tenant's is a pricing.UnknownRefError naming the field(s).
func (s *Store) CreateBuyerPrice(ctx context.Context, bp pricing.BuyerPrice,
	fn func(pricing.BuyerPriceWithRefs) (audit.Event, error)) (pricing.BuyerPrice, error) {
	bp.ID = s.NewID()
	breaks, err := pricingBreaksText(bp.Breaks)
	if err != nil {
		return pricing.BuyerPrice{}, err
	}
	t, now := bp.Tenant, s.now()
	err = s.write(ctx, t, func(c *conn) error {
		r, err := s.buyerPriceRefs(ctx, c, bp)
		if err != nil {
			return err
		}
		ev, err := fn(r)
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO buyer_prices (tenant_id, id, buyer_id, sku_id, valid_from, valid_to, breaks,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t, bp.ID, bp.BuyerID, bp.SKUID,
			bp.Valid.From.String(), bp.Valid.To.String(), breaks, now, now)
		if err != nil {
			return s.translate(err)
		}
		ev.Tenant, ev.TargetID = t, bp.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return pricing.BuyerPrice{}, fmt.Errorf("create buyer price: %w", err)
	}
	return bp, nil
}

// buyerPriceRefs loads the buyer and SKU a new buyer price names; either
// missing is a pricing.UnknownRefError naming the field(s).
func (s *Store) buyerPriceRefs(ctx context.Context, c *conn, bp pricing.BuyerPrice) (pricing.BuyerPriceWithRefs, error) {
	r := pricing.BuyerPriceWithRefs{BuyerPrice: bp}
	var refs pricingRefs
	var err error
	r.Buyer, err = s.pricingBuyer(ctx, c, bp.Tenant, bp.BuyerID)
	if err := refs.note("buyer_id", err); err != nil {
		return r, err
	}
	r.SKU, err = s.pricingSKU(ctx, c, bp.Tenant, bp.SKUID)
	if err := refs.note("sku_id", err); err != nil {
		return r, err
	}
	return r, refs.err()
}

// UpdateBuyerPrice replaces a buyer price's period and breaks with what fn
// returns (buyer and SKU stay).
func (s *Store) UpdateBuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
	fn func(before pricing.BuyerPriceWithRefs) (pricing.BuyerPrice, *audit.Event, error)) (pricing.BuyerPrice, error) {
	var out pricing.BuyerPrice
	err := s.write(ctx, t, func(c *conn) error {
		before, stamp, err := s.buyerPriceRow(ctx, c, t, id)
		if err != nil {
			return err
		}
		after, ev, err := fn(before)
		if err != nil || ev == nil {
			out = before.BuyerPrice
			return err
		}
		breaks, err := pricingBreaksText(after.Breaks)
		if err != nil {
			return err
		}
		err = mustAffect(c.exec(ctx, `UPDATE buyer_prices SET valid_from = ?, valid_to = ?, breaks = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ? AND updated_at = ?`,
			after.Valid.From.String(), after.Valid.To.String(), breaks, s.now(), t, id, stamp))
		if err != nil {
			return pricingGuard(s.translate(err))
		}
		out = before.BuyerPrice
		out.Valid, out.Breaks = after.Valid, after.Breaks
		ev.Tenant = t
		return s.recordAudit(ctx, c, *ev)
	})
	if err != nil {
		return pricing.BuyerPrice{}, fmt.Errorf("update buyer price %s: %w", id, err)
	}
	return out, nil
}

// DeleteBuyerPrice removes one buyer price.
func (s *Store) DeleteBuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
	fn func(pricing.BuyerPriceWithRefs) (audit.Event, error)) error {
	err := deleteAudited(ctx, s, t, "buyer_prices", id, func(c *conn) (pricing.BuyerPriceWithRefs, error) {
		before, _, err := s.buyerPriceRow(ctx, c, t, id)
		return before, err
	}, fn)
	if err != nil {
		return fmt.Errorf("delete buyer price %s: %w", id, err)
	}
	return nil
}

// BuyerPrice returns one buyer price with its buyer and SKU.
func (s *Store) BuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (pricing.BuyerPriceWithRefs, error) {
	var r pricing.BuyerPriceWithRefs
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		r, _, err = s.buyerPriceRow(ctx, c, t, id)
		return err
	})
	if err != nil {
		return pricing.BuyerPriceWithRefs{}, err
	}
	return r, nil
}

// BuyerPrices returns one page of a buyer's prices by SKU code, then ID.
func (s *Store) BuyerPrices(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, p pricing.Page) ([]pricing.BuyerPriceWithRefs, error) {
	out, err := s.buyerPricePage(ctx, t, "buyers", buyerID, `bp.buyer_id`, `k.code`, p)
	if err != nil {
		return nil, fmt.Errorf("buyer prices of buyer %s: %w", buyerID, err)
	}
	return out, nil
}

// BuyerPricesBySKU returns one page of a SKU's buyer prices by buyer code,
// then ID.
func (s *Store) BuyerPricesBySKU(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, p pricing.Page) ([]pricing.BuyerPriceWithRefs, error) {
	out, err := s.buyerPricePage(ctx, t, "skus", skuID, `bp.sku_id`, `b.code`, p)
	if err != nil {
		return nil, fmt.Errorf("buyer prices of sku %s: %w", skuID, err)
	}
	return out, nil
}

// buyerPricePage lists the buyer prices whose column `by` is id (a row of
// parent, which must exist), ordered by `order`, then ID, after p.After.
// parent, by and order are constants of the callers, never input.
func (s *Store) buyerPricePage(ctx context.Context, t oroshi.TenantID, parent string, id oroshi.ID,
	by, order string, p pricing.Page) ([]pricing.BuyerPriceWithRefs, error) {
	q := buyerPriceSelect + ` WHERE bp.tenant_id = ? AND ` + by + ` = ?`
	args := []any{t, id}
	if len(p.After) == 2 {
		after, err := oroshi.ParseID(p.After[1])
		if err != nil {
			return nil, fmt.Errorf("page cursor: %w", err)
		}
		q += ` AND (` + order + ` > ? OR (` + order + ` = ? AND bp.id > ?))`
		args = append(args, p.After[0], p.After[0], after)
	}
	q, args = q+` ORDER BY `+order+`, bp.id LIMIT ?`, append(args, pricingLimit(p))
	var out []pricing.BuyerPriceWithRefs
	err := s.read(ctx, t, func(c *conn) error {
		if err := pricingMustExist(ctx, c, parent, t, id); err != nil {
			return s.translate(err)
		}
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			r, _, err := scanBuyerPrice(rows, t)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}
