package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

var _ catalog.Store = (*Store)(nil)

const categoryCols = `tenant_id, id, parent_id, name, kana, position, created_at, updated_at`

func scanCategory(sc interface{ Scan(...any) error }) (catalog.Category, error) {
	var c catalog.Category
	var parent sql.NullInt64
	err := sc.Scan(&c.Tenant, &c.ID, &parent, &c.Name, &c.Kana, &c.Position, &c.CreatedAt, &c.UpdatedAt)
	c.ParentID = oroshi.ID(parent.Int64)
	return c, err
}

// parentMissing turns a foreign-key failure on parent_id (a parent that is
// not the tenant's) into a form message.
func parentMissing(err error) error {
	if errors.Is(err, oroshi.ErrNotFound) {
		return oroshi.Invalid("parent_id", "親カテゴリが見つかりません")
	}
	return err
}

// Categories lists all categories of tenant t, by parent and position.
func (s *Store) Categories(ctx context.Context, t oroshi.TenantID) ([]catalog.Category, error) {
	var out []catalog.Category
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+categoryCols+` FROM categories WHERE tenant_id = ?
			ORDER BY parent_id, position, name, id`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			cat, err := scanCategory(rows)
			if err != nil {
				return err
			}
			out = append(out, cat)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("categories: %w", s.translate(err))
	}
	return out, nil
}

// CreateCategory inserts a category; a parent that is not the tenant's is
// a form error.
func (s *Store) CreateCategory(ctx context.Context, cat catalog.Category, ev audit.Event) (catalog.Category, error) {
	cat.ID = s.NewID()
	cat.CreatedAt, cat.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, cat.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO categories (`+categoryCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			cat.Tenant, cat.ID, nullID(cat.ParentID), cat.Name, cat.Kana, cat.Position, cat.CreatedAt, cat.UpdatedAt)
		if err != nil {
			return parentMissing(s.translate(err))
		}
		if err := s.bumpCatalog(ctx, c, cat.Tenant); err != nil {
			return err
		}
		ev.TargetID = cat.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return catalog.Category{}, fmt.Errorf("create category %q: %w", cat.Name, err)
	}
	return cat, nil
}

// UpdateCategory saves a category's name, kana, parent and position.
func (s *Store) UpdateCategory(ctx context.Context, cat catalog.Category, ev audit.Event) (catalog.Category, error) {
	var out catalog.Category
	err := s.write(ctx, cat.Tenant, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE categories SET parent_id = ?, name = ?, kana = ?, position = ?, updated_at = ?
			WHERE tenant_id = ? AND id = ?`, nullID(cat.ParentID), cat.Name, cat.Kana, cat.Position, s.now(), cat.Tenant, cat.ID))
		if err != nil {
			if errors.Is(err, oroshi.ErrNotFound) {
				return err
			}
			return parentMissing(s.translate(err))
		}
		out, err = scanCategory(c.row(ctx, `SELECT `+categoryCols+` FROM categories WHERE tenant_id = ? AND id = ?`, cat.Tenant, cat.ID))
		if err != nil {
			return s.translate(err)
		}
		if err := s.bumpCatalog(ctx, c, cat.Tenant); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return catalog.Category{}, fmt.Errorf("update category %s: %w", cat.ID, err)
	}
	return out, nil
}

// DeleteCategory deletes an empty category. Subcategories and products are
// counted in the deleting transaction, so a product added meanwhile cannot
// slip under a deleted category (the foreign key would refuse too, with a
// less helpful error).
func (s *Store) DeleteCategory(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		var children, products int
		err := c.row(ctx, `SELECT
			(SELECT count(*) FROM categories WHERE tenant_id = ? AND parent_id = ?),
			(SELECT count(*) FROM products WHERE tenant_id = ? AND category_id = ?)`, t, id, t, id).Scan(&children, &products)
		if err != nil {
			return s.translate(err)
		}
		if err := catalog.CategoryInUse(children, products); err != nil {
			return err
		}
		if err := mustAffect(c.exec(ctx, `DELETE FROM categories WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return s.translate(err)
		}
		if err := s.bumpCatalog(ctx, c, t); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete category %s: %w", id, err)
	}
	return nil
}
