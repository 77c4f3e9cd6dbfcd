package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

func webhookService(s *sqlstore.Store) *webhooks.Service {
	id := identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", time.Hour, time.Hour)
	return webhooks.NewService(s, id.Sealer("webhook"), webhooks.Options{})
}

func mustEndpoint(t *testing.T, svc *webhooks.Service, e webhooks.Endpoint) (webhooks.Endpoint, string) {
	t.Helper()
	created, secret, err := svc.Create(context.Background(), e, apiKeyAdmin)
	if err != nil {
		t.Fatal(err)
	}
	return created, secret
}

// TestWebhookEndpoints: create, read back, reveal, rotate, the limit of
// ten, and the operation history.
func TestWebhookEndpoints(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := apiKeyTenant(t, s, "marukawa")
		svc := webhookService(s)
		e, secret := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: tn.ID, URL: " https://erp.example.co.jp/hooks ",
			Description: "基幹システム", Events: []string{webhooks.QuoteIssued, webhooks.OrderCreated, webhooks.OrderCreated}})
		if !strings.HasPrefix(secret, webhooks.SecretPrefix) || strings.Contains(e.SealedSecret, secret) {
			t.Fatalf("secret %q, sealed %q", secret, e.SealedSecret)
		}
		got, err := svc.Endpoint(ctx, tn.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := webhooks.Endpoint{ID: e.ID, Tenant: tn.ID, URL: "https://erp.example.co.jp/hooks", Description: "基幹システム",
			Events: []string{webhooks.OrderCreated, webhooks.QuoteIssued}, Active: true, SealedSecret: e.SealedSecret,
			CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("endpoint (-want +got):\n%s", diff)
		}
		if shown, err := svc.RevealSecret(ctx, tn.ID, e.ID); err != nil || shown != secret {
			t.Errorf("RevealSecret = %q, %v; want %q", shown, err, secret)
		}
		rotated, err := svc.RotateSecret(ctx, tn.ID, e.ID, apiKeyAdmin)
		if err != nil || rotated == secret {
			t.Fatalf("RotateSecret = %q, %v", rotated, err)
		}
		if shown, _ := svc.RevealSecret(ctx, tn.ID, e.ID); shown != rotated {
			t.Errorf("after rotation RevealSecret = %q, want %q", shown, rotated)
		}
		for i := 2; i <= webhooks.MaxEndpoints; i++ {
			mustEndpoint(t, svc, webhooks.Endpoint{Tenant: tn.ID, URL: fmt.Sprintf("https://erp.example.co.jp/%d", i),
				Events: []string{webhooks.OrderShipped}})
		}
		_, _, err = svc.Create(ctx, webhooks.Endpoint{Tenant: tn.ID, URL: "https://erp.example.co.jp/11",
			Events: []string{webhooks.OrderShipped}}, apiKeyAdmin)
		var ve *oroshi.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.Fields["url"], "10件まで") {
			t.Errorf("11th endpoint: %v", err)
		}
		list, err := svc.Endpoints(ctx, tn.ID)
		if err != nil || len(list) != webhooks.MaxEndpoints || list[0].ID != e.ID {
			t.Errorf("Endpoints: %d, %v", len(list), err)
		}
		_, _, err = svc.Create(ctx, webhooks.Endpoint{Tenant: tn.ID, URL: "http://erp.example.co.jp/x"}, apiKeyAdmin)
		if !errors.As(err, &ve) || ve.Fields["url"] == "" || ve.Fields["events"] == "" {
			t.Errorf("http URL without events: %v", err)
		}
		actions := apiKeyAuditActions(t, s, tn.ID)[1:] // after 契約者（作成）
		if actions[0] != webhooks.ActionCreate || actions[1] != webhooks.ActionRotate || len(actions) != webhooks.MaxEndpoints+1 {
			t.Errorf("audit actions %q", actions)
		}
	})
}

