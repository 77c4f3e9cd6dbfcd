package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// RecordWebhookAttempt logs attempt a (numbered after the delivery's
// previous ones) and sets the delivery's outcome. A delivery cancelled
// meanwhile (its endpoint was disabled) keeps that status.
func (s *Store) RecordWebhookAttempt(ctx context.Context, t oroshi.TenantID, a webhooks.Attempt, status string, next *time.Time) error {
	err := s.write(ctx, t, func(c *conn) error {
		var n int
		err := c.row(ctx, `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?,
			status = CASE WHEN status = ? THEN ? ELSE status END,
			next_attempt_at = CASE WHEN status = ? THEN ? ELSE next_attempt_at END,
			delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END, updated_at = ?
			WHERE tenant_id = ? AND id = ? RETURNING attempts`,
			a.StatusCode, a.Error, webhooks.StatusPending, status, webhooks.StatusPending, nextArg(status, next),
			status == webhooks.StatusSucceeded, a.At, a.At, t, a.DeliveryID).Scan(&n)
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, status_code,
			error, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			t, a.DeliveryID, n, a.At, a.StatusCode, a.Error, a.Duration.Milliseconds())
		return err
	})
	if err != nil {
		return fmt.Errorf("record webhook attempt of delivery %s: %w", a.DeliveryID, s.translate(err))
	}
	return nil
}

// nextArg is the next attempt time to store: only a delivery left pending
// has one.
func nextArg(status string, next *time.Time) any {
	if status != webhooks.StatusPending || next == nil {
		return nil
	}
	return *next
}

// RedeliverWebhook makes a delivery that is no longer pending pending
// again and enqueues its job, recording ev. Its attempts continue the
// same log.
func (s *Store) RedeliverWebhook(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) (webhooks.Delivery, error) {
	var d webhooks.Delivery
	err := s.write(ctx, t, func(c *conn) error {
		now := s.now()
		err := mustAffect(c.exec(ctx, `UPDATE webhook_deliveries SET status = ?, next_attempt_at = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ? AND status <> ?`,
			webhooks.StatusPending, now, now, t, id, webhooks.StatusPending))
		if err != nil {
			return err
		}
		if err := s.enqueue(ctx, c, jobargs.DeliverWebhook{Tenant: t, DeliveryID: id}); err != nil {
			return fmt.Errorf("enqueue webhook delivery %s: %w", id, err)
		}
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
		d, err = scanWebhookDelivery(c.row(ctx, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries
			WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return webhooks.Delivery{}, fmt.Errorf("redeliver webhook %s: %w", id, s.translate(err))
	}
	return d, nil
}
