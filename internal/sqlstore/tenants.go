package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

var _ tenancy.Store = (*Store)(nil)

const tenantCols = `id, slug, name, status, require_2fa, public_notices, created_at, updated_at`

// tenantReadCols adds the contract (tenants_contract.go) to what is read.
const tenantReadCols = tenantCols + `, contract_start, contract_end, plan, contract_notes, deleted_at`

// scanTenant reads a tenant with the status in force now (tenancy.Settle).
func (s *Store) scanTenant(sc interface{ Scan(...any) error }) (tenancy.Tenant, error) {
	var t tenancy.Tenant
	var deleted sql.NullTime
	err := sc.Scan(&t.ID, &t.Slug, &t.Name, &t.Status, &t.Require2FA, &t.PublicNotices, &t.CreatedAt, &t.UpdatedAt,
		&t.Contract.Start, &t.Contract.End, &t.Contract.Plan, &t.Contract.Notes, &deleted)
	t.DeletedAt = nullTime(deleted)
	t.Settle(s.now())
	return t, err
}

// CreateTenant inserts a tenant; a taken slug wraps oroshi.ErrConflict.
func (s *Store) CreateTenant(ctx context.Context, t tenancy.Tenant) (tenancy.Tenant, error) {
	t.ID = oroshi.TenantID(s.NewID())
	t.CreatedAt, t.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, t.ID, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO tenants (`+tenantCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.Slug, t.Name, t.Status, t.Require2FA, t.PublicNotices, t.CreatedAt, t.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, audit.Event{Tenant: t.ID, ActorRealm: audit.RealmSystem,
			Action: "契約者（作成）", TargetType: "tenant", TargetID: t.ID.String(),
			Detail: map[string]any{"slug": t.Slug, "name": t.Name}})
	})
	if err != nil {
		return tenancy.Tenant{}, fmt.Errorf("create tenant %s: %w", t.Slug, err)
	}
	return t, nil
}

// Tenant returns one tenant by ID.
func (s *Store) Tenant(ctx context.Context, id oroshi.TenantID) (tenancy.Tenant, error) {
	var t tenancy.Tenant
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		t, err = s.scanTenant(c.row(ctx, `SELECT `+tenantReadCols+` FROM tenants WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return tenancy.Tenant{}, fmt.Errorf("tenant %s: %w", id, s.translate(err))
	}
	return t, nil
}

// TenantBySlug returns one tenant by its URL slug.
func (s *Store) TenantBySlug(ctx context.Context, slug string) (tenancy.Tenant, error) {
	var t tenancy.Tenant
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		t, err = s.scanTenant(c.row(ctx, `SELECT `+tenantReadCols+` FROM tenants WHERE slug = ?`, slug))
		return err
	})
	if err != nil {
		return tenancy.Tenant{}, fmt.Errorf("tenant %q: %w", slug, s.translate(err))
	}
	return t, nil
}

// PageTenant is TenantBySlug for the tenant in a page's URL, which every
// page asks for first thing: the row is kept a moment (tenants_cache.go).
func (s *Store) PageTenant(ctx context.Context, slug string) (tenancy.Tenant, error) {
	t, ok := s.tenants.get(slug)
	if !ok {
		var err error
		if t, err = s.TenantBySlug(ctx, slug); err != nil {
			return tenancy.Tenant{}, err
		}
		s.tenants.put(t)
	}
	t.Settle(s.now())
	return t, nil
}

// Tenants lists all tenants by slug.
func (s *Store) Tenants(ctx context.Context) ([]tenancy.Tenant, error) {
	var out []tenancy.Tenant
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+tenantReadCols+` FROM tenants ORDER BY slug`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := s.scanTenant(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return out, nil
}

// UpdateTenantSettings saves a tenant's security settings and the event.
func (s *Store) UpdateTenantSettings(ctx context.Context, id oroshi.TenantID, st tenancy.Settings, ev audit.Event) error {
	defer s.tenants.forget() // after the commit
	err := s.write(ctx, id, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE tenants SET require_2fa = ?, public_notices = ?, updated_at = ? WHERE id = ?`,
			st.Require2FA, st.PublicNotices, s.now(), id))
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("update tenant %s settings: %w", id, s.translate(err))
	}
	return nil
}
