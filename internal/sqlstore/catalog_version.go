package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// The catalogue version (migration 00026) says when what buyers see of a
// tenant's catalogue last changed: categories, products' category, status
// and visibility, and the visibility lists. Every store method that writes
// those bumps it in its own transaction, once (bumpCatalog); readers read
// the version before the rows (CatalogVersion), so what they derive is
// never older than the version they file it under. Stock and prices are
// not part of it.

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
	var v int64
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT version FROM catalog_versions WHERE tenant_id = ?`, t).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("catalogue version of %s: %w", t, s.translate(err))
	}
	return v, nil
}
