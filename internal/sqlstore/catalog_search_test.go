package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// searchCatalog makes five published products and returns their IDs by a
// short name.
func searchCatalog(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) map[string]oroshi.ID {
	t.Helper()
	svc := &catalog.Service{Store: s}
	products := map[string]catalog.Product{
		"honkare": katsuobushi(),
		"dashi": {Name: "鰹だし 顆粒", Kana: "カツオダシ カリュウ", SKUs: []catalog.SKU{
			{Code: "KD_100", JAN: "49123456", Variant: "100g"}}},
		"konbu":  {Name: "日高昆布", Kana: "ひだかこんぶ", SKUs: []catalog.SKU{{Code: "HK-1", Variant: "ｹｰｽ"}}},
		"coffee": {Name: "コーヒー豆 ブレンド", Kana: "コーヒーマメ", SKUs: []catalog.SKU{{Code: "CF-1", Variant: "アラビカ100%"}}},
		"ume":    {Name: "紀州南高梅", Kana: "キシュウナンコウウメ", SKUs: []catalog.SKU{{Code: "UM-1", JAN: "0012345678905"}}},
	}
	ids := map[string]oroshi.ID{}
	for key, p := range products {
		p.Status = catalog.StatusPublished
		got, err := svc.CreateProduct(context.Background(), tn, p, catActor)
		if err != nil {
			t.Fatalf("create %s: %v", key, err)
		}
		ids[key] = got.ID
	}
	return ids
}

func names(ids map[string]oroshi.ID, l catalog.ProductList) []string {
	var out []string
	for _, p := range l.Products {
		for k, id := range ids {
			if id == p.ID {
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestCatalogSearch(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"かつお", []string{"dashi", "honkare"}}, // kana, 3 characters: trigram index
		{"ｶﾂｵ", []string{"dashi", "honkare"}}, // half-width katakana
		{"カツオ", []string{"dashi", "honkare"}}, // katakana
		{"鰹", []string{"dashi", "honkare"}},   // 1 character: LIKE
		{"鰹節", []string{"honkare"}},           // 2 characters: LIKE
		{"昆布", []string{"konbu"}},             // kana given in hiragana
		{"コンブ", []string{"konbu"}},
		{"こーひー", []string{"coffee"}}, // long vowel mark
		{"ｺｰﾋｰ", []string{"coffee"}},
		{"4567894", []string{"honkare"}},           // JAN substring
		{"49123456", []string{"dashi"}},            // 8-digit JAN
		{"00123", []string{"ume"}},                 // JAN with leading zeros
		{"05", []string{"ume"}},                    // short term at the very end of the text
		{"5", []string{"dashi", "honkare", "ume"}}, // …and one character (JANs, 500g)
		{"ｋｂ－００", []string{"honkare"}},             // code, full-width
		{"kb", []string{"honkare"}},                // code, 2 characters, any case
		{"kd_", []string{"dashi"}},                 // _ is literal, not a LIKE wildcard
		{"d_", []string{"dashi"}},                  // …also in a short term
		{"k_", nil},                                // would match kb and kd as a wildcard
		{"100%", []string{"coffee"}},               // % is literal
		{"%", []string{"coffee"}},
		{"かつお だし", []string{"dashi"}},    // every word must match
		{"かつお　1kg", []string{"honkare"}}, // variant
		{"けーす", []string{"konbu"}},       // half-width variant ｹｰｽ
		{`"かつお" OR "うめ"`, nil},           // FTS syntax is searched for, not parsed
		{"NEAR(かつお", nil},
		{"かつお*", nil},
		{"まぐろ", nil},
		{"節 ほん", []string{"honkare"}},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		ids := searchCatalog(t, s, tn)
		buyer := catalog.Viewer{BuyerID: 1}
		for _, tt := range tests {
			staff, err := s.Products(ctx, tn, catalog.ProductFilter{Query: tt.q})
			if err != nil {
				t.Errorf("staff search %q: %v", tt.q, err)
				continue
			}
			if got := names(ids, staff); !slices.Equal(got, tt.want) || staff.Total != len(tt.want) {
				t.Errorf("staff search %q = %v (total %d), want %v", tt.q, got, staff.Total, tt.want)
			}
			shop, err := s.BuyerProducts(ctx, tn, buyer, catalog.BuyerFilter{Query: tt.q})
			if got := names(ids, shop); err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("buyer search %q = %v, %v, want %v", tt.q, got, err, tt.want)
			}
		}
	})
}

