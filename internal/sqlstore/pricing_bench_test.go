package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// pricingBench is a realistic tenant: 2,000 SKUs, 5 price groups of 3 lists
// each (a standing fixed list over half the catalogue with three breaks, a
// rate list, a May campaign over 100 SKUs), 200 buyers with 20 buyer prices
// each, and one buyer's 100-line cart of which 20 lines have buyer prices.
type pricingBench struct {
	f     *pricingFixture
	buyer oroshi.ID
	skus  []oroshi.ID
	cart  []pricing.Line
}

const (
	benchSKUs   = 2000
	benchGroups = 5
	benchBuyers = 200
)

func newPricingBench(tb testing.TB, s *sqlstore.Store, nSKUs int) *pricingBench {
	tb.Helper()
	f := newPricingFixture(tb, s, "bench")
	b := &pricingBench{f: f}
	groups := make([]oroshi.ID, benchGroups)
	for i := range groups {
		groups[i] = f.group("G" + string(rune('A'+i)))
	}
	price := func(i int) oroshi.Yen { return oroshi.Yen(300 + i*37%4700) }
	f.exec(func(x func(string, ...any)) {
		products := newPricingBatch(x, `products (tenant_id, id, name, status, created_at, updated_at)`, `(?, ?, '業務用商品', 'published', ?, ?)`)
		skus := newPricingBatch(x, `skus (tenant_id, id, product_id, code, list_price, created_at, updated_at)`, `(?, ?, ?, ?, ?, ?, ?)`)
		for i := range nSKUs {
			pid, sid := f.id(), f.id()
			products.add(f.tenant, pid, pricingStamp, pricingStamp)
			skus.add(f.tenant, sid, pid, "SKU-"+oroshi.ID(100000+i).String(), price(i), pricingStamp, pricingStamp)
			b.skus = append(b.skus, sid)
		}
		products.flush()
		skus.flush()
	})
	f.exec(func(x func(string, ...any)) {
		for g, group := range groups {
			b.seedGroup(x, group, g, price)
		}
		b.seedBuyers(x, groups, price)
	})
	for i := range 100 {
		b.cart = append(b.cart, pricing.Line{SKU: b.skus[benchCartIndex(i)%len(b.skus)], Qty: 1 + i%120})
	}
	return b
}

// benchCartIndex is the SKU of cart line i: spread over the catalogue, and
// a mix of SKUs with and without a standing or campaign price in group A.
func benchCartIndex(i int) int { return i*20 + i%4 }

func (b *pricingBench) seedBuyers(x func(string, ...any), groups []oroshi.ID, price func(int) oroshi.Yen) {
	f := b.f
	buyers := newPricingBatch(x, `buyers (tenant_id, id, code, name, status, price_group_id, created_at, updated_at)`,
		`(?, ?, ?, '取引先', 'active', ?, ?, ?)`)
	prices := newPricingBatch(x, `buyer_prices (tenant_id, id, buyer_id, sku_id, breaks, created_at, updated_at)`,
		`(?, ?, ?, ?, ?, ?, ?)`)
	ids := make([]oroshi.ID, benchBuyers)
	for i := range ids {
		ids[i] = f.id()
		buyers.add(f.tenant, ids[i], "B"+oroshi.ID(1000+i).String(), groups[i%benchGroups], pricingStamp, pricingStamp)
	}
	buyers.flush() // before the prices that refer to them
	for i, id := range ids {
		for j := range 20 { // the first buyer's prices fall on its cart's first 20 SKUs
			sku := b.skus[(i*31+benchCartIndex(j))%len(b.skus)]
			prices.add(f.tenant, f.id(), id, sku, pricingBreaksJSON(price(j)*8/10), pricingStamp, pricingStamp)
		}
	}
	prices.flush()
	b.buyer = ids[0]
}

func (b *pricingBench) seedGroup(x func(string, ...any), group oroshi.ID, g int, price func(int) oroshi.Yen) {
	f := b.f
	standing, rate, campaign := f.id(), f.id(), f.id()
	x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, created_at, updated_at)
		VALUES (?, ?, ?, '標準', 'fixed', ?, ?)`, f.tenant, standing, group, pricingStamp, pricingStamp)
	x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, rate_bp, rounding, created_at, updated_at)
		VALUES (?, ?, ?, '掛け率', 'rate', ?, 'floor', ?, ?)`, f.tenant, rate, group, 7000+g*250, pricingStamp, pricingStamp)
	x(`INSERT INTO price_lists (tenant_id, id, group_id, name, kind, priority, valid_from, valid_to, created_at, updated_at)
		VALUES (?, ?, ?, '5月特価', 'fixed', 1, '2026-05-01', '2026-05-31', ?, ?)`, f.tenant, campaign, group, pricingStamp, pricingStamp)
	items := newPricingBatch(x, `price_list_items (tenant_id, list_id, sku_id, breaks)`, `(?, ?, ?, ?)`)
	for i, sku := range b.skus {
		if i%2 == g%2 {
			p := price(i)
			items.add(f.tenant, standing, sku, pricingBreaksJSON(p*9/10, p*85/100, p*8/10))
		}
		if i%20 == g {
			items.add(f.tenant, campaign, sku, pricingBreaksJSON(price(i)*7/10))
		}
	}
	items.flush()
}

