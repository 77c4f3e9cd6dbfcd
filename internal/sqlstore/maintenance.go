package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/ops"
)

var _ ops.Store = (*Store)(nil)

// Maintenance windows, the switch and announcements are the operators' own
// data (tenant 0). Telling the tenants reads each active tenant's admins
// under that tenant's scope, inside the one transaction that records the
// window, so the window, its history entry and every mail commit together.

const windowCols = `id, kind, starts_at, ends_at, message, stop, created_by, created_at, canceled_at`

func scanWindow(sc interface{ Scan(...any) error }) (ops.Window, error) {
	var (
		w        ops.Window
		canceled sql.NullTime
	)
	if err := sc.Scan(&w.ID, &w.Kind, &w.Start, &w.End, &w.Message, &w.Stop, &w.CreatedBy, &w.CreatedAt, &canceled); err != nil {
		return ops.Window{}, err
	}
	w.Start, w.End, w.CreatedAt = w.Start.UTC(), w.End.UTC(), w.CreatedAt.UTC()
	if canceled.Valid {
		t := canceled.Time.UTC()
		w.CanceledAt = &t
	}
	return w, nil
}

// ScheduleWindow records w and queues letter's mail to every admin and
// owner of every active tenant; it returns the window and the mail count.
func (s *Store) ScheduleWindow(ctx context.Context, w ops.Window, letter func(ops.Recipient) notify.Mail, actor audit.Actor) (ops.Window, int, error) {
	w.ID = s.NewID()
	if w.CreatedAt.IsZero() {
		w.CreatedAt = s.now()
	}
	var n int
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO maintenance_windows (tenant_id, `+windowCols+`) VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
			w.ID, w.Kind, w.Start, w.End, w.Message, w.Stop, w.CreatedBy, w.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		if n, err = s.tellTenants(ctx, c, func(r ops.Recipient) notify.Mail { return letter(r) }); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE maintenance_windows SET mails = ? WHERE tenant_id = 0 AND id = ?`, n, w.ID); err != nil {
			return s.translate(err)
		}
		e := actor.Event(w.KindLabel()+"（予定登録）", "maintenance", w.ID.String())
		e.Tenant = oroshi.PlatformTenant
		e.Detail = map[string]any{"kind": w.Kind, "start": w.Start, "end": w.End, "stop": w.Stop, "message": w.Message, "mails": n}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return ops.Window{}, 0, fmt.Errorf("schedule maintenance: %w", err)
	}
	return w, n, nil
}

// CancelWindow calls window id off and tells the tenants; one already over
// or canceled wraps oroshi.ErrConflict.
func (s *Store) CancelWindow(ctx context.Context, id oroshi.ID, letter func(ops.Window, ops.Recipient) notify.Mail, actor audit.Actor) (ops.Window, error) {
	var w ops.Window
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		w, err = scanWindow(c.row(ctx, `SELECT `+windowCols+` FROM maintenance_windows WHERE tenant_id = 0 AND id = ?`, id))
		if err != nil {
			return s.translate(err)
		}
		now := s.now()
		if w.Canceled() || !now.Before(w.End) {
			return fmt.Errorf("already over or canceled: %w", oroshi.ErrConflict)
		}
		if _, err := c.exec(ctx, `UPDATE maintenance_windows SET canceled_at = ? WHERE tenant_id = 0 AND id = ?`, now, id); err != nil {
			return s.translate(err)
		}
		w.CanceledAt = &now
		n, err := s.tellTenants(ctx, c, func(r ops.Recipient) notify.Mail { return letter(w, r) })
		if err != nil {
			return err
		}
		e := actor.Event(w.KindLabel()+"（中止）", "maintenance", w.ID.String())
		e.Tenant = oroshi.PlatformTenant
		e.Detail = map[string]any{"start": w.Start, "end": w.End, "mails": n}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return ops.Window{}, fmt.Errorf("cancel maintenance %s: %w", id, err)
	}
	return w, nil
}

// tellTenants queues one mail per active admin and owner of every active
// tenant, reading each tenant's users under its own scope, and returns to
// the platform scope before it returns.
func (s *Store) tellTenants(ctx context.Context, c *conn, mail func(ops.Recipient) notify.Mail) (int, error) {
	tenants, err := activeTenants(ctx, c)
	if err != nil {
		return 0, err
	}
	var all []ops.Recipient
	for _, t := range tenants {
		if err := s.rescope(ctx, c, t.Tenant); err != nil {
			return 0, err
		}
		rs, err := tenantAdmins(ctx, c, t)
		if err != nil {
			return 0, err
		}
		all = append(all, rs...)
	}
	if err := s.rescope(ctx, c, oroshi.PlatformTenant); err != nil {
		return 0, err
	}
	for _, r := range all {
		if _, err := s.queueMail(ctx, c, mail(r)); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}

// rescope moves c's transaction to tenant t's row-level-security scope.
func (s *Store) rescope(ctx context.Context, c *conn, t oroshi.TenantID) error {
	if q := s.d.scopeSQL(); q != "" {
		if _, err := c.tx.ExecContext(ctx, q, t.String()); err != nil {
			return fmt.Errorf("set tenant scope %s: %w", t, err)
		}
	}
	return nil
}

func activeTenants(ctx context.Context, c *conn) ([]ops.Recipient, error) {
	rows, err := c.query(ctx, `SELECT id, name FROM tenants WHERE status = 'active' ORDER BY id`)
	return collect(rows, err, func(r *sql.Rows) (ops.Recipient, error) {
		var x ops.Recipient
		return x, r.Scan(&x.Tenant, &x.TenantName)
	})
}

func tenantAdmins(ctx context.Context, c *conn, t ops.Recipient) ([]ops.Recipient, error) {
	rows, err := c.query(ctx, `SELECT name, email FROM users WHERE tenant_id = ? AND realm = 'admin'
		AND role IN ('owner', 'admin') AND status = 'active' ORDER BY id`, t.Tenant)
	return collect(rows, err, func(r *sql.Rows) (ops.Recipient, error) {
		x := t
		return x, r.Scan(&x.Name, &x.Email)
	})
}

// Windows lists maintenance windows and notices, the latest start first.
func (s *Store) Windows(ctx context.Context, limit int) ([]ops.Window, error) {
	return s.windows(ctx, `SELECT `+windowCols+` FROM maintenance_windows WHERE tenant_id = 0 ORDER BY starts_at DESC, id DESC LIMIT ?`, limit)
}

// CurrentWindows lists the windows not canceled and not over at now.
func (s *Store) CurrentWindows(ctx context.Context, now time.Time) ([]ops.Window, error) {
	return s.windows(ctx, `SELECT `+windowCols+` FROM maintenance_windows WHERE tenant_id = 0
		AND canceled_at IS NULL AND ends_at > ? ORDER BY starts_at, id LIMIT 20`, now)
}

func (s *Store) windows(ctx context.Context, q string, args ...any) ([]ops.Window, error) {
	var out []ops.Window
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		out, err = collect(rows, err, func(r *sql.Rows) (ops.Window, error) { return scanWindow(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("maintenance windows: %w", s.translate(err))
	}
	return out, nil
}
