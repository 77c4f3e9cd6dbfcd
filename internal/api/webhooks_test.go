package api

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

func newWebhookEnv(t *testing.T, s *sqlstore.Store) (*env, *webhooks.Service) {
	t.Helper()
	e := &env{s: s, keys: &apikeys.Service{Store: s}, log: &bytes.Buffer{}}
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	hooks := webhooks.NewService(s, ident.Sealer("webhook"), webhooks.Options{})
	srv := newServer(Deps{Keys: e.keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)), Webhooks: hooks})
	e.h = srv.handler(srv.routes())
	return e, hooks
}

func TestAPIWebhookEndpoints(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, hooks := newWebhookEnv(t, s)
		a := e.tenant(t, "hooks-api")
		_, key := e.key(t, a, apikeys.WebhooksWrite)
		_, readKey := e.key(t, a, apikeys.WebhooksRead)
		_, keyB := e.key(t, e.tenant(t, "hooks-api-b"), apikeys.WebhooksWrite)
		const path = "/api/v1/webhook-endpoints"

		eb := e.fails(t, "POST", path, key, `{"url":"http://erp.example.jp/h"}`, 422, CodeValidationFailed)
		wantFields(t, eb, "url", "events")
		eb = e.fails(t, "POST", path, key, `{"url":"https://169.254.169.254/","events":["order.paid"]}`, 422, CodeValidationFailed)
		wantFields(t, eb, "url", "events")
		if list, _ := hooks.Endpoints(context.Background(), a.ID); len(list) != 0 {
			t.Fatalf("bad input stored %d endpoints", len(list))
		}

		var created WebhookEndpoint
		e.send(t, "POST", path, key, `{"url":"https://erp.example.co.jp/h","description":"基幹","events":["quote.issued","order.created"]}`, 201, &created)
		if created.Secret == nil || !strings.HasPrefix(*created.Secret, "whsec_") || !created.Active ||
			strings.Join(created.Events, ",") != "order.created,quote.issued" {
			t.Fatalf("created %+v", created)
		}
		w := e.send(t, "GET", path+"/"+created.ID, readKey, "", 200, nil)
		if strings.Contains(w.Body.String(), "secret") {
			t.Errorf("GET shows the secret: %s", w.Body)
		}
		var list List[WebhookEndpoint]
		e.send(t, "GET", path, readKey, "", 200, &list)
		if len(list.Data) != 1 || list.Data[0].ID != created.ID {
			t.Errorf("list %+v", list)
		}
		var patched WebhookEndpoint
		e.send(t, "PATCH", path+"/"+created.ID, key, `{"active":false,"description":"停止中"}`, 200, &patched)
		if patched.Active || patched.Description != "停止中" || patched.URL != created.URL {
			t.Errorf("patched %+v", patched)
		}
		e.send(t, "PATCH", path+"/"+created.ID, key, `{"active":true}`, 200, nil)
		e.fails(t, "PATCH", path+"/"+created.ID, key, `{"events":[]}`, 422, CodeValidationFailed)

		testWebhookDeliveryPages(t, e, hooks, a.ID, created.ID, readKey)

		e.fails(t, "POST", path, readKey, `{"url":"https://a.example.jp/","events":["order.created"]}`, 403, CodeForbidden)
		e.fails(t, "GET", path+"/"+created.ID, keyB, "", 404, CodeNotFound)
		e.fails(t, "GET", path+"/"+created.ID+"/deliveries", keyB, "", 404, CodeNotFound)
		e.fails(t, "DELETE", path+"/"+created.ID, keyB, "", 404, CodeNotFound)
		e.send(t, "DELETE", path+"/"+created.ID, key, "", 204, nil)
		e.fails(t, "GET", path+"/"+created.ID, readKey, "", 404, CodeNotFound)
	})
}

// testWebhookDeliveryPages publishes three events and pages the log, two
// at a time, newest first.
func testWebhookDeliveryPages(t *testing.T, e *env, hooks *webhooks.Service, tn oroshi.TenantID, endpoint, key string) {
	t.Helper()
	for i := 1; i <= 3; i++ {
		ev := webhooks.Event{ID: fmt.Sprintf("order.created:%d", i), Type: webhooks.OrderCreated, Data: map[string]int{"n": i}}
		if n, err := hooks.Publish(context.Background(), tn, ev); err != nil || n != 1 {
			t.Fatalf("publish %d: %d, %v", i, n, err)
		}
	}
	var first, second List[WebhookDelivery]
	e.send(t, "GET", "/api/v1/webhook-endpoints/"+endpoint+"/deliveries?limit=2", key, "", 200, &first)
	if len(first.Data) != 2 || first.NextCursor == nil || first.Data[0].EventID != "order.created:3" ||
		first.Data[0].Status != webhooks.StatusPending || first.Data[0].NextAttemptAt == nil {
		t.Fatalf("first page %+v", first)
	}
	e.send(t, "GET", "/api/v1/webhook-endpoints/"+endpoint+"/deliveries?limit=2&cursor="+*first.NextCursor, key, "", 200, &second)
	if len(second.Data) != 1 || second.NextCursor != nil || second.Data[0].EventID != "order.created:1" {
		t.Fatalf("second page %+v", second)
	}
}
