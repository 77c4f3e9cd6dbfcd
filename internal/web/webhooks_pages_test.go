package web

import (
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// The webhook pages, for TestPagesRender: with rows, so that the loops of
// the templates are rendered too.
func init() {
	next := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	e := webhooks.Endpoint{ID: 5, URL: "https://erp.example.co.jp/hooks", Events: []string{webhooks.OrderCreated}, Active: true}
	d := webhookDeliveryRow{webhooks.Delivery{ID: 9, EndpointID: 5, EventType: webhooks.OrderCreated,
		Status: webhooks.StatusPending, Attempts: 1, LastStatus: 500, LastError: "HTTP 500: error", NextAttemptAt: &next}}
	for name, data := range map[string]any{
		"admin/webhooks/index": webhookListView{Endpoints: []webhookRow{{Endpoint: e, EventLabels: webhookEventLabels(e.Events)}}},
		"admin/webhooks/new":   webhookFormView{Events: webhookEvents(nil)},
		"admin/webhooks/show": webhookShowView{Endpoint: e, Events: webhookEvents(e.Events), Secret: "whsec_x",
			Rotated: true, Deliveries: []webhookDeliveryRow{d}, Older: "/sakura/admin/webhooks/5?before=9"},
		"admin/webhooks/delivery": webhookDeliveryView{Endpoint: e, Delivery: d, Body: "{}",
			Attempts: []webhookAttemptRow{{webhooks.Attempt{N: 1, StatusCode: 500, Duration: time.Second}}}},
	} {
		v := pageViews[name]
		v.data, v.areas = data, []string{"admin"}
		pageViews[name] = v
	}
}

// TestWebhookLabels: every status and event label has an English entry.
func TestWebhookLabels(t *testing.T) {
	var labels []string
	for _, st := range []string{webhooks.StatusPending, webhooks.StatusSucceeded, webhooks.StatusFailed, webhooks.StatusCancelled} {
		labels = append(labels, webhookStatusLabel(st))
	}
	for _, ev := range webhooks.EventTypes() {
		labels = append(labels, ev.Label)
	}
	for _, l := range labels {
		if _, ok := english[l]; !ok {
			t.Errorf("label %q has no English entry", l)
		}
	}
}
