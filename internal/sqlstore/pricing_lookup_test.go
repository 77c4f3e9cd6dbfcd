package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestPricingSKUByCode: the price pages find a SKU by its exact 品番, in
// their own tenant only.
func TestPricingSKUByCode(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "lookup")
		other := newPricingFixture(t, s, "lookupother")
		id := f.sku("TEA-100", 1200)
		other.sku("ONLY-THERE", 500)

		got, err := s.PricingSKUByCode(ctx, f.tenant, "TEA-100")
		want := pricing.SKUInfo{ID: id, Code: "TEA-100", ProductName: "商品TEA-100", Variant: "1ケース", ListPrice: 1200}
		if err != nil || got != want {
			t.Errorf("PricingSKUByCode = %+v, %v; want %+v", got, err, want)
		}
		for _, code := range []string{"tea-100", "TEA-10", "ONLY-THERE", ""} {
			if _, err := s.PricingSKUByCode(ctx, f.tenant, code); !errors.Is(err, oroshi.ErrNotFound) {
				t.Errorf("PricingSKUByCode(%q) err = %v, want ErrNotFound", code, err)
			}
		}
	})
}
