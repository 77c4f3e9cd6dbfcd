package sqlstore_test

import (
	"context"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestPriceVersion: every write that can change a price moves the
// tenant's price version on, whoever writes it (here plain SQL: the
// triggers of migration 00029), and nothing else does; PriceCart, which
// keeps its results by version, answers the new price at once.
func TestPriceVersion(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		f := newPricingFixture(t, s, "pricever")
		other := newPricingFixture(t, s, "priceverother")
		ga, gb := f.group("A"), f.group("B")
		sku, sku2 := f.sku("PV-1", 1000), f.sku("PV-2", 500)
		buyer := f.buyer("PV01", ga)
		list := f.list(pricing.PriceList{GroupID: ga, Name: "A表", Kind: pricing.KindFixed})
		price := func() oroshi.Yen {
			t.Helper()
			res, err := f.svc.PriceCart(ctx, f.tenant, buyer, []pricing.Line{{SKU: sku, Qty: 1}}, pricingToday)
			if err != nil {
				t.Fatal(err)
			}
			return res[0].UnitPrice
		}
		sql := func(q string, args ...any) func() {
			return func() { f.exec(func(x func(string, ...any)) { x(q, args...) }) }
		}
		steps := []struct {
			name  string
			moves bool
			do    func()
			price oroshi.Yen // PriceCart's answer after the step; 0: not checked
		}{
			{"list price", true, sql(`UPDATE skus SET list_price = 1100 WHERE tenant_id = ? AND id = ?`, f.tenant, sku), 1100},
			{"same list price", false, sql(`UPDATE skus SET list_price = 1100, updated_at = ? WHERE tenant_id = ? AND id = ?`,
				pricingStamp, f.tenant, sku), 1100},
			{"stock", false, sql(`UPDATE skus SET stock = 5 WHERE tenant_id = ? AND id = ?`, f.tenant, sku), 0},
			{"list item", true, func() { f.item(list.ID, sku, pricing.Break{MinQty: 1, Price: 900}) }, 900},
			{"item by SQL", true, sql(`UPDATE price_list_items SET breaks = ? WHERE tenant_id = ? AND list_id = ? AND sku_id = ?`,
				`[{"min_qty":1,"price":880}]`, f.tenant, list.ID, sku), 880},
			{"buyer price", true, func() { f.buyerPrice(buyer, sku, pricing.Period{}, pricing.Break{MinQty: 1, Price: 850}) }, 850},
			{"buyer price deleted", true, sql(`DELETE FROM buyer_prices WHERE tenant_id = ?`, f.tenant), 880},
			{"buyer renamed", false, sql(`UPDATE buyers SET name = '改名' WHERE tenant_id = ? AND id = ?`, f.tenant, buyer), 880},
			{"buyer's group", true, sql(`UPDATE buyers SET price_group_id = ? WHERE tenant_id = ? AND id = ?`, gb, f.tenant, buyer), 1100},
			{"back to A", true, sql(`UPDATE buyers SET price_group_id = ? WHERE tenant_id = ? AND id = ?`, ga, f.tenant, buyer), 880},
			{"items deleted", true, sql(`DELETE FROM price_list_items WHERE tenant_id = ?`, f.tenant), 1100},
			{"list deleted", true, sql(`DELETE FROM price_lists WHERE tenant_id = ?`, f.tenant), 1100},
			{"SKU deleted", true, sql(`DELETE FROM skus WHERE tenant_id = ? AND id = ?`, f.tenant, sku2), 0},
		}
		version := func(p *pricingFixture) int64 {
			t.Helper()
			v, err := s.PriceVersion(ctx, p.tenant)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		otherBefore := version(other)
		for _, st := range steps {
			before := version(f)
			st.do()
			if moved := version(f) != before; moved != st.moves {
				t.Errorf("%s: version moved %v, want %v", st.name, moved, st.moves)
			}
			if st.price != 0 {
				if got := price(); got != st.price {
					t.Errorf("%s: price %d, want %d", st.name, got, st.price)
				}
			}
		}
		if version(other) != otherBefore {
			t.Error("another tenant's price version moved")
		}
	})
}
