package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
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

// pinnedVersions are a tenant's catalogue and price versions read once
// for a whole request (PinShopView).
type pinnedVersions struct {
	tenant         oroshi.TenantID
	catalog, price int64
}

type pinnedVersionsKey struct{}

// PinShopView reads, in one statement, what every shop page of a buyer
// reads first: the standing of the viewer's buyer company (as
// BuyerStanding) and tenant t's catalogue and price versions. It returns
// ctx with the versions pinned, and pins them in ctx's request scope
// (ReadScope) as well, so that the rest of the request answers with them
// on any context of it: CatalogVersion and PriceVersion of t answer
// without reading (on a cart page the price list's version, on a
// catalogue page both: one round trip on PostgreSQL fewer each).
//
// The versions are then as old as, or older than, every row read after
// them, which is all that the caches keyed by a version need (what is
// filed under a version is never older than it; see the top of this
// file). A request that changed the catalogue or prices and then read
// them would find its own change filed under the old version: the shop's
// requests write carts and orders (placing one moves stock, and so maybe
// the catalogue version, by trigger) and read no catalogue after that.
func (s *Store) PinShopView(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (context.Context, buyers.Standing, error) {
	st := buyers.Standing{ID: buyerID}
	p := pinnedVersions{tenant: t}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT COALESCE(b.price_group_id, 0), b.status,
			COALESCE((SELECT version FROM catalog_versions WHERE tenant_id = ?), 0),
			COALESCE((SELECT version FROM price_versions WHERE tenant_id = ?), 0)
			FROM buyers b WHERE b.tenant_id = ? AND b.id = ?`, t, t, t, buyerID).
			Scan(&st.PriceGroupID, &st.Status, &p.catalog, &p.price)
	})
	if err != nil {
		return ctx, buyers.Standing{}, fmt.Errorf("shop view of buyer %s: %w", buyerID, s.translate(err))
	}
	if rs, _ := ctx.Value(readScopeKey{}).(*readScope); rs != nil {
		rs.mu.Lock()
		rs.pin = &p
		rs.mu.Unlock()
	}
	return context.WithValue(ctx, pinnedVersionsKey{}, p), st, nil
}

// pinOf returns the versions pinned on ctx, or else in its request scope
// while the request lasts.
func pinOf(ctx context.Context) (pinnedVersions, bool) {
	if p, ok := ctx.Value(pinnedVersionsKey{}).(pinnedVersions); ok {
		return p, true
	}
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return pinnedVersions{}, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.pin == nil || rs.ended {
		return pinnedVersions{}, false
	}
	return *rs.pin, true
}
