package customfields

import (
	"context"
	"fmt"
	"maps"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Labels returns the labels of e's built-in fields in tenant t: the
// seller's own where set, the defaults elsewhere.
func (s *Service) Labels(ctx context.Context, t oroshi.TenantID, e Entity) (map[string]string, error) {
	if !e.Valid() {
		return nil, fmt.Errorf("labels of %q: %w", e, oroshi.ErrNotFound)
	}
	overrides, err := s.Store.FieldLabels(ctx, t, e)
	if err != nil {
		return nil, fmt.Errorf("labels of %s: %w", e, err)
	}
	return Labels(e, overrides), nil
}

// SetLabels renames built-in fields of e. Only the fields in change are
// touched; an empty label (or the default one) goes back to the default.
// Labels must stay distinct from each other and from custom fields' labels,
// so that a screen or a CSV header never names two fields alike.
func (s *Service) SetLabels(ctx context.Context, t oroshi.TenantID, e Entity, change map[string]string, actor audit.Actor) error {
	norm, err := normalizeLabels(e, change)
	if err != nil {
		return err
	}
	overrides, err := s.Store.FieldLabels(ctx, t, e)
	if err != nil {
		return fmt.Errorf("set labels of %s: %w", e, err)
	}
	next := maps.Clone(overrides)
	if next == nil {
		next = map[string]string{}
	}
	for f, l := range norm {
		if l == "" {
			delete(next, f)
		} else {
			next[f] = l
		}
	}
	before, after := Labels(e, overrides), Labels(e, next)
	fields, err := s.Store.CustomFields(ctx, t, e)
	if err != nil {
		return fmt.Errorf("set labels of %s: %w", e, err)
	}
	if err := checkDistinct(e, after, fields); err != nil {
		return err
	}
	diff := audit.Diff(anyMap(before), anyMap(after))
	if len(diff) == 0 {
		return nil
	}
	ev := actor.Event(ActionLabels, "field_labels", string(e))
	ev.Tenant = t
	ev.Detail = diff
	return s.Store.SetFieldLabels(ctx, t, e, norm, ev)
}

// checkLabel refuses a custom field label already used by another custom
// field or by a built-in field of the same entity.
func (s *Service) checkLabel(ctx context.Context, f Field, existing []Field) error {
	for _, x := range existing {
		if x.ID != f.ID && x.Label == f.Label {
			return oroshi.Invalid("label", "この項目名は既に使われています")
		}
	}
	labels, err := s.Labels(ctx, f.Tenant, f.Entity)
	if err != nil {
		return err
	}
	for _, l := range labels {
		if l == f.Label {
			return oroshi.Invalid("label", "この項目名は標準の項目で使われています")
		}
	}
	return nil
}

func checkDistinct(e Entity, labels map[string]string, fields []Field) error {
	v := &oroshi.ValidationError{}
	seen := map[string]string{}
	for _, f := range fields {
		seen[f.Label] = "custom." + f.Key
	}
	for _, b := range Builtins(e) {
		l := labels[b.Field]
		if other, ok := seen[l]; ok && other != b.Field {
			v.Add("labels."+b.Field, "「"+l+"」は他の項目で使われています")
		}
		seen[l] = b.Field
	}
	return v.Err()
}

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
