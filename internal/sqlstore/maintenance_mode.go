package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/ops"
)

// MaintenanceMode reads the switch; never set means off.
func (s *Store) MaintenanceMode(ctx context.Context) (ops.Mode, error) {
	var (
		m              ops.Mode
		until, updated sql.NullTime
	)
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		return c.row(ctx, `SELECT on_now, message, until_at, updated_by, updated_at FROM maintenance_mode WHERE tenant_id = 0`).
			Scan(&m.On, &m.Message, &until, &m.UpdatedBy, &updated)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return ops.Mode{}, nil
	}
	if err != nil {
		return ops.Mode{}, fmt.Errorf("maintenance mode: %w", s.translate(err))
	}
	if until.Valid {
		t := until.Time.UTC()
		m.Until = &t
	}
	m.UpdatedAt = updated.Time.UTC()
	return m, nil
}

// SetMaintenanceMode turns the switch on or off and records who did.
func (s *Store) SetMaintenanceMode(ctx context.Context, m ops.Mode, actor audit.Actor) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO maintenance_mode (tenant_id, on_now, message, until_at, updated_by, updated_at)
			VALUES (0, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id) DO UPDATE SET on_now = excluded.on_now, message = excluded.message,
			until_at = excluded.until_at, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			m.On, m.Message, m.Until, m.UpdatedBy, m.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		action := "メンテナンスモード（解除）"
		if m.On {
			action = "メンテナンスモード（開始）"
		}
		e := actor.Event(action, "maintenance_mode", "0")
		e.Tenant = oroshi.PlatformTenant
		e.Detail = map[string]any{"on": m.On, "message": m.Message, "until": m.Until}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return fmt.Errorf("set maintenance mode: %w", err)
	}
	return nil
}
