// Package tenancy is about seller tenants: their creation, slugs and status.
package tenancy

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Status of a tenant's contract.
const (
	StatusActive     = "active"
	StatusSuspended  = "suspended"
	StatusTerminated = "terminated"
)

// Tenant is one seller company.
type Tenant struct {
	ID            oroshi.TenantID
	Slug          string
	Name          string
	Status        string
	Require2FA    bool
	PublicNotices bool     // the shop's sign-in page shows the seller's public notices
	Contract      Contract // dates and plan (contract.go)
	DeletedAt     *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Active tells whether the tenant's users may sign in.
func (t Tenant) Active() bool { return t.Status == StatusActive }

// Store is what tenancy needs from the database.
type Store interface {
	CreateTenant(ctx context.Context, t Tenant) (Tenant, error)
	Tenant(ctx context.Context, id oroshi.TenantID) (Tenant, error)
	TenantBySlug(ctx context.Context, slug string) (Tenant, error)
	Tenants(ctx context.Context) ([]Tenant, error)
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$`)

// reserved slugs would collide with top-level routes.
var reserved = map[string]bool{
	"api": true, "ops": true, "static": true, "healthz": true, "readyz": true,
	"metrics": true, "admin": true, "login": true, "logout": true, "assets": true,
	"favicon.ico": true, "robots.txt": true, "lang": true,
}

// ValidateNew checks a tenant about to be created.
func ValidateNew(t Tenant) error {
	v := &oroshi.ValidationError{}
	switch {
	case !slugRE.MatchString(t.Slug):
		v.Add("slug", "スラッグは半角英小文字・数字・ハイフンの3〜40文字で指定してください")
	case reserved[t.Slug]:
		v.Add("slug", "このスラッグは予約されているため使用できません")
	}
	name := strings.TrimSpace(t.Name)
	if name == "" {
		v.Add("name", "会社名を入力してください")
	} else if utf8.RuneCountInString(name) > 100 {
		v.Add("name", "会社名は100文字以内で入力してください")
	}
	return v.Err()
}

// Service holds the rules about tenants.
type Service struct {
	Store Store
}

// Create validates and stores a new active tenant.
func (s *Service) Create(ctx context.Context, slug, name string) (Tenant, error) {
	t := Tenant{Slug: strings.ToLower(strings.TrimSpace(slug)), Name: strings.TrimSpace(name), Status: StatusActive}
	if err := ValidateNew(t); err != nil {
		return Tenant{}, err
	}
	created, err := s.Store.CreateTenant(ctx, t)
	if err != nil {
		return Tenant{}, fmt.Errorf("create tenant %s: %w", t.Slug, err)
	}
	return created, nil
}

// Settings are what a tenant's owner may change about security and the
// sign-in page.
type Settings struct {
	Require2FA    bool
	PublicNotices bool
}

// SettingsStore saves settings with their audit event.
type SettingsStore interface {
	UpdateTenantSettings(ctx context.Context, id oroshi.TenantID, s Settings, ev audit.Event) error
}

// UpdateSettings records who changed what, before and after.
func UpdateSettings(ctx context.Context, st SettingsStore, t Tenant, s Settings, actor audit.Actor) error {
	ev := actor.Event("契約者設定（更新）", "tenant", t.ID.String())
	ev.Tenant = t.ID
	ev.Detail = map[string]any{}
	if s.Require2FA != t.Require2FA {
		ev.Detail["require_2fa"] = map[string]bool{"before": t.Require2FA, "after": s.Require2FA}
	}
	if s.PublicNotices != t.PublicNotices {
		ev.Detail["public_notices"] = map[string]bool{"before": t.PublicNotices, "after": s.PublicNotices}
	}
	if len(ev.Detail) == 0 {
		return nil
	}
	return st.UpdateTenantSettings(ctx, t.ID, s, ev)
}
