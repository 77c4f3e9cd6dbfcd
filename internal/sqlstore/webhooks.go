package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

var _ webhooks.Store = (*Store)(nil)

// Webhook endpoints. Events are stored space-separated, as API key scopes
// are: event type names never hold spaces.

const webhookEndpointCols = `tenant_id, id, url, description, events, active, secret, created_at, updated_at`

func scanWebhookEndpoint(sc interface{ Scan(...any) error }) (webhooks.Endpoint, error) {
	var (
		e      webhooks.Endpoint
		events string
	)
	err := sc.Scan(&e.Tenant, &e.ID, &e.URL, &e.Description, &events, &e.Active, &e.SealedSecret,
		&e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return webhooks.Endpoint{}, err
	}
	e.Events = strings.Fields(events)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

// WebhookEndpoints lists tenant t's endpoints, oldest first.
func (s *Store) WebhookEndpoints(ctx context.Context, t oroshi.TenantID) ([]webhooks.Endpoint, error) {
	var out []webhooks.Endpoint
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		out, err = s.webhookEndpoints(ctx, c, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("webhook endpoints of tenant %s: %w", t, s.translate(err))
	}
	return out, nil
}

func (s *Store) webhookEndpoints(ctx context.Context, c *conn, t oroshi.TenantID) ([]webhooks.Endpoint, error) {
	rows, err := c.query(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints
		WHERE tenant_id = ? ORDER BY id`, t)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []webhooks.Endpoint
	for rows.Next() {
		e, err := scanWebhookEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// WebhookEndpoint returns one endpoint; a missing or foreign id wraps
// oroshi.ErrNotFound.
func (s *Store) WebhookEndpoint(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (webhooks.Endpoint, error) {
	var e webhooks.Endpoint
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		e, err = scanWebhookEndpoint(c.row(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints
			WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return webhooks.Endpoint{}, fmt.Errorf("webhook endpoint %s: %w", id, s.translate(err))
	}
	return e, nil
}

// CreateWebhookEndpoint stores e unless tenant e.Tenant has limit
// endpoints already. The count and the insert share the transaction (on
// SQLite writes are serial; on PostgreSQL two concurrent creates could
// both pass a count of limit-1, which only lets limit+1 exist).
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e webhooks.Endpoint, limit int, ev audit.Event) (webhooks.Endpoint, error) {
	t := e.Tenant
	e.ID = s.NewID()
	e.CreatedAt = s.now()
	e.UpdatedAt = e.CreatedAt
	err := s.write(ctx, t, func(c *conn) error {
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM webhook_endpoints WHERE tenant_id = ?`, t).Scan(&n); err != nil {
			return err
		}
		if n >= limit {
			return webhooks.ErrTooManyEndpoints
		}
		_, err := c.exec(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t, e.ID, e.URL, e.Description, strings.Join(e.Events, " "), e.Active, e.SealedSecret, e.CreatedAt, e.UpdatedAt)
		if err != nil {
			return err
		}
		ev.TargetID = e.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return webhooks.Endpoint{}, fmt.Errorf("create webhook endpoint of tenant %s: %w", t, s.translate(err))
	}
	return e, nil
}

// UpdateWebhookEndpoint saves URL, description, events and active; when
// the endpoint is inactive its pending deliveries are cancelled in the
// same transaction (their jobs then end without sending).
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, e webhooks.Endpoint, ev audit.Event) (webhooks.Endpoint, error) {
	t := e.Tenant
	e.UpdatedAt = s.now()
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, active = ?,
			updated_at = ? WHERE tenant_id = ? AND id = ?`,
			e.URL, e.Description, strings.Join(e.Events, " "), e.Active, e.UpdatedAt, t, e.ID))
		if err != nil {
			return err
		}
		if !e.Active {
			if _, err := c.exec(ctx, `UPDATE webhook_deliveries SET status = ?, next_attempt_at = NULL, updated_at = ?
				WHERE tenant_id = ? AND endpoint_id = ? AND status = ?`,
				webhooks.StatusCancelled, e.UpdatedAt, t, e.ID, webhooks.StatusPending); err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return webhooks.Endpoint{}, fmt.Errorf("update webhook endpoint %s: %w", e.ID, s.translate(err))
	}
	return e, nil
}

// SetWebhookSecret replaces an endpoint's sealed secret.
func (s *Store) SetWebhookSecret(ctx context.Context, t oroshi.TenantID, id oroshi.ID, sealed string, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE webhook_endpoints SET secret = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ?`, sealed, s.now(), t, id))
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set webhook secret %s: %w", id, s.translate(err))
	}
	return nil
}

// DeleteWebhookEndpoint removes an endpoint; its deliveries and attempts
// go with it (ON DELETE CASCADE), so their pending jobs find nothing.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := mustAffect(c.exec(ctx, `DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete webhook endpoint %s: %w", id, s.translate(err))
	}
	return nil
}
