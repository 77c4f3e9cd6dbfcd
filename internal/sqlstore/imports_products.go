package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// importsProducts reads, whole, the products that have a SKU of codes,
// keyed by the code of each of their SKUs.
func (s *Store) importsProducts(ctx context.Context, c *conn, t oroshi.TenantID, codes []string) (map[string]catalog.Product, error) {
	out := map[string]catalog.Product{}
	if len(codes) == 0 {
		return out, nil
	}
	cond, arg := importsCodes(c, "code", codes)
	rows, err := c.query(ctx, `SELECT `+productCols+` FROM products p WHERE p.tenant_id = ? AND p.id IN
		(SELECT product_id FROM skus WHERE tenant_id = ? AND `+cond+`) ORDER BY p.id`, t, t, arg)
	list, err := collect(rows, err, func(r *sql.Rows) (catalog.Product, error) { return scanProduct(r) })
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(list); start += exportPage {
		page := list[start:min(start+exportPage, len(list))]
		if err := s.attachSKUs(ctx, c, t, page); err != nil {
			return nil, err
		}
		if err := s.attachVisibility(ctx, c, t, page); err != nil {
			return nil, err
		}
	}
	for _, p := range list {
		for _, k := range p.SKUs {
			out[k.Code] = p
		}
	}
	return out, nil
}

// attachVisibility loads the groups and buyers of the restricted products
// of a page in one query: an import checks a product whole, and a
// restricted product without its lists would read as visible to nobody.
func (s *Store) attachVisibility(ctx context.Context, c *conn, t oroshi.TenantID, page []catalog.Product) error {
	byID := map[oroshi.ID]*catalog.Product{}
	var ids []oroshi.ID
	for i := range page {
		if page[i].Visibility.Mode == catalog.Restricted {
			byID[page[i].ID] = &page[i]
			ids = append(ids, page[i].ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, args := catIDList(ids)
	rows, err := c.query(ctx, `SELECT product_id, group_id, buyer_id FROM product_visibility
		WHERE tenant_id = ? AND product_id IN (`+list+`) ORDER BY product_id, group_id, buyer_id`, append([]any{t}, args...)...)
	if err != nil {
		return s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, g, b oroshi.ID
		if err := rows.Scan(&pid, &g, &b); err != nil {
			return err
		}
		v := &byID[pid].Visibility
		if g != 0 {
			v.GroupIDs = append(v.GroupIDs, g)
		}
		if b != 0 {
			v.BuyerIDs = append(v.BuyerIDs, b)
		}
	}
	return rows.Err()
}

func importsCategories(ctx context.Context, c *conn, t oroshi.TenantID) ([]catalog.Category, error) {
	rows, err := c.query(ctx, `SELECT `+categoryCols+` FROM categories WHERE tenant_id = ? ORDER BY parent_id, position, name, id`, t)
	return collect(rows, err, func(r *sql.Rows) (catalog.Category, error) { return scanCategory(r) })
}

// lockProducts holds the products an import names until it ends.
func lockProducts(ctx context.Context, c *conn, t oroshi.TenantID, codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	cond, arg := importsCodes(c, "code", codes)
	_, err := c.exec(ctx, `UPDATE products SET updated_at = updated_at WHERE tenant_id = ? AND id IN
		(SELECT product_id FROM skus WHERE tenant_id = ? AND `+cond+`)`, t, t, arg)
	return err
}

// applyProduct writes one product through the catalogue's own helpers,
// which keep the search tables in step: insertProduct and insertSKU for a
// new product, updateProductRow and saveSKUs (every SKU is in the write,
// so none is deleted) for a stored one.
func (s *Store) applyProduct(ctx context.Context, c *conn, t oroshi.TenantID, w dataio.ProductWrite) error {
	p, now := w.Product, s.now()
	p.Tenant = t
	if p.ID == 0 {
		p.ID, p.CreatedAt, p.UpdatedAt = s.NewID(), now, now
		if err := s.insertProduct(ctx, c, p); err != nil {
			return fmt.Errorf("product %q: %w", p.Name, err)
		}
		for i := range p.SKUs {
			k := &p.SKUs[i]
			k.ID, k.ProductID, k.Position, k.Stock = s.NewID(), p.ID, i, 0
			k.CreatedAt, k.UpdatedAt = now, now
			if err := s.insertSKU(ctx, c, p, i); err != nil {
				return fmt.Errorf("product %q sku %s: %w", p.Name, k.Code, err)
			}
		}
		if err := s.writeVisibility(ctx, c, t, p.ID, p.Visibility); err != nil {
			return err
		}
	} else {
		if err := s.updateProductRow(ctx, c, p, now); err != nil {
			return fmt.Errorf("product %s: %w", p.ID, err)
		}
		if err := s.saveSKUs(ctx, c, p, now); err != nil {
			return fmt.Errorf("product %s skus: %w", p.ID, err)
		}
	}
	return s.recordFor(ctx, c, t, p.ID, w.Event)
}
