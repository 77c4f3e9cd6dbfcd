package api

import (
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Custom fields (独自項目) of buyers and products: /api/v1/custom-fields.
// The scope depends on the entity a field belongs to, so the routes ask for
// none and the handlers check it: buyers:read / buyers:write for buyer
// fields, catalog:read / catalog:write for product fields.

// CustomField is one custom field definition.
type CustomField struct {
	ID        string    `json:"id" doc:"独自項目ID"`
	Entity    string    `json:"entity" doc:"対象: buyer（取引先）または product（商品）"`
	Key       string    `json:"key" doc:"項目キー（値の JSON キー。作成後は変更不可）"`
	Label     string    `json:"label" doc:"項目名"`
	Type      string    `json:"type" doc:"種類: text, number, date, choice（作成後は変更不可）"`
	Choices   []string  `json:"choices" doc:"選択肢（type が choice のとき）"`
	Required  bool      `json:"required" doc:"必須か"`
	Position  int       `json:"position" doc:"表示順"`
	CreatedAt time.Time `json:"created_at" doc:"登録日時（RFC 3339）"`
	UpdatedAt time.Time `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// CustomFieldCreate is the body of POST /api/v1/custom-fields.
type CustomFieldCreate struct {
	Entity   string   `json:"entity" doc:"対象: buyer または product"`
	Key      string   `json:"key" doc:"項目キー（半角英小文字で始まる、英小文字・数字・_ の40文字以内）"`
	Label    string   `json:"label" doc:"項目名（50文字以内）"`
	Type     string   `json:"type" doc:"種類: text, number, date, choice"`
	Choices  []string `json:"choices,omitempty" doc:"選択肢（type が choice のとき1〜100個）"`
	Required bool     `json:"required,omitempty" doc:"必須か"`
}

// CustomFieldPatch is the body of PATCH /api/v1/custom-fields/{id}: only
// the fields sent change. Key and type cannot change; sending another
// value is a validation error.
type CustomFieldPatch struct {
	Key      *string   `json:"key,omitempty" doc:"変更不可（送る場合は現在の値）"`
	Type     *string   `json:"type,omitempty" doc:"変更不可（送る場合は現在の値）"`
	Label    *string   `json:"label,omitempty" doc:"項目名"`
	Choices  *[]string `json:"choices,omitempty" doc:"選択肢（全体を置き換える）"`
	Required *bool     `json:"required,omitempty" doc:"必須か"`
}

func customFieldOut(f customfields.Field) CustomField {
	choices := f.Choices
	if choices == nil {
		choices = []string{}
	}
	return CustomField{ID: f.ID.String(), Entity: string(f.Entity), Key: f.Key, Label: f.Label,
		Type: string(f.Type), Choices: choices, Required: f.Required, Position: f.Position,
		CreatedAt: utc(f.CreatedAt), UpdatedAt: utc(f.UpdatedAt)}
}

// entityScope is the scope that reading (write=false) or changing the
// fields of entity e needs; "" for an unknown entity.
func entityScope(e customfields.Entity, write bool) string {
	switch {
	case e == customfields.EntityBuyer && write:
		return apikeys.BuyersWrite
	case e == customfields.EntityBuyer:
		return apikeys.BuyersRead
	case e == customfields.EntityProduct && write:
		return apikeys.CatalogWrite
	case e == customfields.EntityProduct:
		return apikeys.CatalogRead
	}
	return ""
}

// listCustomFields answers GET /api/v1/custom-fields?entity=buyer|product
// (at most customfields.MaxFields, all on one page).
func (s *server) listCustomFields(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	e := customfields.Entity(q.Get("entity"))
	if !e.Valid() {
		return badParam("entity", "entity は buyer または product を指定してください")
	}
	if err := requireScope(p.Key, entityScope(e, false)); err != nil {
		return err
	}
	fs, err := s.fields.Fields(r.Context(), p.Tenant.ID, e)
	if err != nil {
		return err
	}
	out := List[CustomField]{Data: make([]CustomField, 0, len(fs))}
	for _, f := range fs {
		out.Data = append(out.Data, customFieldOut(f))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createCustomField answers POST /api/v1/custom-fields.
func (s *server) createCustomField(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in CustomFieldCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e := customfields.Entity(in.Entity)
	if !e.Valid() {
		return oroshi.Invalid("entity", "対象は buyer（取引先）または product（商品）を指定してください")
	}
	if err := requireScope(p.Key, entityScope(e, true)); err != nil {
		return err
	}
	f := customfields.Field{Tenant: p.Tenant.ID, Entity: e, Key: in.Key, Label: in.Label,
		Type: customfields.Type(in.Type), Choices: in.Choices, Required: in.Required}
	created, err := s.fields.CreateField(r.Context(), f, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, customFieldOut(created))
	return nil
}

// fieldOfPath reads the field of the path and checks the key's scope for
// its entity.
func (s *server) fieldOfPath(r *http.Request, p principal) (customfields.Field, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return customfields.Field{}, err
	}
	f, err := s.fields.Field(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return customfields.Field{}, err
	}
	if err := requireScope(p.Key, entityScope(f.Entity, true)); err != nil {
		return customfields.Field{}, err
	}
	return f, nil
}

// patchCustomField answers PATCH /api/v1/custom-fields/{id}.
func (s *server) patchCustomField(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := s.fieldOfPath(r, p)
	if err != nil {
		return err
	}
	var in CustomFieldPatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	set(&f.Key, in.Key)
	if in.Type != nil {
		f.Type = customfields.Type(*in.Type)
	}
	set(&f.Label, in.Label)
	set(&f.Choices, in.Choices)
	set(&f.Required, in.Required)
	updated, err := s.fields.UpdateField(r.Context(), f, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, customFieldOut(updated))
	return nil
}

// deleteCustomField answers DELETE /api/v1/custom-fields/{id}. Values
// already stored stay in the records, no longer shown, and go when a record
// is next saved.
func (s *server) deleteCustomField(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	f, err := s.fieldOfPath(r, p)
	if err != nil {
		return err
	}
	if err := s.fields.DeleteField(r.Context(), p.Tenant.ID, f.ID, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
