package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/ops"
)

// Operator announcements are platform rows (tenant 0) naming the tenant
// they are for in target_tenant (0: every tenant); tenants' pages read them
// under the platform scope, filtered on their own tenant.

const announcementCols = `a.id, a.target_tenant, coalesce(t.name, ''), a.audience, a.title, a.body, a.publish_at, a.created_by, a.created_at`

const announcementFrom = ` FROM announcements a LEFT JOIN tenants t ON t.id = a.target_tenant WHERE a.tenant_id = 0`

// CreateAnnouncement publishes a (at a.PublishAt) and records it.
func (s *Store) CreateAnnouncement(ctx context.Context, a ops.Announcement, actor audit.Actor) (ops.Announcement, error) {
	a.ID = s.NewID()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now()
	}
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO announcements (tenant_id, id, target_tenant, audience, title, body, publish_at, created_by, created_at)
			VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Target, a.Audience, a.Title, a.Body, a.PublishAt, a.CreatedBy, a.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		e := actor.Event("運営からのお知らせ（作成）", "announcement", a.ID.String())
		e.Tenant = oroshi.PlatformTenant
		e.Detail = map[string]any{"target": a.Target.String(), "audience": a.Audience, "title": a.Title, "publish_at": a.PublishAt}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return ops.Announcement{}, fmt.Errorf("create announcement: %w", err)
	}
	return a, nil
}

// DeleteAnnouncement removes announcement id and records it; a missing one
// wraps oroshi.ErrNotFound.
func (s *Store) DeleteAnnouncement(ctx context.Context, id oroshi.ID, actor audit.Actor) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var title string
		if err := c.row(ctx, `SELECT title FROM announcements WHERE tenant_id = 0 AND id = ?`, id).Scan(&title); err != nil {
			return s.translate(err)
		}
		if _, err := c.exec(ctx, `DELETE FROM announcements WHERE tenant_id = 0 AND id = ?`, id); err != nil {
			return s.translate(err)
		}
		e := actor.Event("運営からのお知らせ（削除）", "announcement", id.String())
		e.Tenant = oroshi.PlatformTenant
		e.Detail = map[string]any{"title": title}
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return fmt.Errorf("delete announcement %s: %w", id, err)
	}
	return nil
}

// Announcements lists every announcement, the latest publication first.
func (s *Store) Announcements(ctx context.Context, limit int) ([]ops.Announcement, error) {
	return s.announcements(ctx, `SELECT `+announcementCols+announcementFrom+` ORDER BY a.publish_at DESC, a.id DESC LIMIT ?`, limit)
}

// AnnouncementsFor lists what tenant t's audience ("admin" or "shop") sees
// at now: published, for every tenant or for t, for that audience or both.
func (s *Store) AnnouncementsFor(ctx context.Context, t oroshi.TenantID, audience string, now time.Time, limit int) ([]ops.Announcement, error) {
	return s.announcements(ctx, `SELECT `+announcementCols+announcementFrom+`
		AND a.target_tenant IN (0, ?) AND a.audience IN (?, 'both') AND a.publish_at <= ?
		ORDER BY a.publish_at DESC, a.id DESC`+limitSQL(limit), t, audience, now)
}

func (s *Store) announcements(ctx context.Context, q string, args ...any) ([]ops.Announcement, error) {
	var out []ops.Announcement
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		out, err = collect(rows, err, scanAnnouncement)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("announcements: %w", s.translate(err))
	}
	return out, nil
}

func scanAnnouncement(r *sql.Rows) (ops.Announcement, error) {
	var a ops.Announcement
	err := r.Scan(&a.ID, &a.Target, &a.TargetName, &a.Audience, &a.Title, &a.Body, &a.PublishAt, &a.CreatedBy, &a.CreatedAt)
	a.PublishAt, a.CreatedAt = a.PublishAt.UTC(), a.CreatedAt.UTC()
	return a, err
}
