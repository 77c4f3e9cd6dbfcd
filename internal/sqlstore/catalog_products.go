package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// CreateProduct inserts a product with its SKUs, their search entries and
// its visibility, and the event, in one transaction: a 品番 already used by
// the tenant fails with catalog.CodeTaken and leaves nothing behind.
func (s *Store) CreateProduct(ctx context.Context, p catalog.Product, ev audit.Event) (catalog.Product, error) {
	p.ID = s.NewID()
	p.CreatedAt, p.UpdatedAt = s.now(), s.now()
	for i := range p.SKUs {
		sku := &p.SKUs[i]
		sku.ID, sku.ProductID, sku.Position = s.NewID(), p.ID, i
		sku.CreatedAt, sku.UpdatedAt = p.CreatedAt, p.CreatedAt
	}
	err := s.write(ctx, p.Tenant, func(c *conn) error {
		if err := s.insertProduct(ctx, c, p); err != nil {
			return err
		}
		for i := range p.SKUs {
			if err := s.insertSKU(ctx, c, p, i); err != nil {
				return err
			}
		}
		if err := s.writeVisibility(ctx, c, p.Tenant, p.ID, p.Visibility); err != nil {
			return err
		}
		ev.TargetID = p.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return catalog.Product{}, fmt.Errorf("create product %q: %w", p.Name, err)
	}
	return p, nil
}

func customJSON(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("custom fields: %w", err)
	}
	return string(b), nil
}

// categoryMissing turns a foreign-key failure on category_id (a category
// that is not the tenant's) into a form message.
func categoryMissing(err error) error {
	if errors.Is(err, oroshi.ErrNotFound) {
		return oroshi.Invalid("category_id", catalog.MsgCategoryMissing)
	}
	return err
}

func (s *Store) insertProduct(ctx context.Context, c *conn, p catalog.Product) error {
	custom, err := customJSON(p.Custom)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `INSERT INTO products (tenant_id, id, category_id, name, kana, description, tax_class,
		status, visibility, custom, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Tenant, p.ID, nullID(p.CategoryID), p.Name, p.Kana, p.Description, string(p.TaxClass),
		string(p.Status), string(p.Visibility.Mode), custom, p.CreatedAt, p.UpdatedAt)
	if err == nil {
		err = s.bumpCatalog(ctx, c, p.Tenant)
	}
	if err != nil {
		return categoryMissing(s.translate(err))
	}
	return nil
}

// insertSKU inserts the i-th SKU of p and its search entry.
func (s *Store) insertSKU(ctx context.Context, c *conn, p catalog.Product, i int) error {
	k := p.SKUs[i]
	text := catalog.SearchText(p, k)
	_, err := c.exec(ctx, `INSERT INTO skus (tenant_id, id, product_id, code, jan, variant, unit, case_qty, order_lot,
		min_qty, list_price, track_stock, stock, position, search_text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Tenant, k.ID, p.ID, k.Code, k.JAN, k.Variant, k.Unit, k.CaseQty, k.OrderLot,
		k.MinQty, k.ListPrice, k.TrackStock, k.Stock, k.Position, text, k.CreatedAt, k.UpdatedAt)
	if err != nil {
		return skuConflict(s.translate(err), i)
	}
	return s.search().putSKUSearch(ctx, c, p.Tenant, p.ID, k.ID, text)
}

// skuConflict maps the unique key on (tenant_id, code), the only one a new
// or changed SKU can hit, to the form error on the i-th SKU's code.
func skuConflict(err error, i int) error {
	if errors.Is(err, oroshi.ErrConflict) {
		return catalog.CodeTaken(i)
	}
	return err
}

// UpdateProduct saves a product edited in a form, its SKUs and its
// visibility, guarded by the version (updated_at) the caller read.
func (s *Store) UpdateProduct(ctx context.Context, p catalog.Product, ev audit.Event) (catalog.Product, error) {
	var out catalog.Product
	now := s.now()
	err := s.write(ctx, p.Tenant, func(c *conn) error {
		if err := s.updateProductRow(ctx, c, p, now); err != nil {
			return err
		}
		if err := s.saveSKUs(ctx, c, p, now); err != nil {
			return err
		}
		if err := s.writeVisibility(ctx, c, p.Tenant, p.ID, p.Visibility); err != nil {
			return err
		}
		if err := s.recordAudit(ctx, c, ev); err != nil {
			return err
		}
		var err error
		out, err = s.loadProduct(ctx, c, p.Tenant, p.ID, "", nil)
		return err
	})
	if err != nil {
		return catalog.Product{}, fmt.Errorf("update product %s: %w", p.ID, err)
	}
	return out, nil
}

