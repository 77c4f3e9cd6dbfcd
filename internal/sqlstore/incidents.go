package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

var _ incident.Store = (*Store)(nil)

// incidents is a platform table (migration 00020): operators' records,
// changed in the platform scope and recorded in tenant 0's history.

const incidentCols = `id, started_at, ended_at, cause, description, affected, source, check_name, announced, announced_at, created_at, updated_at`

func scanIncident(sc interface{ Scan(...any) error }) (incident.Incident, error) {
	var (
		in              incident.Incident
		ended, annAt    sql.NullTime
		affectedTenants string
	)
	err := sc.Scan(&in.ID, &in.StartedAt, &ended, &in.Cause, &in.Description, &affectedTenants, &in.Source,
		&in.Check, &in.Announced, &annAt, &in.CreatedAt, &in.UpdatedAt)
	if err != nil {
		return incident.Incident{}, err
	}
	if in.AllTenants, in.Tenants, err = incident.ParseTenants(affectedTenants); err != nil {
		return incident.Incident{}, err
	}
	in.StartedAt, in.CreatedAt, in.UpdatedAt = in.StartedAt.UTC(), in.CreatedAt.UTC(), in.UpdatedAt.UTC()
	in.EndedAt, in.AnnouncedAt = utcPtr(ended), utcPtr(annAt)
	return in, nil
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// CreateIncident stores a new incident.
func (s *Store) CreateIncident(ctx context.Context, in incident.Incident, by audit.Actor) (incident.Incident, error) {
	in.ID, in.CreatedAt = s.NewID(), s.now()
	in.UpdatedAt = in.CreatedAt
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO incidents (`+incidentCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.ID, in.StartedAt.UTC(), in.EndedAt, in.Cause, in.Description, incident.FormatTenants(in.AllTenants, in.Tenants),
			in.Source, in.Check, in.Announced, in.AnnouncedAt, in.CreatedAt, in.UpdatedAt)
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, incidentEvent(in, by, "障害（登録）"))
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("create incident: %w", s.translate(err))
	}
	return in, nil
}

// UpdateIncident changes an incident's times, cause, description and
// affected tenants.
func (s *Store) UpdateIncident(ctx context.Context, in incident.Incident, by audit.Actor) (incident.Incident, error) {
	in.UpdatedAt = s.now()
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE incidents SET started_at = ?, ended_at = ?, cause = ?, description = ?, affected = ?,
			updated_at = ? WHERE id = ?`, in.StartedAt.UTC(), in.EndedAt, in.Cause, in.Description,
			incident.FormatTenants(in.AllTenants, in.Tenants), in.UpdatedAt, in.ID)
		if err != nil {
			return err
		}
		if ok, err := affected(res); err != nil || !ok {
			return orNotFound(err)
		}
		return s.recordAudit(ctx, c, incidentEvent(in, by, "障害（更新）"))
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("update incident %s: %w", in.ID, s.translate(err))
	}
	return in, nil
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return oroshi.ErrNotFound
}

func incidentEvent(in incident.Incident, by audit.Actor, action string) audit.Event {
	ended := ""
	if in.EndedAt != nil {
		ended = in.EndedAt.UTC().Format(time.RFC3339)
	}
	return audit.Event{Tenant: oroshi.PlatformTenant, ActorRealm: by.Realm, ActorID: by.ID, ClientAddr: by.ClientAddr,
		Action: action, TargetType: "incident", TargetID: in.ID.String(),
		Detail: map[string]any{"started_at": in.StartedAt.UTC().Format(time.RFC3339), "ended_at": ended,
			"cause": in.Cause, "affected": incident.FormatTenants(in.AllTenants, in.Tenants)}}
}

// Incident returns one incident.
func (s *Store) Incident(ctx context.Context, id oroshi.ID) (incident.Incident, error) {
	var in incident.Incident
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var err error
		in, err = scanIncident(c.row(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return incident.Incident{}, fmt.Errorf("incident %s: %w", id, s.translate(err))
	}
	return in, nil
}

// Incidents lists the newest incidents first.
func (s *Store) Incidents(ctx context.Context, limit int) ([]incident.Incident, error) {
	return s.incidentList(ctx, `SELECT `+incidentCols+` FROM incidents ORDER BY started_at DESC, id DESC LIMIT ?`, limit)
}

// OpenWatchdogIncident returns the open incident opened for check.
func (s *Store) OpenWatchdogIncident(ctx context.Context, check string) (incident.Incident, error) {
	list, err := s.incidentList(ctx, `SELECT `+incidentCols+` FROM incidents
		WHERE source = ? AND check_name = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1`,
		incident.SourceWatchdog, check)
	if err != nil {
		return incident.Incident{}, err
	}
	if len(list) == 0 {
		return incident.Incident{}, fmt.Errorf("open incident of %s: %w", check, oroshi.ErrNotFound)
	}
	return list[0], nil
}

func (s *Store) incidentList(ctx context.Context, q string, args ...any) ([]incident.Incident, error) {
	var out []incident.Incident
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			in, err := scanIncident(rows)
			if err != nil {
				return err
			}
			out = append(out, in)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list incidents: %w", s.translate(err))
	}
	return out, nil
}

