// Package opsaccess rules operators' access to a tenant's data (SLA 7-4):
// an operator sees a tenant's data only through a grant that names a reason
// and lasts at most eight hours. Starting and ending a grant and every page
// viewed under it go into the tenant's operation history, so the tenant's
// admins see who looked at what and why.
package opsaccess

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// MaxDuration is the longest grant.
const MaxDuration = 8 * time.Hour

// Audit actions (the Japanese labels of the operation history).
const (
	ActionStart = "運営者アクセス（開始）"
	ActionView  = "運営者アクセス（閲覧）"
	ActionEnd   = "運営者アクセス（終了）"
)

// ErrNoGrant is returned when an operator has no active grant on a tenant.
var ErrNoGrant = fmt.Errorf("no active operator access grant: %w", oroshi.ErrForbidden)

// Grant is one operator's access to one tenant.
type Grant struct {
	ID           oroshi.ID
	Tenant       oroshi.TenantID
	OperatorID   oroshi.ID
	OperatorName string
	Reason       string
	StartedAt    time.Time
	ExpiresAt    time.Time
	EndedAt      *time.Time
	EndedBy      oroshi.ID
}

// Active says whether g lets its operator in at now.
func (g Grant) Active(now time.Time) bool {
	return g.EndedAt == nil && now.Before(g.ExpiresAt)
}

// Ended is when g was ended early; zero if it was not.
func (g Grant) Ended() time.Time {
	if g.EndedAt == nil {
		return time.Time{}
	}
	return *g.EndedAt
}

// Store keeps grants. CreateGrant and EndGrant record ev in the tenant's
// history in the same transaction.
type Store interface {
	CreateGrant(ctx context.Context, g Grant, ev audit.Event) (Grant, error) // sets ID and ev.TargetID
	Grants(ctx context.Context, t oroshi.TenantID, limit int) ([]Grant, error)
	ActiveGrant(ctx context.Context, t oroshi.TenantID, operator oroshi.ID, now time.Time) (Grant, error)
	EndGrant(ctx context.Context, t oroshi.TenantID, id oroshi.ID, by oroshi.ID, now time.Time, ev audit.Event) error
	RecordAudit(ctx context.Context, e audit.Event) error
}

// Service starts, checks and ends grants.
type Service struct {
	Store Store
	Now   func() time.Time
}

// Request starts a grant for the operator on tenant t.
func (s *Service) Request(ctx context.Context, op audit.Actor, name string, t oroshi.TenantID, reason string, d time.Duration) (Grant, error) {
	reason = strings.TrimSpace(reason)
	var v oroshi.ValidationError
	switch {
	case reason == "":
		v.Add("reason", "理由を入力してください。")
	case utf8.RuneCountInString(reason) > 500:
		v.Add("reason", "理由は500文字以内で入力してください。")
	}
	if d <= 0 || d > MaxDuration {
		v.Add("duration", "期間は8時間以内で選んでください。")
	}
	if err := v.Err(); err != nil {
		return Grant{}, err
	}
	now := s.Now().UTC()
	g := Grant{Tenant: t, OperatorID: op.ID, OperatorName: name, Reason: reason, StartedAt: now, ExpiresAt: now.Add(d)}
	ev := op.Event(ActionStart, "operator_grant", "")
	ev.Tenant, ev.At = t, now
	ev.Detail = map[string]any{"operator": name, "reason": reason, "expires_at": g.ExpiresAt.Format(time.RFC3339)}
	g, err := s.Store.CreateGrant(ctx, g, ev)
	if err != nil {
		return Grant{}, err
	}
	pe := ev // the operators' own history tells the same
	pe.Tenant, pe.TargetID = oroshi.PlatformTenant, g.ID.String()
	pe.Detail = map[string]any{"tenant_id": int64(t), "operator": name, "reason": reason,
		"expires_at": g.ExpiresAt.Format(time.RFC3339)}
	return g, s.Store.RecordAudit(ctx, pe)
}

// Check returns the operator's active grant on t, or ErrNoGrant.
func (s *Service) Check(ctx context.Context, t oroshi.TenantID, operator oroshi.ID) (Grant, error) {
	g, err := s.Store.ActiveGrant(ctx, t, operator, s.Now().UTC())
	if errors.Is(err, oroshi.ErrNotFound) {
		return Grant{}, ErrNoGrant
	}
	return g, err
}

// Viewed records in t's history that the operator opened path under g.
func (s *Service) Viewed(ctx context.Context, op audit.Actor, g Grant, path string) error {
	ev := op.Event(ActionView, "page", path)
	ev.Tenant = g.Tenant
	ev.Detail = map[string]any{"grant_id": g.ID.String(), "path": path}
	return s.Store.RecordAudit(ctx, ev)
}

// End closes the operator's active grant on t early.
func (s *Service) End(ctx context.Context, op audit.Actor, t oroshi.TenantID) error {
	g, err := s.Check(ctx, t, op.ID)
	if err != nil {
		return err
	}
	now := s.Now().UTC()
	ev := op.Event(ActionEnd, "operator_grant", g.ID.String())
	ev.Tenant, ev.At = t, now
	return s.Store.EndGrant(ctx, t, g.ID, op.ID, now, ev)
}

// Grants lists t's grants, newest first.
func (s *Service) Grants(ctx context.Context, t oroshi.TenantID) ([]Grant, error) {
	return s.Store.Grants(ctx, t, 200)
}
