package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// The catalogue version (migration 00026) says when what buyers see of a
// tenant's catalogue last changed: categories; products (insertProduct and
// updateProductRow, which every product write, the imports included, goes
// through with its SKUs in the same transaction), their status and
// visibility lists; product images. Every store method that writes those
// bumps it in its own transaction, once (bumpCatalog); readers read the
// version before the rows (CatalogVersion), so what they derive is never
// older than the version they file it under. A SKU's stock class (what the
// shop shows of stock: catalog.StockClassOf) is part of it too, bumped by a
// trigger (migration 00031) whatever writes the stock; stock within a class
// and prices are not: the category tree cache (catalog) does not show them,
// and the shop's listing cache (web) prices every request.

// bumpCatalog moves tenant t's catalogue version on, once per transaction.
func (s *Store) bumpCatalog(ctx context.Context, c *conn, t oroshi.TenantID) error {
	if c.catalogBumped {
		return nil
	}
	_, err := c.exec(ctx, `INSERT INTO catalog_versions (tenant_id, version) VALUES (?, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = catalog_versions.version + 1`, t)
	if err != nil {
		return fmt.Errorf("bump catalogue version: %w", s.translate(err))
	}
	c.catalogBumped = true
	return nil
}

// CatalogVersion returns tenant t's catalogue version (0 before the first
// change).
func (s *Store) CatalogVersion(ctx context.Context, t oroshi.TenantID) (int64, error) {
	return s.versionOf(ctx, t, "catalog_versions")
}

// versionOf reads tenant t's row of a version table (catalog_versions,
// price_versions); no row is version 0. A version pinned in ctx for t
// (PinShopView) answers without a read.
func (s *Store) versionOf(ctx context.Context, t oroshi.TenantID, table string) (int64, error) {
	if p, ok := pinOf(ctx); ok && p.tenant == t {
		if table == "catalog_versions" {
			return p.catalog, nil
		}
		return p.price, nil
	}
	var v int64
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT version FROM `+table+` WHERE tenant_id = ?`, t).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("%s of %s: %w", table, t, s.translate(err))
	}
	return v, nil
}

// BuyersOnVisibilityLists lists the buyers that some product's visibility
// list of tenant t names (catalog.Service.Audience).
func (s *Store) BuyersOnVisibilityLists(ctx context.Context, t oroshi.TenantID) ([]oroshi.ID, error) {
	var ids []oroshi.ID
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		ids, err = s.queryIDs(ctx, c, `SELECT DISTINCT buyer_id FROM product_visibility
			WHERE tenant_id = ? AND buyer_id <> 0`, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("buyers on visibility lists of %s: %w", t, s.translate(err))
	}
	return ids, nil
}

// PriceVersion returns tenant t's price version (migration 00029: moved on
// by triggers with every change to what a buyer pays; 0 before the first).
func (s *Store) PriceVersion(ctx context.Context, t oroshi.TenantID) (int64, error) {
	return s.versionOf(ctx, t, "price_versions")
}
