package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

var _ buyers.PriceGroupStore = (*Store)(nil)

// priceGroupSelect reads groups with the number of buyers in each.
const priceGroupSelect = `SELECT g.tenant_id, g.id, g.code, g.name, g.created_at, g.updated_at,
	(SELECT count(*) FROM buyers b WHERE b.tenant_id = g.tenant_id AND b.price_group_id = g.id)
	FROM price_groups g`

func scanPriceGroup(sc interface{ Scan(...any) error }) (buyers.PriceGroup, error) {
	var g buyers.PriceGroup
	err := sc.Scan(&g.Tenant, &g.ID, &g.Code, &g.Name, &g.CreatedAt, &g.UpdatedAt, &g.Buyers)
	return g, err
}

// PriceGroups lists tenant t's price groups by code, with buyer counts.
func (s *Store) PriceGroups(ctx context.Context, t oroshi.TenantID) ([]buyers.PriceGroup, error) {
	var out []buyers.PriceGroup
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, priceGroupSelect+` WHERE g.tenant_id = ? ORDER BY g.code`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			g, err := scanPriceGroup(rows)
			if err != nil {
				return err
			}
			out = append(out, g)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list price groups: %w", err)
	}
	return out, nil
}

// PriceGroup returns one price group of tenant t.
func (s *Store) PriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.PriceGroup, error) {
	var g buyers.PriceGroup
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		g, err = scanPriceGroup(c.row(ctx, priceGroupSelect+` WHERE g.tenant_id = ? AND g.id = ?`, t, id))
		return err
	})
	if err != nil {
		return buyers.PriceGroup{}, fmt.Errorf("price group %s: %w", id, s.translate(err))
	}
	return g, nil
}

// CreatePriceGroup inserts a price group; a taken code wraps ErrConflict.
func (s *Store) CreatePriceGroup(ctx context.Context, g buyers.PriceGroup, ev audit.Event) (buyers.PriceGroup, error) {
	g.ID, g.Buyers = s.NewID(), 0
	g.CreatedAt, g.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, g.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO price_groups (tenant_id, id, code, name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, g.Tenant, g.ID, g.Code, g.Name, g.CreatedAt, g.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = g.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.PriceGroup{}, fmt.Errorf("create price group %s: %w", g.Code, err)
	}
	return g, nil
}

// UpdatePriceGroup saves a group's code and name; a taken code wraps ErrConflict.
func (s *Store) UpdatePriceGroup(ctx context.Context, g buyers.PriceGroup, ev audit.Event) (buyers.PriceGroup, error) {
	g.UpdatedAt = s.now()
	err := s.write(ctx, g.Tenant, func(c *conn) error {
		err := c.row(ctx, `UPDATE price_groups SET code = ?, name = ?, updated_at = ? WHERE tenant_id = ? AND id = ?
			RETURNING created_at, (SELECT count(*) FROM buyers b WHERE b.tenant_id = ? AND b.price_group_id = ?)`,
			g.Code, g.Name, g.UpdatedAt, g.Tenant, g.ID, g.Tenant, g.ID).Scan(&g.CreatedAt, &g.Buyers)
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.PriceGroup{}, fmt.Errorf("update price group %s: %w", g.ID, err)
	}
	return g, nil
}

// DeletePriceGroup removes a group and, by cascade, its price lists; a group
// still in use is kept (see buyers.PriceGroupStore). The row is deleted
// first so that its lock is held while the uses are counted: a buyer saved
// concurrently with this group either committed before (and is counted) or
// waits and then finds the group gone.
func (s *Store) DeletePriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `DELETE FROM price_groups WHERE tenant_id = ? AND id = ?`, t, id))
		if err != nil {
			return err
		}
		var inUse buyers.PriceGroupInUseError
		err = c.row(ctx, `SELECT (SELECT count(*) FROM buyers WHERE tenant_id = ? AND price_group_id = ?),
			(SELECT count(*) FROM product_visibility WHERE tenant_id = ? AND group_id = ?)`, t, id, t, id).Scan(
			&inUse.Buyers, &inUse.Products)
		if err != nil {
			return err
		}
		if inUse.Buyers > 0 || inUse.Products > 0 {
			return &inUse
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete price group %s: %w", id, s.translate(err))
	}
	return nil
}