// IncidentsPerYear counts incidents by the JST year they started.
func (s *Store) IncidentsPerYear(ctx context.Context) (map[int]int, error) {
	out := map[int]int{}
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT started_at FROM incidents`)
		if err != nil {
			return err
		}
		defer rows.Close()
		jst := time.FixedZone("JST", 9*60*60)
		for rows.Next() {
			var t time.Time
			if err := rows.Scan(&t); err != nil {
				return err
			}
			out[t.In(jst).Year()]++
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("incidents per year: %w", s.translate(err))
	}
	return out, nil
}

// AnnounceIncident tells each affected tenant: an admin notice and a
// queued mail to each active owner and administrator, one transaction per
// tenant (each in its own scope), then marks the incident announced.
func (s *Store) AnnounceIncident(ctx context.Context, id oroshi.ID, a incident.Announcement, by audit.Actor) (int, error) {
	in, err := s.Incident(ctx, id)
	if err != nil {
		return 0, err
	}
	tenants, err := s.affectedTenants(ctx, in)
	if err != nil {
		return 0, err
	}
	for _, t := range tenants {
		if err := s.announceTo(ctx, t, in, a, by); err != nil {
			return 0, err
		}
	}
	err = s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		now := s.now()
		if _, err := c.exec(ctx, `UPDATE incidents SET announced = ?, announced_at = ?, updated_at = ? WHERE id = ?`,
			true, now, now, id); err != nil {
			return err
		}
		ev := incidentEvent(in, by, "障害（通知）")
		ev.Detail["tenants"] = len(tenants)
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return 0, fmt.Errorf("mark incident %s announced: %w", id, s.translate(err))
	}
	return len(tenants), nil
}

// affectedTenants are the listed tenants, or every tenant not deleted.
func (s *Store) affectedTenants(ctx context.Context, in incident.Incident) ([]oroshi.TenantID, error) {
	if !in.AllTenants {
		return in.Tenants, nil
	}
	all, err := s.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	var out []oroshi.TenantID
	for _, t := range all {
		if t.ID != oroshi.PlatformTenant && t.Status != tenancy.StatusDeleted {
			out = append(out, t.ID)
		}
	}
	return out, nil
}

func (s *Store) announceTo(ctx context.Context, t oroshi.TenantID, in incident.Incident, a incident.Announcement, by audit.Actor) error {
	err := s.write(ctx, t, func(c *conn) error {
		now := s.now()
		noticeID := s.NewID()
		if _, err := c.exec(ctx, `INSERT INTO notices (tenant_id, id, audience, title, body, public, published_at, created_at)
			VALUES (?, ?, 'admin', ?, ?, ?, ?, ?)`, t, noticeID, a.Subject, a.Text, false, now, now); err != nil {
			return err
		}
		emails, err := s.adminEmails(ctx, c, t)
		if err != nil {
			return err
		}
		for _, to := range emails {
			if _, err := s.queueMail(ctx, c, notify.Mail{Tenant: t, To: to, Subject: a.Subject, Text: a.Text}); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, audit.Event{Tenant: t, ActorRealm: by.Realm, ActorID: by.ID, ClientAddr: by.ClientAddr,
			Action: "障害のお知らせ", TargetType: "notice", TargetID: noticeID.String(),
			Detail: map[string]any{"incident": in.ID.String(), "mails": len(emails)}})
	})
	if err != nil {
		return fmt.Errorf("announce incident %s to tenant %d: %w", in.ID, t, s.translate(err))
	}
	return nil
}

func (s *Store) adminEmails(ctx context.Context, c *conn, t oroshi.TenantID) ([]string, error) {
	rows, err := c.query(ctx, `SELECT email FROM users WHERE tenant_id = ? AND realm = ? AND role IN (?, ?) AND status = ?
		ORDER BY email`, t, string(identity.RealmAdmin), identity.RoleOwner, identity.RoleAdmin, identity.StatusActive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