// TestCatalogSearchShortFallback: a one-character term that starts more
// trigrams than the index lookup takes is answered by LIKE, with the same
// result.
func TestCatalogSearchShortFallback(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		many := catalog.Product{Name: "見本", Kana: "ミホン", Status: catalog.StatusPublished}
		for i := range 26 { // 26 × 10 trigrams "xa0" … "xz9" start with x
			var v []string
			for j := range 10 {
				v = append(v, fmt.Sprintf("x%c%d", 'a'+i, j))
			}
			many.SKUs = append(many.SKUs, catalog.SKU{Code: fmt.Sprintf("M-%d", i), Variant: strings.Join(v, " ")})
		}
		one := catalog.Product{Name: "x", Status: catalog.StatusPublished, SKUs: []catalog.SKU{{Code: "ONE"}}}
		ids := map[string]oroshi.ID{}
		for key, p := range map[string]catalog.Product{"many": many, "one": one} {
			got, err := svc.CreateProduct(ctx, tn, p, catActor)
			if err != nil {
				t.Fatal(err)
			}
			ids[key] = got.ID
		}
		for q, want := range map[string][]string{"x": {"many", "one"}, "xa": {"many"}, "xz9": {"many"}, "on": {"one"},
			"ｘ ﾐﾎﾝ": {"many"}, "x みほ": {"many"}, "x m-25": {"many"}, "x one": {"one"}, "xa one": nil} {
			l, err := s.BuyerProducts(ctx, tn, catalog.Viewer{BuyerID: 1}, catalog.BuyerFilter{Query: q})
			if got := names(ids, l); err != nil || !slices.Equal(got, want) {
				t.Errorf("search %q = %v, %v; want %v", q, got, err, want)
			}
		}
	})
}

func TestCatalogSearchFollowsChanges(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		ids := searchCatalog(t, s, tn)
		svc := &catalog.Service{Store: s}
		find := func(q string) []string {
			t.Helper()
			l, err := s.Products(ctx, tn, catalog.ProductFilter{Query: q})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return names(ids, l)
		}
		// Rename the product: every SKU's search text follows.
		p, _ := svc.Product(ctx, tn, ids["konbu"])
		p.Name, p.Kana = "羅臼昆布", "ラウスコンブ"
		p.SKUs[0].JAN = "4901234567894"
		if _, err := svc.UpdateProduct(ctx, tn, p, catActor); err != nil {
			t.Fatal(err)
		}
		if got := find("ひだか"); got != nil {
			t.Errorf("old name still found: %v", got)
		}
		if got := find("らうす"); !slices.Equal(got, []string{"konbu"}) {
			t.Errorf("new kana: %v", got)
		}
		if text, err := s.CatalogTestSearchText(ctx, tn, "HK-1"); err != nil || text != "羅臼昆布 らうすこんぶ けーす hk-1 4901234567894" {
			t.Errorf("stored search text = %q, %v", text, err)
		}
		// Drop a SKU: its JAN is no longer found.
		h, _ := svc.Product(ctx, tn, ids["honkare"])
		h.SKUs = h.SKUs[1:]
		if _, err := svc.UpdateProduct(ctx, tn, h, catActor); err != nil {
			t.Fatal(err)
		}
		if got := find("4567894"); !slices.Equal(got, []string{"konbu"}) {
			t.Errorf("JAN of the dropped SKU: %v", got)
		}
		// Delete a product: nothing of it is found and no entry is left.
		if err := svc.DeleteProduct(ctx, tn, ids["dashi"], catActor); err != nil {
			t.Fatal(err)
		}
		if got := find("だし"); got != nil {
			t.Errorf("deleted product found: %v", got)
		}
		if _, k, f, _ := s.CatalogTestCounts(ctx, tn); k != f {
			t.Errorf("%d SKUs but %d search entries", k, f)
		}
	})
}

