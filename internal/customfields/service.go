package customfields

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Store is what custom fields need from the database. Methods that change
// data take the audit event to write in the same transaction.
type Store interface {
	// CustomFields lists the fields of entity e by position.
	CustomFields(ctx context.Context, t oroshi.TenantID, e Entity) ([]Field, error)
	CustomField(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Field, error)
	// CreateCustomField inserts f; a taken key of the entity wraps ErrConflict.
	CreateCustomField(ctx context.Context, f Field, ev audit.Event) (Field, error)
	// UpdateCustomField saves label, choices and required of f.
	UpdateCustomField(ctx context.Context, f Field, ev audit.Event) (Field, error)
	DeleteCustomField(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error
	// ReorderCustomFields sets the position of each field of e to its index in ids.
	ReorderCustomFields(ctx context.Context, t oroshi.TenantID, e Entity, ids []oroshi.ID, ev audit.Event) error
	// FieldLabels returns the stored overrides of e's built-in labels.
	FieldLabels(ctx context.Context, t oroshi.TenantID, e Entity) (map[string]string, error)
	// SetFieldLabels stores overrides; an empty label removes the override.
	SetFieldLabels(ctx context.Context, t oroshi.TenantID, e Entity, labels map[string]string, ev audit.Event) error
}

// Service holds the rules about field definitions and labels.
type Service struct {
	Store Store
}

// Audit actions.
const (
	ActionCreate = "項目設定（作成）"
	ActionUpdate = "項目設定（更新）"
	ActionDelete = "項目設定（削除）"
	ActionLabels = "項目名（更新）"
)

// Fields lists the custom fields of e in tenant t, in display order.
func (s *Service) Fields(ctx context.Context, t oroshi.TenantID, e Entity) ([]Field, error) {
	if !e.Valid() {
		return nil, fmt.Errorf("custom fields of %q: %w", e, oroshi.ErrNotFound)
	}
	return s.Store.CustomFields(ctx, t, e)
}

// Field returns one custom field of tenant t.
func (s *Service) Field(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Field, error) {
	return s.Store.CustomField(ctx, t, id)
}

// CreateField defines a new field at the end of its entity's list.
func (s *Service) CreateField(ctx context.Context, f Field, actor audit.Actor) (Field, error) {
	f = NormalizeField(f)
	if err := ValidateField(f); err != nil {
		return Field{}, err
	}
	existing, err := s.Store.CustomFields(ctx, f.Tenant, f.Entity)
	if err != nil {
		return Field{}, fmt.Errorf("create field %s: %w", f.Key, err)
	}
	if len(existing) >= MaxFields {
		return Field{}, oroshi.Invalid("key", fmt.Sprintf("独自項目は%d個までです", MaxFields))
	}
	if err := s.checkLabel(ctx, f, existing); err != nil {
		return Field{}, err
	}
	f.Position = 0
	for _, x := range existing {
		f.Position = max(f.Position, x.Position+1)
	}
	ev := actor.Event(ActionCreate, "custom_field", "")
	ev.Tenant = f.Tenant
	ev.Detail = map[string]any{"entity": string(f.Entity), "key": f.Key, "label": f.Label,
		"type": string(f.Type), "choices": f.Choices, "required": f.Required}
	created, err := s.Store.CreateCustomField(ctx, f, ev)
	if errors.Is(err, oroshi.ErrConflict) {
		return Field{}, oroshi.Invalid("key", "この項目キーは既に使われています")
	}
	if err != nil {
		return Field{}, fmt.Errorf("create field %s: %w", f.Key, err)
	}
	return created, nil
}

// UpdateField changes the label, choices and required flag of a field. Its
// key and type are fixed: values already stored are keyed and shaped by them.
func (s *Service) UpdateField(ctx context.Context, f Field, actor audit.Actor) (Field, error) {
	before, err := s.Store.CustomField(ctx, f.Tenant, f.ID)
	if err != nil {
		return Field{}, fmt.Errorf("update field %s: %w", f.ID, err)
	}
	v := &oroshi.ValidationError{}
	if f.Key != "" && f.Key != before.Key {
		v.Add("key", "項目キーは変更できません")
	}
	if f.Type != "" && f.Type != before.Type {
		v.Add("type", "項目の種類は変更できません。新しい項目を作成してください")
	}
	if err := v.Err(); err != nil {
		return Field{}, err
	}
	after := before
	after.Label, after.Choices, after.Required = f.Label, f.Choices, f.Required
	after = NormalizeField(after)
	if err := ValidateField(after); err != nil {
		return Field{}, err
	}
	existing, err := s.Store.CustomFields(ctx, f.Tenant, before.Entity)
	if err != nil {
		return Field{}, fmt.Errorf("update field %s: %w", f.ID, err)
	}
	if err := s.checkLabel(ctx, after, existing); err != nil {
		return Field{}, err
	}
	diff := audit.Diff(fieldMap(before), fieldMap(after))
	if len(diff) == 0 {
		return before, nil
	}
	ev := actor.Event(ActionUpdate, "custom_field", f.ID.String())
	ev.Tenant = f.Tenant
	ev.Detail = diff
	return s.Store.UpdateCustomField(ctx, after, ev)
}

// DeleteField removes a definition. Values already stored stay in the
// records' JSON, no longer shown or exported; they go when a record is next
// saved. A new field with the same key would show them again.
func (s *Service) DeleteField(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	before, err := s.Store.CustomField(ctx, t, id)
	if err != nil {
		return fmt.Errorf("delete field %s: %w", id, err)
	}
	ev := actor.Event(ActionDelete, "custom_field", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"entity": string(before.Entity), "key": before.Key, "label": before.Label}
	return s.Store.DeleteCustomField(ctx, t, id, ev)
}

// ReorderFields puts the fields of e in the order of ids, which must name
// every field of e exactly once.
func (s *Service) ReorderFields(ctx context.Context, t oroshi.TenantID, e Entity, ids []oroshi.ID, actor audit.Actor) error {
	existing, err := s.Fields(ctx, t, e)
	if err != nil {
		return fmt.Errorf("reorder fields: %w", err)
	}
	byID := make(map[oroshi.ID]string, len(existing))
	before := make([]string, 0, len(existing))
	for _, f := range existing {
		byID[f.ID] = f.Key
		before = append(before, f.Key)
	}
	after := make([]string, 0, len(ids))
	for _, id := range ids {
		key, ok := byID[id]
		if !ok || slices.Contains(after, key) {
			return oroshi.Invalid("order", "項目の並び順が正しくありません。画面を再読み込みしてください")
		}
		after = append(after, key)
	}
	if len(after) != len(before) {
		return oroshi.Invalid("order", "項目の並び順が正しくありません。画面を再読み込みしてください")
	}
	if slices.Equal(before, after) {
		return nil
	}
	ev := actor.Event(ActionUpdate, "custom_field", string(e))
	ev.Tenant = t
	ev.Detail = map[string]any{"order": audit.Change{Before: before, After: after}}
	return s.Store.ReorderCustomFields(ctx, t, e, ids, ev)
}

func fieldMap(f Field) map[string]any {
	choices := f.Choices
	if choices == nil {
		choices = []string{}
	}
	return map[string]any{"label": f.Label, "choices": choices, "required": f.Required}
}

// Check validates the custom values of one record of entity e against the
// tenant's current definitions; see Validate. Services of other entities
// (catalog) call it before saving.
func (s *Service) Check(ctx context.Context, t oroshi.TenantID, e Entity, values map[string]any) (map[string]any, error) {
	defs, err := s.Fields(ctx, t, e)
	if err != nil {
		return nil, fmt.Errorf("check custom values: %w", err)
	}
	return Validate(defs, values)
}