// TestWebhookDeliveries: publishing reaches active subscribed endpoints
// once per event ID; attempts are logged; disabling cancels what is
// pending; redelivery and deletion; another tenant sees nothing.
func TestWebhookDeliveries(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, other := apiKeyTenant(t, s, "marukawa"), apiKeyTenant(t, s, "yamada")
		svc := webhookService(s)
		sub, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: tn.ID, URL: "https://a.example.jp/h", Events: []string{webhooks.OrderCreated}})
		mustEndpoint(t, svc, webhooks.Endpoint{Tenant: tn.ID, URL: "https://b.example.jp/h", Events: []string{webhooks.OrderShipped}})
		off, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: tn.ID, URL: "https://c.example.jp/h", Events: []string{webhooks.OrderCreated}})
		if _, err := svc.SetActive(ctx, tn.ID, off.ID, false, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		mustEndpoint(t, svc, webhooks.Endpoint{Tenant: other.ID, URL: "https://d.example.jp/h", Events: []string{webhooks.OrderCreated}})

		ev := webhooks.Event{ID: "order.created:1001", Type: webhooks.OrderCreated,
			OccurredAt: time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC), Data: map[string]any{"order_number": "A-0001"}}
		for i, want := range []int{1, 0} {
			if n, err := svc.Publish(ctx, tn.ID, ev); err != nil || n != want {
				t.Fatalf("publish %d: %d, %v; want %d", i+1, n, err, want)
			}
		}
		ds, err := svc.Deliveries(ctx, tn.ID, sub.ID, webhooks.DeliveryPage{})
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries %+v, %v", ds, err)
		}
		d := ds[0]
		var body map[string]any
		if err := json.Unmarshal(d.Body, &body); err != nil || body["id"] != ev.ID || body["created_at"] != "2026-04-01T09:30:00Z" {
			t.Errorf("body %s (%v)", d.Body, err)
		}
		if d.Status != webhooks.StatusPending || d.EventType != webhooks.OrderCreated || d.NextAttemptAt == nil {
			t.Errorf("new delivery %+v", d)
		}

		at := time.Date(2026, 4, 1, 9, 31, 0, 0, time.UTC)
		next := at.Add(30 * time.Second)
		failed := webhooks.Attempt{DeliveryID: d.ID, At: at, StatusCode: 500, Error: "HTTP 500: 内部エラー", Duration: 120 * time.Millisecond}
		if err := s.RecordWebhookAttempt(ctx, tn.ID, failed, webhooks.StatusPending, &next); err != nil {
			t.Fatal(err)
		}
		if d, _ = svc.Delivery(ctx, tn.ID, d.ID); d.Attempts != 1 || d.LastStatus != 500 || d.NextAttemptAt == nil || !d.NextAttemptAt.Equal(next) {
			t.Errorf("after a failure: %+v", d)
		}
		ok := webhooks.Attempt{DeliveryID: d.ID, At: next, StatusCode: 204, Duration: 80 * time.Millisecond}
		if err := s.RecordWebhookAttempt(ctx, tn.ID, ok, webhooks.StatusSucceeded, nil); err != nil {
			t.Fatal(err)
		}
		d, _ = svc.Delivery(ctx, tn.ID, d.ID)
		if d.Status != webhooks.StatusSucceeded || d.Attempts != 2 || d.NextAttemptAt != nil || d.DeliveredAt == nil || d.LastError != "" {
			t.Errorf("after success: %+v", d)
		}
		attempts, err := svc.Attempts(ctx, tn.ID, d.ID)
		failed.N, ok.N = 1, 2
		if diff := cmp.Diff([]webhooks.Attempt{ok, failed}, attempts); err != nil || diff != "" {
			t.Errorf("attempts (-want +got, %v):\n%s", err, diff)
		}

		if _, err := svc.Redeliver(ctx, tn.ID, d.ID, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		var ve *oroshi.ValidationError
		if _, err := svc.Redeliver(ctx, tn.ID, d.ID, apiKeyAdmin); !errors.As(err, &ve) {
			t.Errorf("redeliver a pending delivery: %v", err)
		}
		if _, err := svc.SetActive(ctx, tn.ID, sub.ID, false, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		if d, _ = svc.Delivery(ctx, tn.ID, d.ID); d.Status != webhooks.StatusCancelled || d.NextAttemptAt != nil {
			t.Errorf("after disabling: %+v", d)
		}
		if _, err := svc.Ping(ctx, tn.ID, sub.ID, apiKeyAdmin); !errors.As(err, &ve) {
			t.Errorf("ping a disabled endpoint: %v", err)
		}

		if _, err := svc.Delivery(ctx, other.ID, d.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("another tenant reads the delivery: %v", err)
		}
		if _, err := svc.Endpoint(ctx, other.ID, sub.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("another tenant reads the endpoint: %v", err)
		}
		if err := svc.Delete(ctx, other.ID, sub.ID, apiKeyAdmin); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("another tenant deletes the endpoint: %v", err)
		}
		if err := svc.Delete(ctx, tn.ID, sub.ID, apiKeyAdmin); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Delivery(ctx, tn.ID, d.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("delivery of a deleted endpoint: %v", err)
		}
	})
}
