package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// CreatePriceList inserts a list; a group that is not the tenant's is a
// pricing.UnknownRefError on group_id.
func (s *Store) CreatePriceList(ctx context.Context, l pricing.PriceList, ev audit.Event) (pricing.PriceList, error) {
	l.ID = s.NewID()
	now := s.now()
	err := s.write(ctx, l.Tenant, func(c *conn) error {
		if err := s.pricingGroupRef(ctx, c, l.Tenant, l.GroupID); err != nil {
			return err
		}
		_, err := c.exec(ctx, `INSERT INTO price_lists (tenant_id, `+priceListCols+`, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.Tenant, l.ID, l.GroupID, l.Name, l.Kind, l.RateBP,
			l.Rounding, l.Priority, l.Valid.From.String(), l.Valid.To.String(), now, now)
		if err != nil {
			return s.translate(err)
		}
		ev.Tenant, ev.TargetID = l.Tenant, l.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return pricing.PriceList{}, fmt.Errorf("create price list %q: %w", l.Name, err)
	}
	return l, nil
}

func (s *Store) pricingGroupRef(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	ok, err := pricingExists(ctx, c, "price_groups", t, id)
	if err != nil {
		return fmt.Errorf("price group %s: %w", id, s.translate(err))
	}
	if !ok {
		return &pricing.UnknownRefError{Fields: []string{"group_id"}}
	}
	return nil
}

// priceListRow reads one list and its updated_at inside a unit of work.
func (s *Store) priceListRow(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (pricing.PriceList, time.Time, error) {
	var stamp time.Time
	l, err := scanPriceList(c.row(ctx, `SELECT `+priceListCols+`, updated_at FROM price_lists
		WHERE tenant_id = ? AND id = ?`, t, id), t, &stamp)
	if err != nil {
		return pricing.PriceList{}, time.Time{}, fmt.Errorf("price list %s: %w", id, s.translate(err))
	}
	return l, stamp, nil
}

// UpdatePriceList replaces a list's header with what fn returns.
func (s *Store) UpdatePriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
	fn func(before pricing.PriceList) (pricing.PriceList, *audit.Event, error)) (pricing.PriceList, error) {
	var out pricing.PriceList
	err := s.write(ctx, t, func(c *conn) error {
		before, stamp, err := s.priceListRow(ctx, c, t, id)
		if err != nil {
			return err
		}
		after, ev, err := fn(before)
		if err != nil || ev == nil {
			out = before
			return err
		}
		after.ID, after.Tenant = id, t
		if after.GroupID != before.GroupID {
			if err := s.pricingGroupRef(ctx, c, t, after.GroupID); err != nil {
				return err
			}
		}
		err = mustAffect(c.exec(ctx, `UPDATE price_lists SET group_id = ?, name = ?, kind = ?, rate_bp = ?,
			rounding = ?, priority = ?, valid_from = ?, valid_to = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ? AND updated_at = ?`, after.GroupID, after.Name, after.Kind, after.RateBP,
			after.Rounding, after.Priority, after.Valid.From.String(), after.Valid.To.String(), s.now(), t, id, stamp))
		if err != nil {
			return pricingGuard(s.translate(err))
		}
		out = after
		ev.Tenant = t
		return s.recordAudit(ctx, c, *ev)
	})
	if err != nil {
		return pricing.PriceList{}, fmt.Errorf("update price list %s: %w", id, err)
	}
	return out, nil
}

// DeletePriceList removes a list; its items go with it (ON DELETE CASCADE).
func (s *Store) DeletePriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID,
	fn func(pricing.PriceList) (audit.Event, error)) error {
	err := deleteAudited(ctx, s, t, "price_lists", id, func(c *conn) (pricing.PriceList, error) {
		before, _, err := s.priceListRow(ctx, c, t, id)
		return before, err
	}, fn)
	if err != nil {
		return fmt.Errorf("delete price list %s: %w", id, err)
	}
	return nil
}

// PriceList returns one list of tenant t.
func (s *Store) PriceList(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (pricing.PriceList, error) {
	var l pricing.PriceList
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		l, _, err = s.priceListRow(ctx, c, t, id)
		return err
	})
	if err != nil {
		return pricing.PriceList{}, err
	}
	return l, nil
}

// PriceLists lists a group's lists (every list of t for group 0), by
// group, then as Resolve ranks them: priority, latest start, ID.
func (s *Store) PriceLists(ctx context.Context, t oroshi.TenantID, groupID oroshi.ID) ([]pricing.PriceList, error) {
	q, args := `SELECT `+priceListCols+` FROM price_lists WHERE tenant_id = ?`, []any{t}
	if groupID != 0 {
		q, args = q+` AND group_id = ?`, append(args, groupID)
	}
	q += ` ORDER BY group_id, priority DESC, valid_from DESC, id`
	var out []pricing.PriceList
	err := s.read(ctx, t, func(c *conn) error {
		if groupID != 0 {
			if err := pricingMustExist(ctx, c, "price_groups", t, groupID); err != nil {
				return s.translate(err)
			}
		}
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanPriceList(rows, t)
			if err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("price lists of group %s: %w", groupID, err)
	}
	return out, nil
}
