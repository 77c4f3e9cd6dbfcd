package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// PricingSKUByCode finds a SKU of tenant t by its 品番 (exact match; the
// caller folds widths first), with what the pricing pages show of it. The
// price pages name SKUs by code, as staff know them; the catalog has no
// lookup by code yet. A missing code wraps oroshi.ErrNotFound.
func (s *Store) PricingSKUByCode(ctx context.Context, t oroshi.TenantID, code string) (pricing.SKUInfo, error) {
	var k pricing.SKUInfo
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT `+pricingSKUCols+` FROM skus k
			JOIN products p ON p.tenant_id = k.tenant_id AND p.id = k.product_id
			WHERE k.tenant_id = ? AND k.code = ?`, t, code).Scan(pricingSKUDest(&k)...)
	})
	if err != nil {
		return pricing.SKUInfo{}, fmt.Errorf("sku %q: %w", code, s.translate(err))
	}
	return k, nil
}
