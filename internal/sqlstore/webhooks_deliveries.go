package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

const webhookDeliveryCols = `tenant_id, id, endpoint_id, event_id, event_type, body, status, attempts,
	last_status, last_error, next_attempt_at, created_at, updated_at, delivered_at`

func scanWebhookDelivery(sc interface{ Scan(...any) error }) (webhooks.Delivery, error) {
	var (
		d               webhooks.Delivery
		body            string
		next, delivered sql.NullTime
	)
	err := sc.Scan(&d.Tenant, &d.ID, &d.EndpointID, &d.EventID, &d.EventType, &body, &d.Status, &d.Attempts,
		&d.LastStatus, &d.LastError, &next, &d.CreatedAt, &d.UpdatedAt, &delivered)
	if err != nil {
		return webhooks.Delivery{}, err
	}
	d.Body = []byte(body)
	d.NextAttemptAt, d.DeliveredAt = nullTime(next), nullTime(delivered)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, nil
}

// PublishWebhook makes a delivery and its job for every active endpoint of
// tenant t subscribed to m.Type, in one transaction.
func (s *Store) PublishWebhook(ctx context.Context, t oroshi.TenantID, m webhooks.Message) (int, error) {
	// Most tenants have no endpoint for most events: look on the reading
	// side first, so that SQLite's single writer is not taken for nothing
	// (it was a writing transaction per sales event). The writing
	// transaction reads the endpoints again.
	if some, err := s.anyWebhookSubscriber(ctx, t, m.Type); err != nil || !some {
		return 0, err
	}
	var n int
	err := s.write(ctx, t, func(c *conn) error {
		var err error
		n, err = s.publishWebhook(ctx, c, t, m)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("publish webhook %s of tenant %s: %w", m.EventID, t, s.translate(err))
	}
	return n, nil
}

// anyWebhookSubscriber tells whether an active endpoint of t subscribes to
// event type typ.
func (s *Store) anyWebhookSubscriber(ctx context.Context, t oroshi.TenantID, typ string) (bool, error) {
	var some bool
	err := s.read(ctx, t, func(c *conn) error {
		endpoints, err := s.webhookEndpoints(ctx, c, t)
		for _, e := range endpoints {
			some = some || (e.Active && e.Subscribes(typ))
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("webhook endpoints of tenant %s: %w", t, s.translate(err))
	}
	return some, nil
}

// publishWebhook is PublishWebhook inside the caller's transaction, for
// store methods whose change is an event (an order placed, a quote
// issued): the deliveries and their jobs exist if and only if the change
// commits. Build m with webhooks.NewMessage.
func (s *Store) publishWebhook(ctx context.Context, c *conn, t oroshi.TenantID, m webhooks.Message) (int, error) {
	endpoints, err := s.webhookEndpoints(ctx, c, t)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range endpoints {
		if !e.Active || !e.Subscribes(m.Type) {
			continue
		}
		_, made, err := s.insertWebhookDelivery(ctx, c, t, e.ID, m)
		if err != nil {
			return 0, err
		}
		if made {
			n++
		}
	}
	return n, nil
}

// insertWebhookDelivery adds a pending delivery of m to one endpoint and
// enqueues its job; made is false when the endpoint has this event already.
func (s *Store) insertWebhookDelivery(ctx context.Context, c *conn, t oroshi.TenantID, endpoint oroshi.ID, m webhooks.Message) (oroshi.ID, bool, error) {
	id, now := s.NewID(), s.now()
	res, err := c.exec(ctx, `INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_type, body,
		status, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, endpoint_id, event_id) DO NOTHING`,
		t, id, endpoint, m.EventID, m.Type, string(m.Body), webhooks.StatusPending, now, now, now)
	if err != nil {
		return 0, false, fmt.Errorf("insert webhook delivery: %w", err)
	}
	if rows, err := res.RowsAffected(); err != nil || rows == 0 {
		return 0, false, err
	}
	if err := s.enqueue(ctx, c, jobargs.DeliverWebhook{Tenant: t, DeliveryID: id}); err != nil {
		return 0, false, fmt.Errorf("enqueue webhook delivery %s: %w", id, err)
	}
	return id, true, nil
}

// QueueWebhookDelivery makes a delivery of m to one endpoint (the test
// button) with its job, recording ev.
func (s *Store) QueueWebhookDelivery(ctx context.Context, t oroshi.TenantID, endpoint oroshi.ID, m webhooks.Message, ev audit.Event) (webhooks.Delivery, error) {
	var d webhooks.Delivery
	err := s.write(ctx, t, func(c *conn) error {
		id, made, err := s.insertWebhookDelivery(ctx, c, t, endpoint, m)
		if err != nil {
			return err
		}
		if !made {
			return fmt.Errorf("event %s sent to this endpoint already: %w", m.EventID, oroshi.ErrConflict)
		}
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
		d, err = scanWebhookDelivery(c.row(ctx, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries
			WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return webhooks.Delivery{}, fmt.Errorf("queue webhook delivery to %s: %w", endpoint, s.translate(err))
	}
	return d, nil
}

// WebhookDeliveries lists an endpoint's deliveries, newest first (IDs are
// time-ordered), from before p.Before when set.
func (s *Store) WebhookDeliveries(ctx context.Context, t oroshi.TenantID, endpoint oroshi.ID, p webhooks.DeliveryPage) ([]webhooks.Delivery, error) {
	var out []webhooks.Delivery
	err := s.read(ctx, t, func(c *conn) error {
		q := `SELECT ` + webhookDeliveryCols + ` FROM webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ?`
		args := []any{t, endpoint}
		if p.Before != 0 {
			q += ` AND id < ?`
			args = append(args, p.Before)
		}
		rows, err := c.query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, p.Limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanWebhookDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("webhook deliveries of endpoint %s: %w", endpoint, s.translate(err))
	}
	return out, nil
}

// WebhookDelivery returns one delivery; a missing or foreign id wraps
// oroshi.ErrNotFound.
func (s *Store) WebhookDelivery(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (webhooks.Delivery, error) {
	var d webhooks.Delivery
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		d, err = scanWebhookDelivery(c.row(ctx, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries
			WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return webhooks.Delivery{}, fmt.Errorf("webhook delivery %s: %w", id, s.translate(err))
	}
	return d, nil
}

// WebhookAttempts lists a delivery's attempts, newest first.
func (s *Store) WebhookAttempts(ctx context.Context, t oroshi.TenantID, delivery oroshi.ID) ([]webhooks.Attempt, error) {
	var out []webhooks.Attempt
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms
			FROM webhook_attempts WHERE tenant_id = ? AND delivery_id = ? ORDER BY attempt DESC`, t, delivery)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				a  webhooks.Attempt
				ms int64
			)
			if err := rows.Scan(&a.DeliveryID, &a.N, &a.At, &a.StatusCode, &a.Error, &ms); err != nil {
				return err
			}
			a.At, a.Duration = a.At.UTC(), time.Duration(ms)*time.Millisecond
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("webhook attempts of delivery %s: %w", delivery, s.translate(err))
	}
	return out, nil
}
