package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/ops"
)

// The operators' maintenance console: windows (planned, emergency), the
// service-end notice, and the maintenance-mode switch; and the operators'
// announcements (ops_announcements.go).
func (s *Server) maintenanceRoutes(mux *http.ServeMux) {
	a, perm := areaOps, identity.PermOpsConsole
	mux.Handle("GET /ops/maintenance", s.page(a, perm, s.opsMaintenance))
	mux.Handle("POST /ops/maintenance", s.page(a, perm, s.opsMaintenanceSchedule))
	mux.Handle("POST /ops/maintenance/{id}/cancel", s.page(a, perm, s.opsMaintenanceCancel))
	mux.Handle("POST /ops/maintenance/mode", s.page(a, perm, s.opsMaintenanceMode))
	mux.Handle("GET /ops/announcements", s.page(a, perm, s.opsAnnouncements))
	mux.Handle("POST /ops/announcements", s.page(a, perm, s.opsAnnouncementCreate))
	mux.Handle("POST /ops/announcements/{id}/delete", s.page(a, perm, s.opsAnnouncementDelete))
}

type maintenanceView struct {
	Mode             ops.Mode
	Status           ops.Status
	Tables           []windowTable // upcoming (soonest first), then past
	Form             map[string]string
	ModeForm         map[string]string
	MinPlannedStart  string // the earliest start of a planned window, for the hint
	MinServiceEndDay string
}

type windowTable struct {
	Title  string
	Rows   []ops.Window
	Cancel bool // rows can be canceled
}

// jstInput is the layout of datetime-local inputs, read in JST.
const jstInput = "2006-01-02T15:04"

func (s *Server) opsMaintenance(w http.ResponseWriter, r *http.Request) error {
	return s.renderMaintenance(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderMaintenance(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	ctx := r.Context()
	mode, err := s.Ops.Store.MaintenanceMode(ctx)
	if err != nil {
		return err
	}
	all, err := s.Ops.Store.Windows(ctx, 100)
	if err != nil {
		return err
	}
	now := s.Ops.Now()
	v := maintenanceView{Mode: mode, Status: s.Gate.Status(ctx), Form: form,
		MinPlannedStart:  ops.DateJST(now.Add(ops.PlannedNotice)),
		MinServiceEndDay: ops.DateJST(now.AddDate(0, ops.ServiceEndMonths, 0))}
	if v.Form == nil {
		v.Form = map[string]string{"kind": ops.KindPlanned}
	}
	upcoming := windowTable{Title: "予定・告知中のお知らせ", Cancel: true}
	past := windowTable{Title: "終了・中止したお知らせ"}
	for _, x := range all {
		if x.Announced(now) {
			upcoming.Rows = append([]ops.Window{x}, upcoming.Rows...)
		} else {
			past.Rows = append(past.Rows, x)
		}
	}
	v.Tables = []windowTable{upcoming, past}
	return s.render(w, r, status, "ops/maintenance", &Page{Title: "メンテナンス", Data: v, Errors: errs})
}

func (s *Server) opsMaintenanceSchedule(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{}
	for _, k := range []string{"kind", "start", "end", "end_date", "message", "stop"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	win := ops.Window{Kind: form["kind"], Message: form["message"], Stop: form["stop"] == "1"}
	win.Start, win.End = parseJST(form["start"]), parseJST(form["end"])
	if win.Kind == ops.KindServiceEnd {
		win.End = parseJSTDay(form["end_date"])
	}
	_, _, err := s.Ops.Schedule(r.Context(), win, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		return s.renderMaintenance(w, r, http.StatusUnprocessableEntity, form, fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "お知らせを登録し、契約者の管理者へメールを送信しました。")
	http.Redirect(w, r, "/ops/maintenance", http.StatusSeeOther)
	return nil
}

func (s *Server) opsMaintenanceCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.Ops.Cancel(r.Context(), id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "メンテナンスを中止し、契約者の管理者へお知らせしました。")
	http.Redirect(w, r, "/ops/maintenance", http.StatusSeeOther)
	return nil
}

func (s *Server) opsMaintenanceMode(w http.ResponseWriter, r *http.Request) error {
	m := ops.Mode{On: r.PostFormValue("on") == "1", Message: strings.TrimSpace(r.PostFormValue("message"))}
	if u := parseJST(r.PostFormValue("until")); !u.IsZero() {
		m.Until = &u
	}
	err := s.Ops.SetMode(r.Context(), m, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		return s.renderMaintenance(w, r, http.StatusUnprocessableEntity, nil, prefixed("mode.", fields))
	}
	if err != nil {
		return err
	}
	msg := "メンテナンスモードを解除しました。"
	if m.On {
		msg = "メンテナンスモードを開始しました。"
	}
	setFlash(w, msg)
	http.Redirect(w, r, "/ops/maintenance", http.StatusSeeOther)
	return nil
}

// parseJST reads a datetime-local value as JST; a bad value is the zero
// time, which the rules report as missing.
func parseJST(v string) time.Time {
	t, err := time.ParseInLocation(jstInput, v, ops.JST)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// parseJSTDay reads a date as the last second of that day in JST.
func parseJSTDay(v string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", v, ops.JST)
	if err != nil {
		return time.Time{}
	}
	return t.AddDate(0, 0, 1).Add(-time.Second).UTC()
}
