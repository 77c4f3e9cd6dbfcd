package pricing

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// tidyList trims the name and clears the rate fields of a fixed list, so a
// form that posts them anyway stores (and audits) nothing meaningless.
func tidyList(l *PriceList) {
	l.Name = strings.TrimSpace(l.Name)
	if l.Kind == KindFixed {
		l.RateBP, l.Rounding = 0, ""
	}
}

// listSnapshot flattens a list into field → value for audit.Diff. IDs are
// strings: JSON numbers above 2^53 lose digits in JavaScript.
func listSnapshot(l PriceList) map[string]any {
	m := map[string]any{
		"group_id":   l.GroupID.String(),
		"name":       l.Name,
		"kind":       string(l.Kind),
		"priority":   l.Priority,
		"valid_from": l.Valid.From.String(),
		"valid_to":   l.Valid.To.String(),
	}
	if l.Kind == KindRate {
		m["rate_bp"], m["rounding"] = l.RateBP, string(l.Rounding)
	}
	return m
}

// sortedBreaks returns breaks ordered by MinQty, the order screens show and
// the order stored, so that equal sets compare equal.
func sortedBreaks(b []Break) []Break {
	out := slices.Clone(b)
	slices.SortFunc(out, func(x, y Break) int { return cmp.Compare(x.MinQty, y.MinQty) })
	return out
}

// CreatePriceList adds a price list to one of the tenant's price groups.
func (s *Service) CreatePriceList(ctx context.Context, t oroshi.TenantID, l PriceList, actor audit.Actor) (PriceList, error) {
	l.Tenant, l.ID = t, 0
	tidyList(&l)
	if err := ValidatePriceList(l); err != nil {
		return PriceList{}, err
	}
	ev := event(actor, t, ActionListCreate, TargetPriceList, 0)
	ev.Detail = listSnapshot(l)
	out, err := s.Store.CreatePriceList(ctx, l, ev)
	if err != nil {
		return PriceList{}, refError("create price list", err)
	}
	return out, nil
}

// UpdatePriceList replaces the header of list l.ID (as a form posts it
// whole). Unchanged input writes nothing and records nothing.
func (s *Service) UpdatePriceList(ctx context.Context, t oroshi.TenantID, l PriceList, actor audit.Actor) (PriceList, error) {
	l.Tenant = t
	tidyList(&l)
	if err := ValidatePriceList(l); err != nil {
		return PriceList{}, err
	}
	out, err := s.Store.UpdatePriceList(ctx, t, l.ID, func(before PriceList) (PriceList, *audit.Event, error) {
		diff := audit.Diff(listSnapshot(before), listSnapshot(l))
		if len(diff) == 0 {
			return before, nil, nil
		}
		ev := event(actor, t, ActionListUpdate, TargetPriceList, l.ID)
		ev.Detail = diff
		return l, &ev, nil
	})
	if err != nil {
		return PriceList{}, refError("update price list "+l.ID.String(), err)
	}
	return out, nil
}

// DeletePriceList removes a list with its items.
func (s *Service) DeletePriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	err := s.Store.DeletePriceList(ctx, t, id, func(before PriceList) (audit.Event, error) {
		ev := event(actor, t, ActionListDelete, TargetPriceList, id)
		ev.Detail = listSnapshot(before)
		return ev, nil
	})
	if err != nil {
		return fmt.Errorf("delete price list %s: %w", id, err)
	}
	return nil
}

// PriceList returns one list of the tenant.
func (s *Service) PriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (PriceList, error) {
	return s.Store.PriceList(ctx, t, id)
}

// PriceLists lists a group's price lists, highest priority first (all the
// tenant's lists for group 0). An unknown group wraps oroshi.ErrNotFound.
func (s *Service) PriceLists(ctx context.Context, t oroshi.TenantID, groupID oroshi.ID) ([]PriceList, error) {
	return s.Store.PriceLists(ctx, t, groupID)
}

// PriceListItems returns one page of a fixed list's items by SKU code
// (Page.After is ItemWithSKU.Key). An unknown list wraps oroshi.ErrNotFound.
func (s *Service) PriceListItems(ctx context.Context, t oroshi.TenantID, listID oroshi.ID, p Page) ([]ItemWithSKU, error) {
	p, err := checkPage(p, 1, false)
	if err != nil {
		return nil, err
	}
	return s.Store.PriceListItems(ctx, t, listID, p)
}

// SetPriceListItem sets the quantity breaks of one SKU in a fixed list,
// adding the item or replacing its breaks. The audit entry is a
// 価格表（更新） of the list naming the SKU code.
func (s *Service) SetPriceListItem(ctx context.Context, t oroshi.TenantID, it PriceListItem, actor audit.Actor) error {
	if err := ValidatePriceListItem(it); err != nil {
		return err
	}
	it.Breaks = sortedBreaks(it.Breaks)
	err := s.Store.SetPriceListItem(ctx, t, it, func(ch ItemChange) (*audit.Event, error) {
		if ch.List.Kind != KindFixed {
			return nil, oroshi.Invalid("breaks", "掛け率の価格表には商品別の単価を設定できません")
		}
		var before []Break
		if ch.Before != nil {
			before = sortedBreaks(ch.Before.Breaks)
			if slices.Equal(before, it.Breaks) {
				return nil, nil
			}
		}
		ev := event(actor, t, ActionListUpdate, TargetPriceList, it.ListID)
		ev.Detail = map[string]any{"sku": ch.SKU.Code, "breaks": audit.Change{Before: before, After: it.Breaks}}
		return &ev, nil
	})
	if err != nil {
		return refError(fmt.Sprintf("set price list %s item %s", it.ListID, it.SKUID), err)
	}
	return nil
}

// RemovePriceListItem removes one SKU's prices from a list; the SKU then
// falls through to the next rule. A missing item wraps oroshi.ErrNotFound.
func (s *Service) RemovePriceListItem(ctx context.Context, t oroshi.TenantID, listID, skuID oroshi.ID, actor audit.Actor) error {
	err := s.Store.DeletePriceListItem(ctx, t, listID, skuID, func(ch ItemChange) (audit.Event, error) {
		ev := event(actor, t, ActionListUpdate, TargetPriceList, listID)
		var before []Break
		if ch.Before != nil {
			before = sortedBreaks(ch.Before.Breaks)
		}
		ev.Detail = map[string]any{"sku": ch.SKU.Code, "breaks": audit.Change{Before: before, After: nil}}
		return ev, nil
	})
	if err != nil {
		return fmt.Errorf("remove price list %s item %s: %w", listID, skuID, err)
	}
	return nil
}
