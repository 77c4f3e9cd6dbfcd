package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// The catalogue benchmarks run on one tenant with 25,000 products of four
// SKUs each (100,000 SKUs) in 260 categories three levels deep; one product
// in ten is a draft or discontinued, one in five is restricted to one of
// three price groups. Run them with
//
//	go test ./internal/sqlstore -run '^$' -bench 'BuyerSearch|CategoryPage'
//
// Each reports the 50th and 99th percentile of single-user latency.
const (
	benchProducts    = 25_000
	benchSKUsPerProd = 4
)

type benchWord struct{ name, kana string }

var (
	benchPrefixes = []benchWord{{"本枯れ", "ホンカレ"}, {"特選", "トクセン"}, {"国産", "コクサン"}, {"業務用", "ギョウムヨウ"},
		{"徳用", "トクヨウ"}, {"有機", "ユウキ"}, {"北海道産", "ホッカイドウサン"}, {"九州産", "キュウシュウサン"},
		{"無添加", "ムテンカ"}, {"手造り", "テヅクリ"}}
	benchItems = []benchWord{{"鰹節", "カツオブシ"}, {"昆布", "コンブ"}, {"煮干し", "ニボシ"}, {"干し椎茸", "ホシシイタケ"},
		{"醤油", "ショウユ"}, {"味噌", "ミソ"}, {"胡麻油", "ゴマアブラ"}, {"米酢", "コメズ"}, {"緑茶", "リョクチャ"},
		{"海苔", "ノリ"}, {"素麺", "ソウメン"}, {"蕎麦", "ソバ"}, {"饂飩", "ウドン"}, {"切干大根", "キリボシダイコン"},
		{"高野豆腐", "コウヤドウフ"}, {"寒天", "カンテン"}, {"黒糖", "コクトウ"}, {"梅干し", "ウメボシ"}, {"沢庵", "タクアン"},
		{"七味", "シチミ"}}
	benchVariants = []string{"100g", "500g", "1kg", "業務用ケース"}
)

// benchCatalog is the seeded tenant (bench_tenant_test.go) and what the
// benchmarks query it with.
type benchCatalog struct {
	s      *sqlstore.Store
	f      *pricingFixture
	tenant oroshi.TenantID
	viewer catalog.Viewer // a buyer in the first price group
	root   oroshi.ID      // a top category (2,500 products below it)
	leaf   oroshi.ID      // a bottom category (125 products)
	skus   []oroshi.ID    // every SKU, product by product
	cart   []pricing.Line // the viewer's 100-line cart
}

// benchCategories is 10 roots × 5 × 4, parents first.
func benchCategories(s *sqlstore.Store) (cats []catalog.Category, leaves []oroshi.ID) {
	for r := range 10 {
		root := catalog.Category{ID: s.NewID(), Name: fmt.Sprintf("大分類%d", r)}
		cats = append(cats, root)
		for m := range 5 {
			mid := catalog.Category{ID: s.NewID(), ParentID: root.ID, Name: fmt.Sprintf("中分類%d-%d", r, m)}
			cats = append(cats, mid)
			for l := range 4 {
				leaf := catalog.Category{ID: s.NewID(), ParentID: mid.ID, Name: fmt.Sprintf("小分類%d-%d-%d", r, m, l)}
				cats = append(cats, leaf)
				leaves = append(leaves, leaf.ID)
			}
		}
	}
	return cats, leaves
}

// benchProductRows: one product in five is restricted to a price group,
// one in fifty to a single buyer (every other one of them also to the
// viewer), one in ten is a draft or discontinued.
func benchProductRows(s *sqlstore.Store, leaves, groups, buyerIDs []oroshi.ID) []catalog.Product {
	out := make([]catalog.Product, 0, benchProducts)
	for i := range benchProducts {
		pre, item := benchPrefixes[i%len(benchPrefixes)], benchItems[(i/13)%len(benchItems)]
		p := catalog.Product{ID: s.NewID(), CategoryID: leaves[i%len(leaves)],
			Name: fmt.Sprintf("%s%s %d号", pre.name, item.name, i), Kana: pre.kana + item.kana,
			TaxClass: catalog.TaxReduced, Status: catalog.StatusPublished, Visibility: catalog.Visibility{Mode: catalog.VisibleToAll}}
		switch i % 20 {
		case 0:
			p.Status = catalog.StatusDraft
		case 1:
			p.Status = catalog.StatusDiscontinued
		}
		if i%5 == 2 {
			p.Visibility = catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{groups[(i/5)%len(groups)]}}
		}
		if i%50 == 3 {
			p.Visibility = catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{buyerIDs[1+(i*7)%(len(buyerIDs)-1)]}}
			if i%100 == 3 {
				p.Visibility.BuyerIDs = append(p.Visibility.BuyerIDs, buyerIDs[0])
			}
		}
		for j := range benchSKUsPerProd {
			p.SKUs = append(p.SKUs, catalog.SKU{ID: s.NewID(), Code: fmt.Sprintf("P%05d-%d", i, j),
				JAN: benchJAN(i*benchSKUsPerProd + j), Variant: benchVariants[j], ListPrice: oroshi.Yen(100 + i%900)})
		}
		out = append(out, p)
	}
	return out
}