func (s *Store) updateProductRow(ctx context.Context, c *conn, p catalog.Product, now time.Time) error {
	custom, err := customJSON(p.Custom)
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE products SET category_id = ?, name = ?, kana = ?, description = ?, tax_class = ?,
		status = ?, visibility = ?, custom = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND updated_at = ?`,
		nullID(p.CategoryID), p.Name, p.Kana, p.Description, string(p.TaxClass), string(p.Status),
		string(p.Visibility.Mode), custom, now, p.Tenant, p.ID, p.UpdatedAt)
	if err := mustAffect(res, err); errors.Is(err, oroshi.ErrNotFound) {
		return s.missingOrStale(ctx, c, p.Tenant, p.ID)
	} else if err != nil {
		return categoryMissing(s.translate(err))
	}
	return s.bumpCatalog(ctx, c, p.Tenant)
}

// missingOrStale explains why a guarded update changed no row.
func (s *Store) missingOrStale(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	var one int
	if err := c.row(ctx, `SELECT 1 FROM products WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one); err != nil {
		return s.translate(err)
	}
	return fmt.Errorf("product changed since it was read: %w", oroshi.ErrConflict)
}

// saveSKUs makes the product's SKUs those of p: SKUs left out are deleted
// first (so their codes are free again), then each SKU is updated or added.
func (s *Store) saveSKUs(ctx context.Context, c *conn, p catalog.Product, now time.Time) error {
	existing, err := s.skuIDs(ctx, c, p.Tenant, p.ID)
	if err != nil {
		return err
	}
	kept := map[oroshi.ID]bool{}
	for _, k := range p.SKUs {
		kept[k.ID] = true
	}
	for id := range existing {
		if !kept[id] {
			if err := s.deleteSKU(ctx, c, p.Tenant, id); err != nil {
				return err
			}
		}
	}
	for i := range p.SKUs {
		k := &p.SKUs[i]
		k.Position, k.UpdatedAt = i, now
		if k.ID == 0 {
			k.ID, k.CreatedAt = s.NewID(), now
			err = s.insertSKU(ctx, c, p, i)
		} else if !existing[k.ID] {
			err = oroshi.Invalid(catalog.SKUField(i, "code"), "この品番（SKU）は見つかりません。画面を開き直してください")
		} else {
			err = s.updateSKU(ctx, c, p, i)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) skuIDs(ctx context.Context, c *conn, t oroshi.TenantID, productID oroshi.ID) (map[oroshi.ID]bool, error) {
	rows, err := c.query(ctx, `SELECT id FROM skus WHERE tenant_id = ? AND product_id = ?`, t, productID)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	out := map[oroshi.ID]bool{}
	for rows.Next() {
		var id oroshi.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

func (s *Store) deleteSKU(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	if err := s.search().dropSKUSearch(ctx, c, t, 0, id); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `DELETE FROM skus WHERE tenant_id = ? AND id = ?`, t, id); err != nil {
		return fmt.Errorf("delete sku %s: %w", id, s.translate(err))
	}
	return nil
}

// updateSKU saves the i-th SKU of p, all but its stock, and rewrites its
// search text (the product's name or kana may have changed too).
func (s *Store) updateSKU(ctx context.Context, c *conn, p catalog.Product, i int) error {
	k := p.SKUs[i]
	text := catalog.SearchText(p, k)
	err := mustAffect(c.exec(ctx, `UPDATE skus SET code = ?, jan = ?, variant = ?, unit = ?, case_qty = ?,
		order_lot = ?, min_qty = ?, list_price = ?, track_stock = ?, position = ?, search_text = ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? AND product_id = ?`,
		k.Code, k.JAN, k.Variant, k.Unit, k.CaseQty, k.OrderLot, k.MinQty, k.ListPrice, k.TrackStock,
		k.Position, text, k.UpdatedAt, p.Tenant, k.ID, p.ID))
	if err != nil {
		return skuConflict(s.translate(err), i)
	}
	return s.search().putSKUSearch(ctx, c, p.Tenant, p.ID, k.ID, text)
}

// SetProductStatus changes a product's status.
func (s *Store) SetProductStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, st catalog.Status, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE products SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			string(st), s.now(), t, id))
		if err != nil {
			return s.translate(err)
		}
		if err := s.bumpCatalog(ctx, c, t); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set product %s status: %w", id, err)
	}
	return nil
}

// DeleteProduct deletes a product; its SKUs, images and visibility rows go
// with it (ON DELETE CASCADE), and the SQLite search entries explicitly.
func (s *Store) DeleteProduct(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := s.search().dropSKUSearch(ctx, c, t, id, 0); err != nil {
			return err
		}
		if err := mustAffect(c.exec(ctx, `DELETE FROM products WHERE tenant_id = ? AND id = ?`, t, id)); err != nil {
			return s.translate(err)
		}
		if err := s.bumpCatalog(ctx, c, t); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete product %s: %w", id, err)
	}
	return nil
}
