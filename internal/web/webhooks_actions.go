package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// webhookReveal: POST /webhooks/{id}/secret shows the signing secret on
// the endpoint page. A POST, so the secret is never in a URL, a history
// entry or a cached GET.
func (s *Server) webhookReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	secret, err := s.Webhooks.RevealSecret(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	return s.renderWebhook(w, r, http.StatusOK, webhookShowState{secret: secret})
}

// webhookRotate: POST /webhooks/{id}/secret/rotate issues a new secret
// (the old one stops working at once) and shows it.
func (s *Server) webhookRotate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	secret, err := s.Webhooks.RotateSecret(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	if err != nil {
		return err
	}
	return s.renderWebhook(w, r, http.StatusOK, webhookShowState{secret: secret, rotated: true})
}

// webhookActive: POST /webhooks/{id}/active with active=1 or 0. Disabling
// cancels the deliveries still waiting.
func (s *Server) webhookActive(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on := r.PostFormValue("active") == "1"
	if _, err := s.Webhooks.SetActive(r.Context(), reqCtx(r).tenant.ID, id, on, buyerActor(r)); err != nil {
		return err
	}
	if on {
		setFlash(w, "Webhookを有効にしました。")
	} else {
		setFlash(w, "Webhookを無効にしました。送信待ちの配信は中止されました。")
	}
	http.Redirect(w, r, reqCtx(r).base()+"/webhooks/"+id.String(), http.StatusSeeOther)
	return nil
}

// webhookDelete: POST /webhooks/{id}/delete removes the endpoint and its log.
func (s *Server) webhookDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Webhooks.Delete(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "Webhookを削除しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/webhooks", http.StatusSeeOther)
	return nil
}

// webhookPing: POST /webhooks/{id}/ping queues a test event ("テスト送信").
func (s *Server) webhookPing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Webhooks.Ping(r.Context(), reqCtx(r).tenant.ID, id, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderWebhook(w, r, http.StatusUnprocessableEntity, webhookShowState{errs: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "テスト送信を受け付けました。結果は配信履歴に表示されます。")
	http.Redirect(w, r, reqCtx(r).base()+"/webhooks/"+id.String(), http.StatusSeeOther)
	return nil
}

// webhookDeliveryRow is one delivery of the log.
type webhookDeliveryRow struct{ webhooks.Delivery }

// StatusLabel names the delivery's status in Japanese.
func (d webhookDeliveryRow) StatusLabel() string { return webhookStatusLabel(d.Status) }

func webhookStatusLabel(status string) string {
	switch status {
	case webhooks.StatusSucceeded:
		return "成功"
	case webhooks.StatusFailed:
		return "失敗"
	case webhooks.StatusCancelled:
		return "中止"
	}
	return "送信待ち"
}

type webhookDeliveryView struct {
	Endpoint webhooks.Endpoint
	Delivery webhookDeliveryRow
	Body     string // the JSON sent, indented for reading
	Attempts []webhookAttemptRow
}

type webhookAttemptRow struct{ webhooks.Attempt }

// Millis is the attempt's duration in milliseconds.
func (a webhookAttemptRow) Millis() int64 { return a.Duration.Milliseconds() }

// webhookDelivery: GET /webhooks/{id}/deliveries/{delivery}
func (s *Server) webhookDelivery(w http.ResponseWriter, r *http.Request) error {
	e, d, err := s.webhookDeliveryOf(r)
	if err != nil {
		return err
	}
	attempts, err := s.Webhooks.Attempts(r.Context(), e.Tenant, d.ID)
	if err != nil {
		return err
	}
	v := webhookDeliveryView{Endpoint: e, Delivery: webhookDeliveryRow{d}, Body: string(d.Body)}
	var pretty bytes.Buffer
	if json.Indent(&pretty, d.Body, "", "  ") == nil {
		v.Body = pretty.String()
	}
	for _, a := range attempts {
		v.Attempts = append(v.Attempts, webhookAttemptRow{a})
	}
	return s.render(w, r, http.StatusOK, "admin/webhooks/delivery", &Page{Title: "配信の詳細", Data: v})
}

// webhookDeliveryOf reads the endpoint and delivery of the path; a
// delivery of another endpoint is not found.
func (s *Server) webhookDeliveryOf(r *http.Request) (webhooks.Endpoint, webhooks.Delivery, error) {
	tn := reqCtx(r).tenant.ID
	id, err := pathID(r, "id")
	if err != nil {
		return webhooks.Endpoint{}, webhooks.Delivery{}, err
	}
	did, err := pathID(r, "delivery")
	if err != nil {
		return webhooks.Endpoint{}, webhooks.Delivery{}, err
	}
	e, err := s.Webhooks.Endpoint(r.Context(), tn, id)
	if err != nil {
		return webhooks.Endpoint{}, webhooks.Delivery{}, err
	}
	d, err := s.Webhooks.Delivery(r.Context(), tn, did)
	if err == nil && d.EndpointID != e.ID {
		err = fmt.Errorf("delivery %s of endpoint %s: %w", did, id, oroshi.ErrNotFound)
	}
	return e, d, err
}

// webhookRedeliver: POST /webhooks/{id}/deliveries/{delivery}/resend
func (s *Server) webhookRedeliver(w http.ResponseWriter, r *http.Request) error {
	e, d, err := s.webhookDeliveryOf(r)
	if err != nil {
		return err
	}
	url := reqCtx(r).base() + "/webhooks/" + e.ID.String() + "/deliveries/" + d.ID.String()
	_, err = s.Webhooks.Redeliver(r.Context(), e.Tenant, d.ID, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		setFlash(w, errs["delivery"])
		http.Redirect(w, r, url, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	setFlash(w, "再送を受け付けました。")
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}