// benchJAN is a valid 13-digit JAN code (prefix 49) numbered n.
func benchJAN(n int) string {
	body := fmt.Sprintf("49%010d", n)
	for d := '0'; d <= '9'; d++ {
		if code := body + string(d); catalog.ValidJAN(code) {
			return code
		}
	}
	panic("no check digit")
}

// measure runs fn b.N times and reports the 50th and 99th percentile.
func measure(b *testing.B, fn func() (catalog.ProductList, error)) {
	b.Helper()
	var durs []time.Duration
	for b.Loop() {
		start := time.Now()
		l, err := fn()
		if err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
		if len(l.Products) == 0 && l.Total != 0 {
			b.Fatal("a page without products")
		}
	}
	reportPercentiles(b, durs)
}

// reportPercentiles reports the 50th and 99th percentile of durs.
func reportPercentiles(b *testing.B, durs []time.Duration) {
	b.Helper()
	if len(durs) == 0 {
		return
	}
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(float64(len(durs))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

func BenchmarkBuyerSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs: skipped under -short")
	}
	queries := []struct{ name, q string }{
		{"kana-3", "かつお"},                // trigram index; 5 % of products
		{"halfwidth-2words", "ｶﾂｵ ﾎﾝｶﾚ"}, // two trigram terms
		{"kanji-2", "昆布"},                // under 3 characters: LIKE
		{"kanji-1", "梅"},
		{"code", "P01234"},
		{"jan-part", "0001234"},
		{"no-hit", "まぐろ"},
	}
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					measure(b, func() (catalog.ProductList, error) {
						return c.s.BuyerProducts(ctx, c.tenant, c.viewer, catalog.BuyerFilter{Query: q.q})
					})
				})
			}
		})
	}
}

func BenchmarkCategoryPage(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs: skipped under -short")
	}
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			first, err := c.s.BuyerProducts(ctx, c.tenant, c.viewer, catalog.BuyerFilter{CategoryID: c.root})
			if err != nil || first.NextCursor == "" {
				b.Fatalf("first page: %v", err)
			}
			pages := []struct {
				name string
				f    catalog.BuyerFilter
			}{
				{"root-first", catalog.BuyerFilter{CategoryID: c.root}},
				{"root-next", catalog.BuyerFilter{CategoryID: c.root, Page: catalog.Page{Cursor: first.NextCursor}}},
				{"root-offset-1000", catalog.BuyerFilter{CategoryID: c.root, Page: catalog.Page{Offset: 1000}}},
				{"leaf", catalog.BuyerFilter{CategoryID: c.leaf}},
				{"all-first", catalog.BuyerFilter{}},
				{"root-search", catalog.BuyerFilter{CategoryID: c.root, Query: "かつお"}},
			}
			for _, p := range pages {
				b.Run(p.name, func(b *testing.B) {
					measure(b, func() (catalog.ProductList, error) { return c.s.BuyerProducts(ctx, c.tenant, c.viewer, p.f) })
				})
			}
			b.Run("staff-root", func(b *testing.B) {
				measure(b, func() (catalog.ProductList, error) {
					return c.s.Products(ctx, c.tenant, catalog.ProductFilter{CategoryID: c.root})
				})
			})
		})
	}
}

// BenchmarkCategorySidebar is the shop's category list for a buyer: the
// tree with the products the buyer may see counted (one query), pruned.
func BenchmarkCategorySidebar(b *testing.B) {
	if testing.Short() {
		b.Skip("seeds 100,000 SKUs: skipped under -short")
	}
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			c := seededCatalog(b, engine)
			svc := &catalog.Service{Store: c.s}
			var durs []time.Duration
			for b.Loop() {
				start := time.Now()
				tree, err := svc.BuyerCategoryTree(ctx, c.tenant, c.viewer)
				if err != nil || len(tree) != 10 {
					b.Fatalf("sidebar: %d roots, %v", len(tree), err)
				}
				durs = append(durs, time.Since(start))
			}
			reportPercentiles(b, durs)
		})
	}
}
