package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
)

var _ opsaccess.Store = (*Store)(nil)

const grantCols = `tenant_id, id, operator_id, operator_name, reason, started_at, expires_at, ended_at, ended_by`

func scanGrant(sc interface{ Scan(...any) error }) (opsaccess.Grant, error) {
	var g opsaccess.Grant
	var ended sql.NullTime
	err := sc.Scan(&g.Tenant, &g.ID, &g.OperatorID, &g.OperatorName, &g.Reason, &g.StartedAt, &g.ExpiresAt, &ended, &g.EndedBy)
	if ended.Valid {
		t := ended.Time
		g.EndedAt = &t
	}
	return g, err
}

// CreateGrant stores g and records ev in its tenant's history.
func (s *Store) CreateGrant(ctx context.Context, g opsaccess.Grant, ev audit.Event) (opsaccess.Grant, error) {
	g.ID = s.NewID()
	ev.TargetID = g.ID.String()
	err := s.write(ctx, g.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO operator_grants (tenant_id, id, operator_id, operator_name, reason,
			started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			g.Tenant, g.ID, g.OperatorID, g.OperatorName, g.Reason, g.StartedAt, g.ExpiresAt)
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return opsaccess.Grant{}, fmt.Errorf("create operator grant: %w", s.translate(err))
	}
	return g, nil
}

// Grants lists tenant t's grants, newest first.
func (s *Store) Grants(ctx context.Context, t oroshi.TenantID, limit int) ([]opsaccess.Grant, error) {
	var out []opsaccess.Grant
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+grantCols+` FROM operator_grants WHERE tenant_id = ?
			ORDER BY id DESC LIMIT ?`, t, limit)
		out, err = collect(rows, err, func(r *sql.Rows) (opsaccess.Grant, error) { return scanGrant(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("operator grants of %d: %w", t, s.translate(err))
	}
	return out, nil
}

// ActiveGrant is operator's grant on t that has neither ended nor expired.
func (s *Store) ActiveGrant(ctx context.Context, t oroshi.TenantID, operator oroshi.ID, now time.Time) (opsaccess.Grant, error) {
	var g opsaccess.Grant
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		g, err = scanGrant(c.row(ctx, `SELECT `+grantCols+` FROM operator_grants WHERE tenant_id = ?
			AND operator_id = ? AND expires_at > ? AND ended_at IS NULL ORDER BY expires_at DESC LIMIT 1`, t, operator, now))
		return err
	})
	if err != nil {
		return opsaccess.Grant{}, fmt.Errorf("active operator grant on %d: %w", t, s.translate(err))
	}
	return g, nil
}

// EndGrant marks grant id ended and records ev.
func (s *Store) EndGrant(ctx context.Context, t oroshi.TenantID, id, by oroshi.ID, now time.Time, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE operator_grants SET ended_at = ?, ended_by = ?
			WHERE tenant_id = ? AND id = ? AND ended_at IS NULL`, now, by, t, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return oroshi.ErrNotFound
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("end operator grant %s: %w", id, s.translate(err))
	}
	return nil
}
