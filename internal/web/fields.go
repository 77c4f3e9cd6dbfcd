package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Field settings (項目設定): the seller's custom fields of buyers and
// products, and its own names for the built-in fields.

type fieldSettingsView struct {
	Entity   string
	Entities []buyerOption // one tab per entity
	Fields   []fieldRow
	Types    []buyerOption
	Form     map[string]string // the new field form
	Builtins []builtinLabel
}

type fieldRow struct {
	customfields.Field
	Up, Down []oroshi.ID // the order after moving it; nil at the ends
	Form     map[string]string
	Errors   map[string]string
	Open     bool // its edit form failed: show it open
}

// builtinLabel is one row of the built-in field names table.
type builtinLabel struct {
	Field, Default, Current, Error string
}

// fieldState is a failed form of the page.
type fieldState struct {
	Entity customfields.Entity
	EditID oroshi.ID         // the field whose edit form failed
	Form   map[string]string // values of the failed form
	Errors map[string]string
}

// fieldEntity reads ?entity= or the form's entity; buyers by default.
func fieldEntity(r *http.Request) customfields.Entity {
	if e := customfields.Entity(r.FormValue("entity")); e != "" {
		return e
	}
	return customfields.EntityBuyer
}

func fieldsURL(r *http.Request, e customfields.Entity) string {
	return reqCtx(r).base() + "/settings/fields?entity=" + url.QueryEscape(string(e))
}

// fieldSettings: GET /settings/fields?entity=buyer|product
func (s *Server) fieldSettings(w http.ResponseWriter, r *http.Request) error {
	return s.renderFields(w, r, http.StatusOK, fieldState{Entity: fieldEntity(r)})
}

func (s *Server) renderFields(w http.ResponseWriter, r *http.Request, status int, st fieldState) error {
	t := reqCtx(r).tenant.ID
	defs, err := s.Fields.Fields(r.Context(), t, st.Entity)
	if err != nil {
		return err
	}
	labels, err := s.Fields.Labels(r.Context(), t, st.Entity)
	if err != nil {
		return err
	}
	v := fieldSettingsView{Entity: string(st.Entity), Fields: fieldRows(defs, st)}
	for _, e := range []customfields.Entity{customfields.EntityBuyer, customfields.EntityProduct} {
		v.Entities = append(v.Entities, buyerOption{string(e), e.Label(), e == st.Entity})
	}
	for _, ty := range customfields.Types() {
		v.Types = append(v.Types, buyerOption{string(ty), ty.Label(), st.EditID == 0 && string(ty) == st.Form["type"]})
	}
	p := &Page{Title: "項目設定", Errors: st.Errors}
	if st.EditID == 0 {
		v.Form = st.Form
	} else {
		p.Errors = map[string]string{"form": "入力内容に誤りがあります。"}
	}
	for _, b := range customfields.Builtins(st.Entity) {
		current := labels[b.Field]
		if posted, ok := st.Form["labels."+b.Field]; ok {
			current = posted
		}
		v.Builtins = append(v.Builtins, builtinLabel{b.Field, b.Label, current, st.Errors["labels."+b.Field]})
	}
	p.Data = v
	return s.render(w, r, status, "admin/fields/index", p)
}

func fieldRows(defs []customfields.Field, st fieldState) []fieldRow {
	ids := make([]oroshi.ID, len(defs))
	for i, d := range defs {
		ids[i] = d.ID
	}
	rows := make([]fieldRow, len(defs))
	for i, d := range defs {
		row := fieldRow{Field: d, Form: map[string]string{"label": d.Label,
			"choices": strings.Join(d.Choices, "\n"), "required": onOff(d.Required)}}
		if i > 0 {
			row.Up = swapped(ids, i, i-1)
		}
		if i < len(defs)-1 {
			row.Down = swapped(ids, i, i+1)
		}
		if d.ID == st.EditID {
			row.Form, row.Errors, row.Open = st.Form, st.Errors, true
		}
		rows[i] = row
	}
	return rows
}

func swapped(ids []oroshi.ID, i, j int) []oroshi.ID {
	out := append([]oroshi.ID(nil), ids...)
	out[i], out[j] = out[j], out[i]
	return out
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func fieldValues(r *http.Request) map[string]string {
	return map[string]string{"key": r.PostFormValue("key"), "label": r.PostFormValue("label"),
		"type": r.PostFormValue("type"), "choices": r.PostFormValue("choices"), "required": r.PostFormValue("required")}
}

// fieldCreate: POST /settings/fields
func (s *Server) fieldCreate(w http.ResponseWriter, r *http.Request) error {
	e, form := fieldEntity(r), fieldValues(r)
	f := customfields.Field{Tenant: reqCtx(r).tenant.ID, Entity: e, Key: form["key"], Label: form["label"],
		Type: customfields.Type(form["type"]), Choices: customfields.ParseChoices(form["choices"]),
		Required: form["required"] == "on"}
	_, err := s.Fields.CreateField(r.Context(), f, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		if !e.Valid() {
			return oroshi.ErrNotFound
		}
		return s.renderFields(w, r, http.StatusUnprocessableEntity, fieldState{Entity: e, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "項目を追加しました。")
	http.Redirect(w, r, fieldsURL(r, e), http.StatusSeeOther)
	return nil
}

// fieldUpdate: POST /settings/fields/{id} changes label, choices, required.
func (s *Server) fieldUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	before, err := s.Fields.Field(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	form := fieldValues(r)
	f := customfields.Field{ID: id, Tenant: rc.tenant.ID, Label: form["label"],
		Choices: customfields.ParseChoices(form["choices"]), Required: form["required"] == "on"}
	_, err = s.Fields.UpdateField(r.Context(), f, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		st := fieldState{Entity: before.Entity, EditID: id, Form: form, Errors: errs}
		return s.renderFields(w, r, http.StatusUnprocessableEntity, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "項目を更新しました。")
	http.Redirect(w, r, fieldsURL(r, before.Entity), http.StatusSeeOther)
	return nil
}
