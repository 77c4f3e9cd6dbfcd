package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// fieldDelete: POST /settings/fields/{id}/delete. Stored values stay in
// the records but are no longer shown (see customfields.DeleteField).
func (s *Server) fieldDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Fields.Field(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	if err := s.Fields.DeleteField(r.Context(), rc.tenant.ID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "項目を削除しました。")
	http.Redirect(w, r, fieldsURL(r, f.Entity), http.StatusSeeOther)
	return nil
}

// fieldReorder: POST /settings/fields/order with every field's id in the
// new order (the up and down buttons each post one).
func (s *Server) fieldReorder(w http.ResponseWriter, r *http.Request) error {
	e := fieldEntity(r)
	var ids []oroshi.ID
	for _, v := range r.PostForm["id"] {
		id, err := oroshi.ParseID(v)
		if err != nil {
			return fmt.Errorf("field order: %w", errBadRequest)
		}
		ids = append(ids, id)
	}
	err := s.Fields.ReorderFields(r.Context(), reqCtx(r).tenant.ID, e, ids, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		return s.renderFields(w, r, http.StatusConflict, fieldState{Entity: e, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "並び順を変更しました。")
	http.Redirect(w, r, fieldsURL(r, e), http.StatusSeeOther)
	return nil
}

// fieldLabels: POST /settings/fields/labels renames built-in fields
// (label.<field>); an empty name goes back to the default.
func (s *Server) fieldLabels(w http.ResponseWriter, r *http.Request) error {
	e := fieldEntity(r)
	change, form := map[string]string{}, map[string]string{}
	for _, b := range customfields.Builtins(e) {
		if v, ok := r.PostForm["label."+b.Field]; ok && len(v) > 0 {
			change[b.Field] = strings.TrimSpace(v[0])
			form["labels."+b.Field] = v[0]
		}
	}
	err := s.Fields.SetLabels(r.Context(), reqCtx(r).tenant.ID, e, change, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		if !e.Valid() {
			return oroshi.ErrNotFound
		}
		return s.renderFields(w, r, http.StatusUnprocessableEntity, fieldState{Entity: e, Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "項目名を保存しました。")
	http.Redirect(w, r, fieldsURL(r, e)+"#labels", http.StatusSeeOther)
	return nil
}
