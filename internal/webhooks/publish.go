package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Publish sends ev to every active endpoint of tenant t subscribed to its
// type: a delivery row and a job per endpoint, in one transaction. A
// repeated publish of the same event ID makes no new delivery. It returns
// how many deliveries were made.
//
// Code that changes an order inside its own store transaction should
// publish through the store's helper in that transaction instead, so the
// event exists if and only if the change committed.
func (s *Service) Publish(ctx context.Context, t oroshi.TenantID, ev Event) (int, error) {
	if ev.Type == Ping {
		return 0, fmt.Errorf("publish webhook event %s: ping goes to one endpoint (use Ping)", ev.ID)
	}
	m, err := NewMessage(ev)
	if err != nil {
		return 0, err
	}
	n, err := s.Store.PublishWebhook(ctx, t, m)
	if err != nil {
		return 0, fmt.Errorf("publish webhook event %s: %w", ev.ID, err)
	}
	return n, nil
}

// PingData is the data of a ping event.
type PingData struct {
	EndpointID string `json:"endpoint_id"`
	Message    string `json:"message"`
}

// Ping queues a test event to one active endpoint (the "テスト送信" button).
func (s *Service) Ping(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Delivery, error) {
	e, err := s.Store.WebhookEndpoint(ctx, t, id)
	if err != nil {
		return Delivery{}, fmt.Errorf("ping webhook endpoint %s: %w", id, err)
	}
	if !e.Active {
		return Delivery{}, oroshi.Invalid("active", "無効なWebhookにはテスト送信できません。有効にしてから送信してください")
	}
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return Delivery{}, fmt.Errorf("ping id: %w", err)
	}
	m, err := NewMessage(Event{ID: "evt_ping_" + hex.EncodeToString(rnd[:]), Type: Ping, OccurredAt: s.now(),
		Data: PingData{EndpointID: id.String(), Message: "oroshi からのテスト送信です"}})
	if err != nil {
		return Delivery{}, err
	}
	ev := actor.Event(ActionPing, "webhook_endpoint", id.String())
	ev.Tenant = t
	d, err := s.Store.QueueWebhookDelivery(ctx, t, id, m, ev)
	if err != nil {
		return Delivery{}, fmt.Errorf("ping webhook endpoint %s: %w", id, err)
	}
	return d, nil
}

// Deliveries lists a page of an endpoint's deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, t oroshi.TenantID, endpoint oroshi.ID, p DeliveryPage) ([]Delivery, error) {
	if p.Limit <= 0 {
		p.Limit = 50
	}
	p.Limit = min(p.Limit, 500)
	return s.Store.WebhookDeliveries(ctx, t, endpoint, p)
}

// Delivery returns one delivery of tenant t.
func (s *Service) Delivery(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Delivery, error) {
	return s.Store.WebhookDelivery(ctx, t, id)
}

// Attempts lists a delivery's attempts, newest first.
func (s *Service) Attempts(ctx context.Context, t oroshi.TenantID, delivery oroshi.ID) ([]Attempt, error) {
	return s.Store.WebhookAttempts(ctx, t, delivery)
}

// Redeliver sends a finished delivery again (same event, same body) as a
// new series of attempts. A delivery still pending, or of an inactive
// endpoint, is refused with a Japanese message.
func (s *Service) Redeliver(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Delivery, error) {
	d, err := s.Store.WebhookDelivery(ctx, t, id)
	if err != nil {
		return Delivery{}, fmt.Errorf("redeliver webhook %s: %w", id, err)
	}
	if d.Status == StatusPending {
		return Delivery{}, oroshi.Invalid("delivery", "この配信は送信待ちです。自動で再試行されます")
	}
	e, err := s.Store.WebhookEndpoint(ctx, t, d.EndpointID)
	if err != nil {
		return Delivery{}, fmt.Errorf("redeliver webhook %s: %w", id, err)
	}
	if !e.Active {
		return Delivery{}, oroshi.Invalid("delivery", "無効なWebhookには再送できません。有効にしてから再送してください")
	}
	ev := actor.Event(ActionRedeliver, "webhook_delivery", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"endpoint_id": d.EndpointID.String(), "event_id": d.EventID}
	out, err := s.Store.RedeliverWebhook(ctx, t, id, ev)
	if err != nil {
		return Delivery{}, fmt.Errorf("redeliver webhook %s: %w", id, err)
	}
	return out, nil
}