func TestCatalogListing(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		svc := &catalog.Service{Store: s}
		food, _ := svc.CreateCategory(ctx, tn, catalog.Category{Name: "食品"}, catActor)
		dried, _ := svc.CreateCategory(ctx, tn, catalog.Category{Name: "乾物", ParentID: food.ID}, catActor)
		other, _ := svc.CreateCategory(ctx, tn, catalog.Category{Name: "雑貨"}, catActor)
		var made []oroshi.ID // newest last
		for i := range 7 {
			cat, st := dried.ID, catalog.StatusPublished
			if i%3 == 0 {
				cat = other.ID
			}
			if i == 4 {
				st = catalog.StatusDraft
			}
			p, err := svc.CreateProduct(ctx, tn, catalog.Product{Name: "品", CategoryID: cat, Status: st,
				SKUs: []catalog.SKU{{Code: "C" + string(rune('A'+i))}}}, catActor)
			if err != nil {
				t.Fatal(err)
			}
			made = append(made, p.ID)
		}
		// food includes dried (descendant): products 1, 2, 4, 5.
		l, err := svc.Products(ctx, tn, catalog.ProductFilter{CategoryID: food.ID})
		if err != nil || l.Total != 4 || !slices.Equal(productIDs(l), []oroshi.ID{made[5], made[4], made[2], made[1]}) {
			t.Errorf("category with descendants: %v total %d, %v", productIDs(l), l.Total, err)
		}
		l, _ = svc.Products(ctx, tn, catalog.ProductFilter{Status: catalog.StatusDraft})
		if !slices.Equal(productIDs(l), []oroshi.ID{made[4]}) {
			t.Errorf("drafts: %v", productIDs(l))
		}
		// Keyset pages of 3 over 7 products, then offset.
		var seen []oroshi.ID
		f := catalog.ProductFilter{Page: catalog.Page{Limit: 3}}
		for range 4 {
			l, err := svc.Products(ctx, tn, f)
			if err != nil || l.Total != 7 {
				t.Fatalf("page: total %d, %v", l.Total, err)
			}
			seen = append(seen, productIDs(l)...)
			if l.NextCursor == "" {
				break
			}
			f.Cursor = l.NextCursor
		}
		want := slices.Clone(made)
		slices.Reverse(want)
		if !slices.Equal(seen, want) {
			t.Errorf("keyset pages = %v, want %v", seen, want)
		}
		l, _ = svc.Products(ctx, tn, catalog.ProductFilter{Page: catalog.Page{Limit: 3, Offset: 6}})
		if !slices.Equal(productIDs(l), want[6:]) || l.NextCursor != "" {
			t.Errorf("offset page = %v next %q", productIDs(l), l.NextCursor)
		}
		_, err = svc.Products(ctx, tn, catalog.ProductFilter{Page: catalog.Page{Cursor: "garbage"}})
		wantFieldError(t, err, "cursor", "ページの指定")
		// Buyers see the published ones of the category only.
		b, err := svc.BuyerProducts(ctx, tn, catalog.Viewer{BuyerID: 9}, catalog.BuyerFilter{CategoryID: food.ID})
		if err != nil || !slices.Equal(productIDs(b), []oroshi.ID{made[5], made[2], made[1]}) || len(b.Products[0].SKUs) != 1 {
			t.Errorf("buyer category page = %v, %v", productIDs(b), err)
		}
	})
}

func productIDs(l catalog.ProductList) []oroshi.ID {
	var out []oroshi.ID
	for _, p := range l.Products {
		out = append(out, p.ID)
	}
	return out
}
