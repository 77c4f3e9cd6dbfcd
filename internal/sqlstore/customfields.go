package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

var _ customfields.Store = (*Store)(nil)

const fieldCols = `tenant_id, id, entity, key, label, type, choices, required, position, created_at, updated_at`

func scanField(sc interface{ Scan(...any) error }) (customfields.Field, error) {
	var f customfields.Field
	var choices string
	err := sc.Scan(&f.Tenant, &f.ID, &f.Entity, &f.Key, &f.Label, &f.Type, &choices, &f.Required,
		&f.Position, &f.CreatedAt, &f.UpdatedAt)
	if err != nil {
		return customfields.Field{}, err
	}
	if err := json.Unmarshal([]byte(choices), &f.Choices); err != nil {
		return customfields.Field{}, fmt.Errorf("field %s choices: %w", f.Key, err)
	}
	if len(f.Choices) == 0 {
		f.Choices = nil
	}
	return f, nil
}

func marshalChoices(choices []string) string {
	if len(choices) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(choices) // a []string always marshals
	return string(b)
}

// CustomFields lists the custom fields of entity e in tenant t by position.
func (s *Store) CustomFields(ctx context.Context, t oroshi.TenantID, e customfields.Entity) ([]customfields.Field, error) {
	var out []customfields.Field
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+fieldCols+` FROM custom_fields WHERE tenant_id = ? AND entity = ?
			ORDER BY position, id`, t, e)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanField(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("custom fields of %s: %w", e, err)
	}
	return out, nil
}

// CustomField returns one custom field of tenant t.
func (s *Store) CustomField(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (customfields.Field, error) {
	var f customfields.Field
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		f, err = scanField(c.row(ctx, `SELECT `+fieldCols+` FROM custom_fields WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return customfields.Field{}, fmt.Errorf("custom field %s: %w", id, s.translate(err))
	}
	return f, nil
}

// CreateCustomField inserts a field; a taken key of the entity wraps ErrConflict.
func (s *Store) CreateCustomField(ctx context.Context, f customfields.Field, ev audit.Event) (customfields.Field, error) {
	f.ID = s.NewID()
	f.CreatedAt, f.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, f.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO custom_fields (`+fieldCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.Tenant, f.ID, f.Entity, f.Key, f.Label, f.Type, marshalChoices(f.Choices), f.Required, f.Position,
			f.CreatedAt, f.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = f.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return customfields.Field{}, fmt.Errorf("create custom field %s: %w", f.Key, err)
	}
	return f, nil
}

// UpdateCustomField saves a field's label, choices and required flag.
func (s *Store) UpdateCustomField(ctx context.Context, f customfields.Field, ev audit.Event) (customfields.Field, error) {
	f.UpdatedAt = s.now()
	err := s.write(ctx, f.Tenant, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE custom_fields SET label = ?, choices = ?, required = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ?`, f.Label, marshalChoices(f.Choices), f.Required, f.UpdatedAt, f.Tenant, f.ID))
		if err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return customfields.Field{}, fmt.Errorf("update custom field %s: %w", f.ID, s.translate(err))
	}
	return f, nil
}

// DeleteCustomField removes a definition; stored values are left alone.
func (s *Store) DeleteCustomField(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := mustAffect(c.exec(ctx, `DELETE FROM custom_fields WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete custom field %s: %w", id, s.translate(err))
	}
	return nil
}

// ReorderCustomFields gives each field of e the position of its ID in ids;
// an ID that is not a field of e in tenant t fails the whole change.
func (s *Store) ReorderCustomFields(ctx context.Context, t oroshi.TenantID, e customfields.Entity, ids []oroshi.ID, ev audit.Event) error {
	now := s.now()
	err := s.write(ctx, t, func(c *conn) error {
		for i, id := range ids {
			err := mustAffect(c.exec(ctx, `UPDATE custom_fields SET position = ?, updated_at = ?
				WHERE tenant_id = ? AND entity = ? AND id = ?`, i, now, t, e, id))
			if err != nil {
				return fmt.Errorf("field %s: %w", id, err)
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("reorder custom fields of %s: %w", e, s.translate(err))
	}
	return nil
}

// FieldLabels returns the seller's labels for built-in fields of e.
func (s *Store) FieldLabels(ctx context.Context, t oroshi.TenantID, e customfields.Entity) (map[string]string, error) {
	out := map[string]string{}
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT field, label FROM field_labels WHERE tenant_id = ? AND entity = ?`, t, e)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f, l string
			if err := rows.Scan(&f, &l); err != nil {
				return err
			}
			out[f] = l
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("field labels of %s: %w", e, err)
	}
	return out, nil
}

// SetFieldLabels stores labels of built-in fields of e; an empty label
// removes the seller's label. Fields are written in sorted order so that
// concurrent changes lock rows in the same order.
func (s *Store) SetFieldLabels(ctx context.Context, t oroshi.TenantID, e customfields.Entity, labels map[string]string, ev audit.Event) error {
	fields := make([]string, 0, len(labels))
	for f := range labels {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	err := s.write(ctx, t, func(c *conn) error {
		for _, f := range fields {
			var err error
			if labels[f] == "" {
				_, err = c.exec(ctx, `DELETE FROM field_labels WHERE tenant_id = ? AND entity = ? AND field = ?`, t, e, f)
			} else {
				_, err = c.exec(ctx, `INSERT INTO field_labels (tenant_id, entity, field, label) VALUES (?, ?, ?, ?)
					ON CONFLICT (tenant_id, entity, field) DO UPDATE SET label = excluded.label`, t, e, f, labels[f])
			}
			if err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set field labels of %s: %w", e, s.translate(err))
	}
	return nil
}