// pricingBatch inserts rows into one table 200 at a time: seeding over a
// network one row per statement would take longer than the tests.
type pricingBatch struct {
	x         func(string, ...any)
	head, row string
	args      []any
	n         int
}

func newPricingBatch(x func(string, ...any), table, row string) *pricingBatch {
	return &pricingBatch{x: x, head: "INSERT INTO " + table + " VALUES ", row: row}
}

func (p *pricingBatch) add(args ...any) {
	p.args, p.n = append(p.args, args...), p.n+1
	if p.n == 200 {
		p.flush()
	}
}

func (p *pricingBatch) flush() {
	if p.n == 0 {
		return
	}
	p.x(p.head+strings.TrimSuffix(strings.Repeat(p.row+", ", p.n), ", "), p.args...)
	p.args, p.n = nil, 0
}

// pricingBreaksJSON is the breaks column for prices at 1, 10, 100 units.
func pricingBreaksJSON(prices ...oroshi.Yen) string {
	var bs []pricing.Break
	for i, p := range prices {
		bs = append(bs, pricing.Break{MinQty: []int{1, 10, 100}[i], Price: p})
	}
	out, _ := json.Marshal(bs) // a []Break always marshals
	return string(out)
}

// check prices the cart once and makes sure every kind of rule is in play.
func (b *pricingBench) check(tb testing.TB) {
	tb.Helper()
	res, err := b.f.svc.PriceCart(context.Background(), b.f.tenant, b.buyer, b.cart, pricingToday)
	if err != nil {
		tb.Fatal(err)
	}
	rules := map[pricing.Rule]int{}
	for _, r := range res {
		rules[r.Rule]++
	}
	if len(res) != 100 || rules[pricing.RuleBuyerPrice] != 20 || rules[pricing.RuleGroupFixed] == 0 || rules[pricing.RuleGroupRate] == 0 {
		tb.Fatalf("cart of %d lines priced by %v; want 20 buyer prices and some fixed and rate prices", len(res), rules)
	}
}

// pricingAnalyze vacuums and refreshes PostgreSQL's statistics after the
// bulk load, as autovacuum would in production: plans for a table filled a second ago
// assume it is nearly empty. (SQLite gets no ANALYZE, as in production; its
// plans for these queries are the same with or without statistics.)
func pricingAnalyze(tb testing.TB, s *sqlstore.Store, o sqlstore.Options) {
	tb.Helper()
	if s.Engine() != "postgres" {
		return
	}
	db, err := sql.Open("pgx", o.URL) // the app role does not own the tables; the test URL's role does
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	// VACUUM too: it sets the visibility map that index-only scans need.
	if _, err := db.ExecContext(context.Background(), "VACUUM ANALYZE"); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkPriceCart100 prices a 100-line cart against the realistic tenant.
func BenchmarkPriceCart100(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			o := sqlstoretest.Options(b, engine)
			s, err := sqlstore.Open(context.Background(), o)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			pb := newPricingBench(b, s, benchSKUs)
			pricingAnalyze(b, s, o)
			pb.check(b)
			ctx := context.Background()
			cpu0 := pricingCPU()
			n := 0
			for b.Loop() {
				if _, err := pb.f.svc.PriceCart(ctx, pb.f.tenant, pb.buyer, pb.cart, pricingToday); err != nil {
					b.Fatal(err)
				}
				n++
			}
			// Wall time depends on what else the machine runs; the test
			// process's CPU time per cart (all of it on SQLite, the client
			// side on PostgreSQL) does not.
			b.ReportMetric(float64(pricingCPU()-cpu0)/float64(n), "cpu-ns/op")
		})
	}
}

// pricingCPU is the CPU time (user + system) the test process has used.
func pricingCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPriceCart100At100k prices the viewer's 100-line cart in the
// 100,000-SKU, 10,000-buyer tenant (bench_tenant_test.go); the promise is
// under 5 ms.
func BenchmarkPriceCart100At100k(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs and 10,000 buyers")
	}
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			pb := &pricingBench{f: c.f, buyer: c.viewer.BuyerID, skus: c.skus, cart: c.cart}
			pb.check(b)
			var durs []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := c.f.svc.PriceCart(ctx, c.tenant, c.viewer.BuyerID, c.cart, pricingToday); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(start))
			}
			reportPercentiles(b, durs)
		})
	}
}
