package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Incidents (障害): the watchdog opens and closes its own; operators record
// the others, correct times and causes, and announce an incident to the
// affected tenants' administrators (mail plus a notice on their home).

type incidentsView struct {
	Rows     []incidentRow
	Incident *incidentRow // the one being edited; nil on the list
	Form     map[string]string
	Tenants  []tenantChoice
}

type incidentRow struct {
	incident.Incident
	Duration string
	Affected string // "全契約者" or the tenants' names
}

type tenantChoice struct {
	ID      oroshi.TenantID
	Name    string
	Checked bool
}

func (s *Server) incidents() *incident.Service {
	return &incident.Service{Store: s.Monitoring, Now: time.Now}
}

func (s *Server) opsIncidents(w http.ResponseWriter, r *http.Request) error {
	return s.renderIncidents(w, r, http.StatusOK, nil, nil, nil)
}

func (s *Server) opsIncident(w http.ResponseWriter, r *http.Request) error {
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	in, err := s.Monitoring.Incident(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderIncidents(w, r, http.StatusOK, &in, incidentForm(in), nil)
}

func (s *Server) renderIncidents(w http.ResponseWriter, r *http.Request, status int, editing *incident.Incident, form, errs map[string]string) error {
	ctx := r.Context()
	tenants, err := s.Tenants.Tenants(ctx)
	if err != nil {
		return err
	}
	names := map[oroshi.TenantID]string{}
	for _, t := range tenants {
		names[t.ID] = t.Name
	}
	if form == nil {
		form = map[string]string{"affected": "all", "started_at": time.Now().In(jstZoneFixed).Format(jstInput)}
	}
	v := incidentsView{Form: form, Tenants: tenantChoices(tenants, form["tenants"])}
	title := "障害"
	if editing != nil {
		row := incidentRowOf(*editing, names)
		v.Incident, title = &row, "障害の記録"
	} else {
		list, err := s.Monitoring.Incidents(ctx, 200)
		if err != nil {
			return err
		}
		for _, in := range list {
			v.Rows = append(v.Rows, incidentRowOf(in, names))
		}
	}
	return s.render(w, r, status, "ops/incidents", &Page{Title: title, Data: v, Errors: errs})
}

var jstZoneFixed = time.FixedZone("JST", 9*60*60)

func incidentRowOf(in incident.Incident, names map[oroshi.TenantID]string) incidentRow {
	row := incidentRow{Incident: in, Duration: clockDuration(in.Duration(time.Now())), Affected: "全契約者"}
	if !in.AllTenants {
		var list []string
		for _, t := range in.Tenants {
			list = append(list, orDefault(names[t], "#"+strconv.FormatInt(int64(t), 10)))
		}
		row.Affected = strings.Join(list, "、")
	}
	return row
}

// clockDuration shows a duration as h:mm:ss, the same in every language.
func clockDuration(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

func tenantChoices(tenants []tenancy.Tenant, checked string) []tenantChoice {
	ids := strings.Split(checked, ",")
	var out []tenantChoice
	for _, t := range tenants {
		if t.ID == oroshi.PlatformTenant {
			continue
		}
		out = append(out, tenantChoice{ID: t.ID, Name: t.Name, Checked: slices.Contains(ids, strconv.FormatInt(int64(t.ID), 10))})
	}
	return out
}

// incidentForm is the form values of a stored incident.
func incidentForm(in incident.Incident) map[string]string {
	f := map[string]string{"started_at": in.StartedAt.In(jstZoneFixed).Format(jstInput), "cause": in.Cause,
		"description": in.Description, "affected": "all", "tenants": incident.FormatTenants(false, in.Tenants)}
	if in.EndedAt != nil {
		f["ended_at"] = in.EndedAt.In(jstZoneFixed).Format(jstInput)
	}
	if !in.AllTenants {
		f["affected"] = "list"
	}
	return f
}

// opsIncidentSave records a new incident (POST /ops/incidents) or corrects
// one (POST /ops/incidents/{id}).
func (s *Server) opsIncidentSave(w http.ResponseWriter, r *http.Request) error {
	var in incident.Incident
	if raw := r.PathValue("id"); raw != "" {
		id, err := oroshi.ParseID(raw)
		if err != nil {
			return err
		}
		if in, err = s.Monitoring.Incident(r.Context(), id); err != nil {
			return err
		}
	}
	form := map[string]string{"affected": r.PostFormValue("affected"), "tenants": strings.Join(r.PostForm["tenant"], ",")}
	for _, k := range []string{"started_at", "ended_at", "cause", "description"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in.StartedAt, in.EndedAt = parseJST(form["started_at"]), nil
	if end := parseJST(form["ended_at"]); !end.IsZero() {
		in.EndedAt = &end
	}
	in.Cause, in.Description, in.AllTenants = form["cause"], form["description"], form["affected"] != "list"
	_, ts, err := incident.ParseTenants(form["tenants"])
	if err != nil {
		return oroshi.Invalid("tenants", "影響のある契約者を選んでください。")
	}
	in.Tenants = ts
	saved, err := s.incidents().Save(r.Context(), in, buyerActor(r))
	if fields, ok := asFieldErrors(err); ok {
		var editing *incident.Incident
		if in.ID != 0 {
			editing = &in
		}
		return s.renderIncidents(w, r, http.StatusUnprocessableEntity, editing, form, fields)
	}
	if err != nil {
		return err
	}
	setFlash(w, "障害を記録しました。")
	http.Redirect(w, r, "/ops/incidents/"+saved.ID.String(), http.StatusSeeOther)
	return nil
}

func (s *Server) opsIncidentAnnounce(w http.ResponseWriter, r *http.Request) error {
	id, err := oroshi.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.incidents().Announce(r.Context(), id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "影響のある契約者の管理者へメールとお知らせで通知しました。")
	http.Redirect(w, r, "/ops/incidents/"+id.String(), http.StatusSeeOther)
	return nil
}
