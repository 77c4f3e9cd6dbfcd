package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// The 100,000-SKU benchmarks share one tenant as the issue sizes it: the
// catalogue of catalog_bench_test.go and 10,000 buyer companies spread
// over the three price groups (one in ten in none), each group with a
// fixed price list over a quarter of the SKUs (three quantity breaks), a
// rate list and a May campaign over one SKU in fifty; one buyer in five has
// ten buyer prices. The viewer (the first buyer, group A) has buyer prices
// on the first 20 lines of its 100-line cart.
const (
	benchTenantBuyers  = 10_000
	benchBuyerPrices   = 10 // per priced buyer
	benchCartLines     = 100
	benchCartOwnPrices = 20
)

// seededCatalog opens a store on engine with the benchmark tenant loaded,
// and statistics refreshed as autovacuum would after such a load.
func seededCatalog(b *testing.B, engine string) benchCatalog {
	b.Helper()
	ctx := context.Background()
	o := sqlstoretest.Options(b, engine)
	s, err := sqlstore.Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	start := time.Now()
	f := newPricingFixture(b, s, "bench")
	groups := []oroshi.ID{f.group("A"), f.group("B"), f.group("C")}
	buyerIDs := seedBenchBuyers(f, groups)
	cats, leaves := benchCategories(s)
	products := benchProductRows(s, leaves, groups, buyerIDs)
	if err := s.CatalogTestSeed(ctx, f.tenant, cats, products); err != nil {
		b.Fatal(err)
	}
	c := benchCatalog{s: s, f: f, tenant: f.tenant, viewer: catalog.Viewer{BuyerID: buyerIDs[0], GroupID: groups[0]},
		root: cats[0].ID, leaf: leaves[3]}
	for _, p := range products {
		for _, k := range p.SKUs {
			c.skus = append(c.skus, k.ID)
		}
	}
	for i := range benchCartLines {
		c.cart = append(c.cart, pricing.Line{SKU: c.skus[benchCartSKU(i, len(c.skus))], Qty: 1 + i%120})
	}
	seedBenchPrices(f, groups, buyerIDs, c)
	pricingAnalyze(b, s, o)
	b.Logf("%s: seeded %d SKUs and %d buyers in %v", engine, len(c.skus), len(buyerIDs), time.Since(start).Round(time.Millisecond))
	return c
}

// benchCartSKU is the SKU index of cart line i: spread over the catalogue,
// half of them in group A's fixed list (SKU index ≡ 0 mod 4), half priced
// by its rate.
func benchCartSKU(i, n int) int { return (i*997*4 + 2*(i%2)) % n }

// seedBenchBuyers inserts the buyer companies in one transaction.
func seedBenchBuyers(f *pricingFixture, groups []oroshi.ID) []oroshi.ID {
	ids := make([]oroshi.ID, benchTenantBuyers)
	f.exec(func(x func(string, ...any)) {
		rows := newPricingBatch(x, `buyers (tenant_id, id, code, name, kana, status, price_group_id, created_at, updated_at)`,
			`(?, ?, ?, ?, 'トリヒキサキ', 'active', ?, ?, ?)`)
		for i := range ids {
			ids[i] = f.id()
			var group any = groups[i%len(groups)]
			if i%10 == 9 {
				group = nil
			}
			rows.add(f.tenant, ids[i], fmt.Sprintf("B%05d", i), fmt.Sprintf("取引先%d", i), group, pricingStamp, pricingStamp)
		}
		rows.flush()
	})
	return ids
}

// seedBenchPrices inserts the price lists, their items and the buyer
// prices in one transaction. A SKU's list price is 100 + product % 900.
func seedBenchPrices(f *pricingFixture, groups, buyerIDs []oroshi.ID, c benchCatalog) {
	listPrice := func(i int) oroshi.Yen { return oroshi.Yen(100 + (i/benchSKUsPerProd)%900) }
	f.exec(func(x func(string, ...any)) {
		items := newPricingBatch(x, `price_list_items (tenant_id, list_id, sku_id, breaks)`, `(?, ?, ?, ?)`)
		for g, group := range groups {
			standing, campaign := f.id(), f.id()
			x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, created_at, updated_at)
				VALUES (?, ?, ?, '標準', 'fixed', ?, ?)`, f.tenant, standing, group, pricingStamp, pricingStamp)
			x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, rate_bp, rounding, created_at, updated_at)
				VALUES (?, ?, ?, '掛け率', 'rate', ?, 'floor', ?, ?)`, f.tenant, f.id(), group, 7000+g*500, pricingStamp, pricingStamp)
			x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, priority, valid_from, valid_to, created_at, updated_at)
				VALUES (?, ?, ?, '5月特価', 'fixed', 1, '2026-05-01', '2026-05-31', ?, ?)`, f.tenant, campaign, group, pricingStamp, pricingStamp)
			for i, sku := range c.skus {
				if p := listPrice(i); i%4 == g {
					items.add(f.tenant, standing, sku, pricingBreaksJSON(p*9/10, p*85/100, p*8/10))
				}
				if i%50 == g*2 {
					items.add(f.tenant, campaign, sku, pricingBreaksJSON(listPrice(i)*7/10))
				}
			}
		}
		items.flush()
		prices := newPricingBatch(x, `buyer_prices (tenant_id, id, buyer_id, sku_id, breaks, created_at, updated_at)`,
			`(?, ?, ?, ?, ?, ?, ?)`)
		for j, line := range c.cart[:benchCartOwnPrices] {
			p := listPrice(benchCartSKU(j, len(c.skus)))
			prices.add(f.tenant, f.id(), c.viewer.BuyerID, line.SKU, pricingBreaksJSON(p*6/10), pricingStamp, pricingStamp)
		}
		for i := 5; i < len(buyerIDs); i += 5 {
			for j := range benchBuyerPrices {
				k := (i*131 + j*9973) % len(c.skus)
				prices.add(f.tenant, f.id(), buyerIDs[i], c.skus[k], pricingBreaksJSON(listPrice(k)*75/100), pricingStamp, pricingStamp)
			}
		}
		prices.flush()
	})
}
