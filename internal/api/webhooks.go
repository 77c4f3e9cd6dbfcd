package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// Webhook endpoints: /api/v1/webhook-endpoints and their delivery log.

// WebhookEndpoint is one URL that receives the tenant's events.
type WebhookEndpoint struct {
	ID          string    `json:"id" doc:"WebhookのID"`
	URL         string    `json:"url" doc:"送信先URL（https。500文字以内）"`
	Description string    `json:"description" doc:"説明（200文字以内）"`
	Events      []string  `json:"events" doc:"送信するイベント: order.created, order.approved, order.approval_cancelled, order.shipped, order.cancelled, quote.issued, quote.accepted"`
	Active      bool      `json:"active" doc:"有効か（無効にすると送信待ちの配信は中止）"`
	Secret      *string   `json:"secret,omitempty" doc:"署名シークレット（whsec_…）。作成時の応答にだけ含まれる"`
	CreatedAt   time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt   time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// WebhookEndpointInput is the body of POST (url and events needed) and
// PATCH (only the fields sent change).
type WebhookEndpointInput struct {
	URL         *string   `json:"url,omitempty" doc:"送信先URL"`
	Description *string   `json:"description,omitempty" doc:"説明"`
	Events      *[]string `json:"events,omitempty" doc:"送信するイベント（1つ以上）"`
	Active      *bool     `json:"active,omitempty" doc:"有効か（PATCH のみ。作成時は常に有効）"`
}

// WebhookDelivery is one event sent to one endpoint.
type WebhookDelivery struct {
	ID            string     `json:"id" doc:"配信ID（X-Oroshi-Delivery ヘッダーの値）"`
	EventID       string     `json:"event_id" doc:"イベントID（本文の id）"`
	EventType     string     `json:"event_type" doc:"イベント種別（ping はテスト送信）"`
	Status        string     `json:"status" doc:"pending（送信待ち）| succeeded（成功）| failed（失敗）| cancelled（中止）"`
	Attempts      int        `json:"attempts" doc:"試行回数"`
	LastStatus    int        `json:"last_status_code" doc:"最後の試行の応答コード（応答がなければ 0）"`
	LastError     string     `json:"last_error" doc:"最後の試行のエラー"`
	NextAttemptAt *time.Time `json:"next_attempt_at" doc:"次回の試行予定（送信待ちのみ）"`
	CreatedAt     time.Time  `json:"created_at" doc:"作成日時（RFC 3339）"`
	DeliveredAt   *time.Time `json:"delivered_at" doc:"成功した日時"`
}

func webhookEndpointOut(e webhooks.Endpoint) WebhookEndpoint {
	events := e.Events
	if events == nil {
		events = []string{}
	}
	return WebhookEndpoint{ID: e.ID.String(), URL: e.URL, Description: e.Description, Events: events,
		Active: e.Active, CreatedAt: utc(e.CreatedAt), UpdatedAt: utc(e.UpdatedAt)}
}

func webhookDeliveryOut(d webhooks.Delivery) WebhookDelivery {
	return WebhookDelivery{ID: d.ID.String(), EventID: d.EventID, EventType: d.EventType, Status: d.Status,
		Attempts: d.Attempts, LastStatus: d.LastStatus, LastError: d.LastError, NextAttemptAt: utcPtr(d.NextAttemptAt),
		CreatedAt: utc(d.CreatedAt), DeliveredAt: utcPtr(d.DeliveredAt)}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}

// listWebhookEndpoints answers GET /api/v1/webhook-endpoints (at most 10: one page).
func (s *server) listWebhookEndpoints(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	es, err := s.webhooks.Endpoints(r.Context(), p.Tenant.ID)
	if err != nil {
		return err
	}
	out := List[WebhookEndpoint]{Data: make([]WebhookEndpoint, 0, len(es))}
	for _, e := range es {
		out.Data = append(out.Data, webhookEndpointOut(e))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createWebhookEndpoint answers POST /api/v1/webhook-endpoints; the answer
// carries the signing secret.
func (s *server) createWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in WebhookEndpointInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e := webhooks.Endpoint{Tenant: p.Tenant.ID}
	set(&e.URL, in.URL)
	set(&e.Description, in.Description)
	set(&e.Events, in.Events)
	created, secret, err := s.webhooks.Create(r.Context(), e, actor)
	if err != nil {
		return err
	}
	out := webhookEndpointOut(created)
	out.Secret = &secret
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// getWebhookEndpoint answers GET /api/v1/webhook-endpoints/{id}.
func (s *server) getWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	e, err := s.webhooks.Endpoint(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookEndpointOut(e))
	return nil
}

// patchWebhookEndpoint answers PATCH /api/v1/webhook-endpoints/{id}.
func (s *server) patchWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in WebhookEndpointInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.webhooks.Endpoint(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	set(&e.URL, in.URL)
	set(&e.Description, in.Description)
	set(&e.Events, in.Events)
	set(&e.Active, in.Active)
	updated, err := s.webhooks.Update(r.Context(), e, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, webhookEndpointOut(updated))
	return nil
}

// deleteWebhookEndpoint answers DELETE /api/v1/webhook-endpoints/{id}.
func (s *server) deleteWebhookEndpoint(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.webhooks.Delete(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}

// listWebhookDeliveries answers GET /api/v1/webhook-endpoints/{id}/deliveries,
// newest first; the cursor is the last delivery's ID.
func (s *server) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	pg, err := parsePage(r)
	if err != nil {
		return err
	}
	e, err := s.webhooks.Endpoint(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	page := webhooks.DeliveryPage{Limit: pg.Limit + 1}
	if len(pg.After) > 0 {
		before, err := strconv.ParseInt(pg.After[0], 10, 64)
		if err != nil || before <= 0 {
			return badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		page.Before = oroshi.ID(before)
	}
	ds, err := s.webhooks.Deliveries(r.Context(), p.Tenant.ID, e.ID, page)
	if err != nil {
		return err
	}
	out := make([]WebhookDelivery, 0, len(ds))
	for _, d := range ds {
		out = append(out, webhookDeliveryOut(d))
	}
	writeJSON(w, http.StatusOK, newList(out, pg.Limit, func(d WebhookDelivery) []string { return []string{d.ID} }))
	return nil
}
