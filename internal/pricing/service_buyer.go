package pricing

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// buyerPriceSnapshot flattens a buyer price into field → value for the
// audit detail; buyer and SKU appear by code, as people know them.
func buyerPriceSnapshot(r BuyerPriceWithRefs) map[string]any {
	return map[string]any{
		"buyer":      r.Buyer.Code,
		"sku":        r.SKU.Code,
		"valid_from": r.Valid.From.String(),
		"valid_to":   r.Valid.To.String(),
		"breaks":     sortedBreaks(r.Breaks),
	}
}

// CreateBuyerPrice adds a price agreed with one buyer for one SKU (個別単価).
// Overlapping periods are allowed on purpose: a campaign price with a later
// start beats the standing one while it runs (see Resolve).
func (s *Service) CreateBuyerPrice(ctx context.Context, t oroshi.TenantID, bp BuyerPrice, actor audit.Actor) (BuyerPrice, error) {
	bp.Tenant, bp.ID = t, 0
	if err := ValidateBuyerPrice(bp); err != nil {
		return BuyerPrice{}, err
	}
	bp.Breaks = sortedBreaks(bp.Breaks)
	out, err := s.Store.CreateBuyerPrice(ctx, bp, func(r BuyerPriceWithRefs) (audit.Event, error) {
		ev := event(actor, t, ActionBuyerPriceCreate, TargetBuyerPrice, 0)
		ev.Detail = buyerPriceSnapshot(r)
		return ev, nil
	})
	if err != nil {
		return BuyerPrice{}, refError("create buyer price", err)
	}
	return out, nil
}

// UpdateBuyerPrice replaces the period and breaks of buyer price bp.ID.
// Buyer and SKU are fixed at creation (a price for another pair is another
// price): zero keeps them, another value is a field error. Unchanged input
// writes nothing and records nothing.
func (s *Service) UpdateBuyerPrice(ctx context.Context, t oroshi.TenantID, bp BuyerPrice, actor audit.Actor) (BuyerPrice, error) {
	out, err := s.Store.UpdateBuyerPrice(ctx, t, bp.ID, func(before BuyerPriceWithRefs) (BuyerPrice, *audit.Event, error) {
		after, err := mergeBuyerPrice(before.BuyerPrice, bp)
		if err != nil {
			return BuyerPrice{}, nil, err
		}
		next := before
		next.BuyerPrice = after
		diff := audit.Diff(buyerPriceSnapshot(before), buyerPriceSnapshot(next))
		if len(diff) == 0 {
			return before.BuyerPrice, nil, nil
		}
		diff["buyer"], diff["sku"] = before.Buyer.Code, before.SKU.Code // name what changed, even if they did not
		ev := event(actor, t, ActionBuyerPriceUpdate, TargetBuyerPrice, bp.ID)
		ev.Detail = diff
		return after, &ev, nil
	})
	if err != nil {
		return BuyerPrice{}, fmt.Errorf("update buyer price %s: %w", bp.ID, err)
	}
	return out, nil
}

// mergeBuyerPrice applies an edit to the stored row and validates the result.
func mergeBuyerPrice(before, edit BuyerPrice) (BuyerPrice, error) {
	v := &oroshi.ValidationError{}
	if edit.BuyerID != 0 && edit.BuyerID != before.BuyerID {
		v.Add("buyer_id", "取引先は変更できません（削除して登録し直してください）")
	}
	if edit.SKUID != 0 && edit.SKUID != before.SKUID {
		v.Add("sku_id", "商品は変更できません（削除して登録し直してください）")
	}
	if err := v.Err(); err != nil {
		return BuyerPrice{}, err
	}
	after := before
	after.Valid, after.Breaks = edit.Valid, edit.Breaks
	if err := ValidateBuyerPrice(after); err != nil {
		return BuyerPrice{}, err
	}
	after.Breaks = sortedBreaks(after.Breaks)
	return after, nil
}

// DeleteBuyerPrice removes a buyer price; the buyer then pays by the next rule.
func (s *Service) DeleteBuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	err := s.Store.DeleteBuyerPrice(ctx, t, id, func(before BuyerPriceWithRefs) (audit.Event, error) {
		ev := event(actor, t, ActionBuyerPriceDelete, TargetBuyerPrice, id)
		ev.Detail = buyerPriceSnapshot(before)
		return ev, nil
	})
	if err != nil {
		return fmt.Errorf("delete buyer price %s: %w", id, err)
	}
	return nil
}

// BuyerPrice returns one buyer price with its buyer and SKU.
func (s *Service) BuyerPrice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (BuyerPriceWithRefs, error) {
	return s.Store.BuyerPrice(ctx, t, id)
}

// BuyerPrices returns one page of a buyer's prices by SKU code (Page.After
// is KeyByBuyer). An unknown buyer wraps oroshi.ErrNotFound.
func (s *Service) BuyerPrices(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, p Page) ([]BuyerPriceWithRefs, error) {
	p, err := checkPage(p, 2, true)
	if err != nil {
		return nil, err
	}
	return s.Store.BuyerPrices(ctx, t, buyerID, p)
}

// BuyerPricesBySKU returns one page of the buyer prices of a SKU by buyer
// code (Page.After is KeyBySKU). An unknown SKU wraps oroshi.ErrNotFound.
func (s *Service) BuyerPricesBySKU(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, p Page) ([]BuyerPriceWithRefs, error) {
	p, err := checkPage(p, 2, true)
	if err != nil {
		return nil, err
	}
	return s.Store.BuyerPricesBySKU(ctx, t, skuID, p)
}
