package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestPinShopView: one read gives the buyer's standing as BuyerStanding
// does and pins the tenant's catalogue and price versions in the context:
// reads on it answer with the pinned versions after both moved on, reads
// on another context (or for another tenant) see the new ones. Pinned
// inside a request scope (ReadScope), the versions hold for every context
// of the request, the one the pin was asked on included, and end with it;
// so do the tenant's sales settings, the defaults when never saved.
func TestPinShopView(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "pinview")
		other := newPricingFixture(t, s, "pinviewother")
		sku := f.sku("PIN-1", 1000)
		other.sku("PIN-1", 1000)
		buyer := f.buyer("PIN01", f.group("A"))
		versions := func(ctx context.Context, tn oroshi.TenantID) [2]int64 {
			t.Helper()
			c, err := s.CatalogVersion(ctx, tn)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.PriceVersion(ctx, tn)
			if err != nil {
				t.Fatal(err)
			}
			return [2]int64{c, p}
		}
		before, otherBefore := versions(ctx, f.tenant), versions(ctx, other.tenant)
		settings := func(ctx context.Context) sales.Settings {
			t.Helper()
			st, err := s.SalesSettings(ctx, f.tenant)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		// Never saved: the defaults, pinned as read.
		fresh, end := s.ReadScope(ctx)
		if _, _, err := s.PinShopView(fresh, f.tenant, buyer, 0); err != nil {
			t.Fatal(err)
		}
		if got, want := settings(fresh), settings(ctx); got != want || want != sales.DefaultSettings() {
			t.Errorf("pinned settings never saved %+v, want %+v (the defaults)", got, want)
		}
		end()
		f.exec(func(x func(string, ...any)) {
			x(`INSERT INTO sales_settings (tenant_id, tax_rounding, updated_at) VALUES (?, 'ceil', ?)`, f.tenant, salesNow)
		})
		settingsBefore := settings(ctx)
		request, end := s.ReadScope(ctx)
		pinned, st, err := s.PinShopView(request, f.tenant, buyer, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.BuyerStanding(ctx, f.tenant, buyer)
		if err != nil || st != want {
			t.Errorf("standing %+v, want %+v (%v)", st, want, err)
		}
		if got := versions(pinned, f.tenant); got != before {
			t.Errorf("pinned versions %v, want %v", got, before)
		}
		f.exec(func(x func(string, ...any)) {
			x(`UPDATE skus SET list_price = 1200 WHERE tenant_id = ? AND id = ?`, f.tenant, sku)
			x(`INSERT INTO catalog_versions (tenant_id, version) VALUES (?, 5)
				ON CONFLICT (tenant_id) DO UPDATE SET version = catalog_versions.version + 5`, f.tenant)
		})
		f.exec(func(x func(string, ...any)) {
			x(`UPDATE sales_settings SET tax_rounding = 'half_up' WHERE tenant_id = ?`, f.tenant)
		})
		other.exec(func(x func(string, ...any)) {
			x(`UPDATE skus SET list_price = 1200 WHERE tenant_id = ?`, other.tenant)
		})
		if got := versions(pinned, f.tenant); got != before {
			t.Errorf("pinned versions after changes %v, want still %v", got, before)
		}
		if got := versions(request, f.tenant); got != before {
			t.Errorf("versions on the request's own context after changes %v, want the pinned %v", got, before)
		}
		if got := settings(request); got != settingsBefore || got.TaxRounding != pricing.RoundCeil {
			t.Errorf("pinned settings after a change %+v, want still %+v", got, settingsBefore)
		}
		if got := settings(ctx); got.TaxRounding != pricing.RoundHalfUp {
			t.Errorf("settings read afresh %+v, want half_up", got)
		}
		end()
		if got := versions(ctx, f.tenant); got[0] != before[0]+5 || got[1] <= before[1] {
			t.Errorf("versions read afresh %v, want catalogue %d and price above %d", got, before[0]+5, before[1])
		}
		if got := versions(request, f.tenant); got == before {
			t.Errorf("versions on the request's context after its end %v: still the pinned ones", got)
		}
		if got := versions(pinned, other.tenant); got[1] <= otherBefore[1] {
			t.Errorf("another tenant's versions on the pinned context %v: its price version did not move from %d", got, otherBefore[1])
		}
		if _, _, err := s.PinShopView(ctx, other.tenant, buyer, 0); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("the buyer through another tenant: %v, want ErrNotFound", err)
		}
	})
}
