package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// CreateNotice publishes a notice of tenant n.Tenant.
func (s *Store) CreateNotice(ctx context.Context, n tenancy.Notice) (tenancy.Notice, error) {
	n.ID = s.NewID()
	if n.PublishedAt.IsZero() {
		n.PublishedAt = s.now()
	}
	err := s.write(ctx, n.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO notices (tenant_id, id, audience, title, body, public, published_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.Tenant, n.ID, n.Audience, n.Title, n.Body, n.Public, n.PublishedAt, s.now())
		return s.translate(err)
	})
	if err != nil {
		return tenancy.Notice{}, fmt.Errorf("create notice: %w", err)
	}
	return n, nil
}

// Notices lists published notices for an audience ("shop" or "admin"; "all"
// notices are included in both), newest first.
func (s *Store) Notices(ctx context.Context, t oroshi.TenantID, audience string, publicOnly bool, limit int) ([]tenancy.Notice, error) {
	var out []tenancy.Notice
	q := `SELECT tenant_id, id, audience, title, body, public, published_at FROM notices
		WHERE tenant_id = ? AND audience IN (?, 'all') AND published_at <= ?`
	if publicOnly {
		q += ` AND public = ?`
	}
	q += ` ORDER BY published_at DESC` + limitSQL(limit)
	args := []any{t, audience, s.now()}
	if publicOnly {
		args = append(args, true)
	}
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n tenancy.Notice
			if err := rows.Scan(&n.Tenant, &n.ID, &n.Audience, &n.Title, &n.Body, &n.Public, &n.PublishedAt); err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	return out, nil
}

// TenantCounts counts staff, buyer companies and buyer users of tenant t.
func (s *Store) TenantCounts(ctx context.Context, t oroshi.TenantID) (tenancy.Counts, error) {
	var n tenancy.Counts
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT
			(SELECT count(*) FROM users WHERE tenant_id = ? AND realm = 'admin'),
			(SELECT count(*) FROM buyers WHERE tenant_id = ?),
			(SELECT count(*) FROM users WHERE tenant_id = ? AND realm = 'shop')`, t, t, t).Scan(&n.Staff, &n.Buyers, &n.BuyerUsers)
	})
	if err != nil {
		return tenancy.Counts{}, fmt.Errorf("tenant counts: %w", err)
	}
	return n, nil
}
