package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Service holds the rules about webhook endpoints and deliveries.
type Service struct {
	Store   Store
	Sealer  Sealer
	Options Options
	// Backoff is the wait after failed attempt n; nil means DefaultBackoff.
	// Tests make it short.
	Backoff func(n int) time.Duration
	Now     func() time.Time // nil: time.Now
	client  *http.Client
}

// NewService returns a service whose deliveries use NewClient(o).
func NewService(store Store, sealer Sealer, o Options) *Service {
	return &Service{Store: store, Sealer: sealer, Options: o, client: NewClient(o)}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Endpoints lists the tenant's endpoints, oldest first.
func (s *Service) Endpoints(ctx context.Context, t oroshi.TenantID) ([]Endpoint, error) {
	return s.Store.WebhookEndpoints(ctx, t)
}

// Endpoint returns one endpoint of tenant t.
func (s *Service) Endpoint(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Endpoint, error) {
	return s.Store.WebhookEndpoint(ctx, t, id)
}

// Create validates and stores a new, active endpoint with a fresh secret,
// which it also returns in plain text.
func (s *Service) Create(ctx context.Context, e Endpoint, actor audit.Actor) (Endpoint, string, error) {
	e = Normalize(e)
	if err := Validate(e, s.Options); err != nil {
		return Endpoint{}, "", err
	}
	secret, sealed, err := s.newSecret()
	if err != nil {
		return Endpoint{}, "", err
	}
	e.Active, e.SealedSecret = true, sealed
	ev := actor.Event(ActionCreate, "webhook_endpoint", "")
	ev.Tenant = e.Tenant
	ev.Detail = fieldMap(e)
	created, err := s.Store.CreateWebhookEndpoint(ctx, e, MaxEndpoints, ev)
	if errors.Is(err, ErrTooManyEndpoints) {
		return Endpoint{}, "", oroshi.Invalid("url", fmt.Sprintf("Webhookは%d件まで登録できます。不要なものを削除してください", MaxEndpoints))
	}
	if err != nil {
		return Endpoint{}, "", fmt.Errorf("create webhook endpoint: %w", err)
	}
	return created, secret, nil
}

// Update saves URL, description, events and active of e. Nothing is
// written when nothing changed; disabling cancels pending deliveries.
func (s *Service) Update(ctx context.Context, e Endpoint, actor audit.Actor) (Endpoint, error) {
	before, err := s.Store.WebhookEndpoint(ctx, e.Tenant, e.ID)
	if err != nil {
		return Endpoint{}, fmt.Errorf("update webhook endpoint %s: %w", e.ID, err)
	}
	e = Normalize(e)
	if err := Validate(e, s.Options); err != nil {
		return Endpoint{}, err
	}
	e.SealedSecret, e.CreatedAt = before.SealedSecret, before.CreatedAt
	diff := audit.Diff(fieldMap(before), fieldMap(e))
	if len(diff) == 0 {
		return before, nil
	}
	ev := actor.Event(ActionUpdate, "webhook_endpoint", e.ID.String())
	ev.Tenant, ev.Detail = e.Tenant, diff
	updated, err := s.Store.UpdateWebhookEndpoint(ctx, e, ev)
	if err != nil {
		return Endpoint{}, fmt.Errorf("update webhook endpoint %s: %w", e.ID, err)
	}
	return updated, nil
}

// SetActive enables or disables an endpoint (an Update of that field).
func (s *Service) SetActive(ctx context.Context, t oroshi.TenantID, id oroshi.ID, active bool, actor audit.Actor) (Endpoint, error) {
	e, err := s.Store.WebhookEndpoint(ctx, t, id)
	if err != nil {
		return Endpoint{}, fmt.Errorf("set webhook endpoint %s active: %w", id, err)
	}
	e.Active = active
	return s.Update(ctx, e, actor)
}

// Delete removes an endpoint and its deliveries (pending ones included:
// their jobs find nothing and end).
func (s *Service) Delete(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	e, err := s.Store.WebhookEndpoint(ctx, t, id)
	if err != nil {
		return fmt.Errorf("delete webhook endpoint %s: %w", id, err)
	}
	ev := actor.Event(ActionDelete, "webhook_endpoint", id.String())
	ev.Tenant, ev.Detail = t, fieldMap(e)
	if err := s.Store.DeleteWebhookEndpoint(ctx, t, id, ev); err != nil {
		return fmt.Errorf("delete webhook endpoint %s: %w", id, err)
	}
	return nil
}

// RotateSecret replaces the signing secret at once and returns the new one.
func (s *Service) RotateSecret(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (string, error) {
	secret, sealed, err := s.newSecret()
	if err != nil {
		return "", err
	}
	ev := actor.Event(ActionRotate, "webhook_endpoint", id.String())
	ev.Tenant = t
	if err := s.Store.SetWebhookSecret(ctx, t, id, sealed, ev); err != nil {
		return "", fmt.Errorf("rotate webhook secret %s: %w", id, err)
	}
	return secret, nil
}

// RevealSecret returns the endpoint's secret in plain text.
func (s *Service) RevealSecret(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (string, error) {
	e, err := s.Store.WebhookEndpoint(ctx, t, id)
	if err != nil {
		return "", fmt.Errorf("reveal webhook secret %s: %w", id, err)
	}
	secret, err := s.Sealer.Open(e.SealedSecret)
	if err != nil {
		return "", fmt.Errorf("reveal webhook secret %s: %w", id, err)
	}
	return secret, nil
}

func (s *Service) newSecret() (plain, sealed string, err error) {
	if plain, err = NewSecret(); err != nil {
		return "", "", err
	}
	if sealed, err = s.Sealer.Seal(plain); err != nil {
		return "", "", fmt.Errorf("seal webhook secret: %w", err)
	}
	return plain, sealed, nil
}

func fieldMap(e Endpoint) map[string]any {
	return map[string]any{"url": e.URL, "description": e.Description,
		"events": strings.Join(e.Events, " "), "active": e.Active}
}
