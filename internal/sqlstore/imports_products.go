package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/dataio"
)

// exportSKUCols are skuCols on skus k, for the products export.
const exportSKUCols = `k.id, k.product_id, k.code, k.jan, k.variant, k.unit, k.case_qty, k.order_lot, k.min_qty,
	k.list_price, k.track_stock, k.stock, k.position, k.created_at, k.updated_at`

// EachProductSKU calls fn on every SKU of tenant t with its product, by
// product and position, paged by keyset on (product_id, position, id)
// along the skus_product index.
func (s *Store) EachProductSKU(ctx context.Context, t oroshi.TenantID, fn func(dataio.ProductRow) error) error {
	var product oroshi.ID
	var group string
	err := eachPage(ctx, s, t, func(c *conn, last *dataio.ProductRow) ([]dataio.ProductRow, error) {
		q, args := `SELECT `+productCols+`, `+exportSKUCols+` FROM skus k
			JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
			WHERE k.tenant_id = ?`, []any{t}
		if last != nil {
			q += ` AND (k.product_id, k.position, k.id) > (?, ?, ?)`
			args = append(args, last.SKU.ProductID, last.SKU.Position, last.SKU.ID)
		}
		rows, err := c.query(ctx, q+` ORDER BY k.product_id, k.position, k.id LIMIT ?`, append(args, exportPage)...)
		return collect(rows, err, func(r *sql.Rows) (dataio.ProductRow, error) {
			var row dataio.ProductRow
			k := &row.SKU
			var err error
			row.Product, err = scanProduct(r, &k.ID, &k.ProductID, &k.Code, &k.JAN, &k.Variant, &k.Unit, &k.CaseQty,
				&k.OrderLot, &k.MinQty, &k.ListPrice, &k.TrackStock, &k.Stock, &k.Position, &k.CreatedAt, &k.UpdatedAt)
			return row, err
		})
	}, func(row dataio.ProductRow) error {
		if row.Product.ID != product {
			product, group = row.Product.ID, row.SKU.Code // the product's first SKU
		}
		row.GroupCode = group
		return fn(row)
	})
	if err != nil {
		return fmt.Errorf("export products: %w", err)
	}
	return nil
}

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
		if err := s.attachSKUs(ctx, c, t, list[start:min(start+exportPage, len(list))]); err != nil {
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
