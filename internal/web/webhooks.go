package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// Webhook endpoints of the seller (/{tenant}/admin/webhooks): list, new,
// and the endpoint page with its settings, secret and delivery log.

type webhookListView struct {
	Endpoints []webhookRow
	Max       int
	Full      bool // the tenant has the maximum already
}

type webhookRow struct {
	webhooks.Endpoint
	EventLabels []string
}

// webhookEvent is one checkbox of the events fieldset.
type webhookEvent struct {
	Type, Label string
	Checked     bool
}

type webhookFormView struct {
	Form   map[string]string
	Events []webhookEvent
}

// webhookEvents are the checkboxes, checked for the types in chosen.
func webhookEvents(chosen []string) []webhookEvent {
	var out []webhookEvent
	for _, e := range webhooks.EventTypes() {
		out = append(out, webhookEvent{Type: e.Type, Label: e.Label, Checked: slices.Contains(chosen, e.Type)})
	}
	return out
}

// webhookEventLabels names the subscribed types in Japanese.
func webhookEventLabels(types []string) []string {
	var out []string
	for _, e := range webhookEvents(types) {
		if e.Checked {
			out = append(out, e.Label)
		}
	}
	return out
}

// webhookList: GET /webhooks
func (s *Server) webhookList(w http.ResponseWriter, r *http.Request) error {
	es, err := s.Webhooks.Endpoints(r.Context(), reqCtx(r).tenant.ID)
	if err != nil {
		return err
	}
	v := webhookListView{Max: webhooks.MaxEndpoints, Full: len(es) >= webhooks.MaxEndpoints}
	for _, e := range es {
		v.Endpoints = append(v.Endpoints, webhookRow{Endpoint: e, EventLabels: webhookEventLabels(e.Events)})
	}
	return s.render(w, r, http.StatusOK, "admin/webhooks/index", &Page{Title: "Webhook", Data: v})
}

// webhookNew: GET /webhooks/new
func (s *Server) webhookNew(w http.ResponseWriter, r *http.Request) error {
	v := webhookFormView{Form: map[string]string{}, Events: webhookEvents(nil)}
	return s.render(w, r, http.StatusOK, "admin/webhooks/new", &Page{Title: "Webhookを登録", Data: v})
}

// webhookInput reads the endpoint form.
func webhookInput(r *http.Request) (webhooks.Endpoint, map[string]string) {
	form := map[string]string{"url": r.PostFormValue("url"), "description": r.PostFormValue("description")}
	return webhooks.Endpoint{Tenant: reqCtx(r).tenant.ID, URL: form["url"], Description: form["description"],
		Events: r.PostForm["events"]}, form
}

// webhookCreate: POST /webhooks
func (s *Server) webhookCreate(w http.ResponseWriter, r *http.Request) error {
	e, form := webhookInput(r)
	created, _, err := s.Webhooks.Create(r.Context(), e, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		v := webhookFormView{Form: form, Events: webhookEvents(e.Events)}
		return s.render(w, r, http.StatusUnprocessableEntity, "admin/webhooks/new",
			&Page{Title: "Webhookを登録", Data: v, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "Webhookを登録しました。署名シークレットを受信側に設定してください。")
	http.Redirect(w, r, reqCtx(r).base()+"/webhooks/"+created.ID.String(), http.StatusSeeOther)
	return nil
}

type webhookShowView struct {
	Endpoint   webhooks.Endpoint
	Form       map[string]string
	Events     []webhookEvent
	EditOpen   bool
	Secret     string // shown only after reveal or rotation
	Rotated    bool
	Deliveries []webhookDeliveryRow
	Older      string // URL of the next page of the log; "" when none
}

// webhookShowState is what a POST hands back to the endpoint page.
type webhookShowState struct {
	form    map[string]string
	events  []string
	errs    map[string]string
	secret  string
	rotated bool
}

// webhookShow: GET /webhooks/{id}?before=<delivery id>
func (s *Server) webhookShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderWebhook(w, r, http.StatusOK, webhookShowState{})
}

func (s *Server) renderWebhook(w http.ResponseWriter, r *http.Request, status int, st webhookShowState) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Webhooks.Endpoint(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	v := webhookShowView{Endpoint: e, Secret: st.secret, Rotated: st.rotated, EditOpen: st.form != nil,
		Form: st.form, Events: webhookEvents(e.Events)}
	if st.form == nil {
		v.Form = map[string]string{"url": e.URL, "description": e.Description}
	} else {
		v.Events = webhookEvents(st.events)
	}
	if err := s.webhookLog(r, &v); err != nil {
		return err
	}
	return s.render(w, r, status, "admin/webhooks/show", &Page{Title: "Webhookの詳細", Data: v, Errors: st.errs})
}

// webhookLogPage is how many deliveries the endpoint page lists at once.
const webhookLogPage = 50

// webhookLog fills the delivery log, newest first, from ?before=.
func (s *Server) webhookLog(r *http.Request, v *webhookShowView) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	ds, err := s.Webhooks.Deliveries(r.Context(), v.Endpoint.Tenant, v.Endpoint.ID,
		webhooks.DeliveryPage{Limit: webhookLogPage + 1, Before: oroshi.ID(max(before, 0))})
	if err != nil {
		return err
	}
	if len(ds) > webhookLogPage {
		ds = ds[:webhookLogPage]
		v.Older = reqCtx(r).base() + "/webhooks/" + v.Endpoint.ID.String() + "?before=" + ds[len(ds)-1].ID.String()
	}
	for _, d := range ds {
		v.Deliveries = append(v.Deliveries, webhookDeliveryRow{Delivery: d})
	}
	return nil
}

// webhookUpdate: POST /webhooks/{id} saves URL, description and events.
func (s *Server) webhookUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, form := webhookInput(r)
	before, err := s.Webhooks.Endpoint(r.Context(), e.Tenant, id)
	if err != nil {
		return err
	}
	e.ID, e.Active = id, before.Active
	_, err = s.Webhooks.Update(r.Context(), e, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		st := webhookShowState{form: form, events: e.Events, errs: errs}
		return s.renderWebhook(w, r, http.StatusUnprocessableEntity, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "Webhookの設定を保存しました。")
	http.Redirect(w, r, reqCtx(r).base()+"/webhooks/"+id.String(), http.StatusSeeOther)
	return nil
}
