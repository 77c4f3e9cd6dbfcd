package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

var _ buyers.Store = (*Store)(nil)

// CreateBuyer inserts a buyer company; a taken code wraps ErrConflict.
func (s *Store) CreateBuyer(ctx context.Context, b buyers.Buyer, ev audit.Event) (buyers.Buyer, error) {
	b.ID = s.NewID()
	b.CreatedAt, b.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, b.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO buyers (tenant_id, id, code, name, kana, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, b.Tenant, b.ID, b.Code, b.Name, b.Kana, b.Status, b.CreatedAt, b.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = b.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.Buyer{}, fmt.Errorf("create buyer %s: %w", b.Code, err)
	}
	return b, nil
}

// BuyerByCode finds a buyer company by the seller's code.
func (s *Store) BuyerByCode(ctx context.Context, t oroshi.TenantID, code string) (buyers.Buyer, error) {
	var b buyers.Buyer
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT tenant_id, id, code, name, kana, status, created_at, updated_at
			FROM buyers WHERE tenant_id = ? AND code = ?`, t, code).Scan(
			&b.Tenant, &b.ID, &b.Code, &b.Name, &b.Kana, &b.Status, &b.CreatedAt, &b.UpdatedAt)
	})
	if err != nil {
		return buyers.Buyer{}, fmt.Errorf("buyer %q: %w", code, s.translate(err))
	}
	return b, nil
}
