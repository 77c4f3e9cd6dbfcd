package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

const productCols = `p.tenant_id, p.id, p.category_id, p.name, p.kana, p.description, p.tax_class,
	p.status, p.visibility, p.custom, p.created_at, p.updated_at`

// scanProduct reads productCols and then any extra columns into extra.
func scanProduct(sc interface{ Scan(...any) error }, extra ...any) (catalog.Product, error) {
	var p catalog.Product
	var cat sql.NullInt64
	var custom string
	dest := append([]any{&p.Tenant, &p.ID, &cat, &p.Name, &p.Kana, &p.Description, &p.TaxClass,
		&p.Status, &p.Visibility.Mode, &custom, &p.CreatedAt, &p.UpdatedAt}, extra...)
	err := sc.Scan(dest...)
	if err != nil {
		return catalog.Product{}, err
	}
	p.CategoryID = oroshi.ID(cat.Int64)
	p.Custom = map[string]any{}
	if err := json.Unmarshal([]byte(custom), &p.Custom); err != nil {
		return catalog.Product{}, fmt.Errorf("product %s custom fields: %w", p.ID, err)
	}
	return p, nil
}

const skuCols = `id, product_id, code, jan, variant, unit, case_qty, order_lot, min_qty, list_price,
	track_stock, stock, position, created_at, updated_at`

func scanSKU(sc interface{ Scan(...any) error }) (catalog.SKU, error) {
	var s catalog.SKU
	err := sc.Scan(&s.ID, &s.ProductID, &s.Code, &s.JAN, &s.Variant, &s.Unit, &s.CaseQty, &s.OrderLot,
		&s.MinQty, &s.ListPrice, &s.TrackStock, &s.Stock, &s.Position, &s.CreatedAt, &s.UpdatedAt)
	return s, err
}

const imageCols = `id, product_id, position, content_type, width, height, sha256, created_at`

func scanImage(sc interface{ Scan(...any) error }, extra ...any) (catalog.Image, error) {
	var i catalog.Image
	dest := append([]any{&i.ID, &i.ProductID, &i.Position, &i.ContentType, &i.Width, &i.Height, &i.SHA256, &i.CreatedAt}, extra...)
	err := sc.Scan(dest...)
	return i, err
}

// Product returns one product of tenant t with its SKUs, images and
// visibility; a missing or foreign id wraps ErrNotFound.
func (s *Store) Product(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (catalog.Product, error) {
	var p catalog.Product
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		p, err = s.loadProduct(ctx, c, t, id, "", nil)
		return err
	})
	if err != nil {
		return catalog.Product{}, fmt.Errorf("product %s: %w", id, err)
	}
	return p, nil
}

// loadProduct reads a whole product; cond (on products p) and args narrow
// which product may be read, for buyers. Visibility is given to staff
// (cond "") only: a buyer has no business knowing who else sees a product.
func (s *Store) loadProduct(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, cond string, args []any) (catalog.Product, error) {
	q := `SELECT ` + productCols + ` FROM products p WHERE p.tenant_id = ? AND p.id = ?`
	if cond != "" {
		q += " AND " + cond
	}
	p, err := scanProduct(c.row(ctx, q, append([]any{t, id}, args...)...))
	if err != nil {
		return catalog.Product{}, s.translate(err)
	}
	page := []catalog.Product{p}
	if err := s.attachSKUs(ctx, c, t, page); err != nil {
		return catalog.Product{}, err
	}
	if page[0].Images, err = s.productImages(ctx, c, t, id); err != nil {
		return catalog.Product{}, err
	}
	if len(page[0].Images) > 0 {
		page[0].ImageID = page[0].Images[0].ID
	}
	switch {
	case cond != "":
		page[0].Visibility = catalog.Visibility{}
	case p.Visibility.Mode == catalog.Restricted:
		if err := s.loadVisibility(ctx, c, t, &page[0]); err != nil {
			return catalog.Product{}, err
		}
	}
	return page[0], nil
}

func (s *Store) productImages(ctx context.Context, c *conn, t oroshi.TenantID, productID oroshi.ID) ([]catalog.Image, error) {
	rows, err := c.query(ctx, `SELECT `+imageCols+` FROM product_images WHERE tenant_id = ? AND product_id = ?
		ORDER BY position, id`, t, productID)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []catalog.Image
	for rows.Next() {
		img, err := scanImage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, img)
	}
	return out, rows.Err()
}

func (s *Store) loadVisibility(ctx context.Context, c *conn, t oroshi.TenantID, p *catalog.Product) error {
	rows, err := c.query(ctx, `SELECT group_id, buyer_id FROM product_visibility
		WHERE tenant_id = ? AND product_id = ? ORDER BY group_id, buyer_id`, t, p.ID)
	if err != nil {
		return s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var g, b oroshi.ID
		if err := rows.Scan(&g, &b); err != nil {
			return err
		}
		if g != 0 {
			p.Visibility.GroupIDs = append(p.Visibility.GroupIDs, g)
		}
		if b != 0 {
			p.Visibility.BuyerIDs = append(p.Visibility.BuyerIDs, b)
		}
	}
	return rows.Err()
}

// catIDList is "?, ?, …" for n values and the IDs as arguments.
func catIDList(ids []oroshi.ID) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

// attachSKUs loads the SKUs of a page of products in one query.
func (s *Store) attachSKUs(ctx context.Context, c *conn, t oroshi.TenantID, page []catalog.Product) error {
	if len(page) == 0 {
		return nil
	}
	at := make(map[oroshi.ID]int, len(page))
	ids := make([]oroshi.ID, len(page))
	for i, p := range page {
		at[p.ID], ids[i] = i, p.ID
	}
	list, args := catIDList(ids)
	rows, err := c.query(ctx, `SELECT `+skuCols+` FROM skus WHERE tenant_id = ? AND product_id IN (`+list+`)
		ORDER BY product_id, position, id`, append([]any{t}, args...)...)
	if err != nil {
		return s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		sku, err := scanSKU(rows)
		if err != nil {
			return err
		}
		p := &page[at[sku.ProductID]]
		p.SKUs = append(p.SKUs, sku)
	}
	return rows.Err()
}

// attachFirstImages sets ImageID on a page of products in one query.
func (s *Store) attachFirstImages(ctx context.Context, c *conn, t oroshi.TenantID, page []catalog.Product) error {
	if len(page) == 0 {
		return nil
	}
	at := make(map[oroshi.ID]int, len(page))
	ids := make([]oroshi.ID, len(page))
	for i, p := range page {
		at[p.ID], ids[i] = i, p.ID
	}
	list, args := catIDList(ids)
	rows, err := c.query(ctx, `SELECT product_id, id FROM product_images WHERE tenant_id = ? AND product_id IN (`+list+`)
		ORDER BY product_id, position, id`, append([]any{t}, args...)...)
	if err != nil {
		return s.translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, id oroshi.ID
		if err := rows.Scan(&pid, &id); err != nil {
			return err
		}
		if p := &page[at[pid]]; p.ImageID == 0 {
			p.ImageID = id
		}
	}
	return rows.Err()
}
