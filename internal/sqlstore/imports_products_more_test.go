package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// catalogChecksum digests every row of the tenant's catalogue tables, the
// ones a products import writes (and the history), so a test tells that a
// refused file changed nothing at all: not a count, every value.
func (f *importsFixture) catalogChecksum() string {
	f.t.Helper()
	var lines []string
	for _, table := range []string{"categories", "products", "skus", "product_visibility", "sku_search", "audit_events"} {
		err := pricingScoped(f.s, f.tenant, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(context.Background(), `SELECT * FROM `+table+` WHERE tenant_id = `+f.tenant.String())
			if err != nil {
				return err
			}
			defer rows.Close()
			return digestRows(&lines, table, rows)
		})
		if err != nil {
			f.t.Fatalf("%s: %v", table, err)
		}
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// productsFixture is a tenant with the category tree 調味料 › しょうゆ.
func productsFixture(t *testing.T, s *sqlstore.Store, slug string) (*importsFixture, oroshi.ID) {
	t.Helper()
	f := newImportsFixture(t, s, slug)
	svc := &catalog.Service{Store: s}
	ctx := context.Background()
	top, err := svc.CreateCategory(ctx, f.tenant, catalog.Category{Name: "調味料"}, importsStaff)
	if err != nil {
		t.Fatal(err)
	}
	soy, err := svc.CreateCategory(ctx, f.tenant, catalog.Category{Name: "しょうゆ", ParentID: top.ID}, importsStaff)
	if err != nil {
		t.Fatal(err)
	}
	return f, soy.ID
}

// A Shift_JIS file of products that do not exist yet creates them, with
// every column as written (～ and half-width kana included, codes kept as
// text), and the Shift_JIS export gives the same rows back.
func TestImportNewProductsShiftJIS(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f, soy := productsFixture(t, s, "sjisnew")
		head := f.records(f.export(dataio.KindProducts, csvio.ShiftJIS), csvio.ShiftJIS)[0]
		row := func(vals map[string]string) []string {
			out := make([]string, len(head))
			for i, h := range head {
				out[i] = vals[h]
			}
			return out
		}
		rows := [][]string{
			row(map[string]string{"親品番": "KS-01", "品番": "KS-01", "商品名": "濃口しょうゆ～業務用～", "フリガナ": "コイクチショウユ",
				"カテゴリ": "調味料/しょうゆ", "税区分": "軽減", "状態": "公開", "JANコード": "4901234567894", "規格": "1.8L", "単位": "本",
				"入数": "6", "発注単位": "2", "最小発注数": "4", "定価": "1280", "在庫管理": "する"}),
			row(map[string]string{"親品番": "KS-01", "品番": "KS-02", "商品名": "濃口しょうゆ～業務用～", "フリガナ": "コイクチショウユ",
				"カテゴリ": "調味料/しょうゆ", "税区分": "軽減", "状態": "公開", "規格": "18L", "単位": "缶",
				"入数": "1", "発注単位": "1", "最小発注数": "1", "定価": "9800", "在庫管理": "しない"}),
			row(map[string]string{"親品番": "00123", "品番": "00123", "商品名": "ｿｰｽ 中濃", "税区分": "標準", "状態": "下書き",
				"単位": "本", "入数": "12", "発注単位": "1", "最小発注数": "1", "定価": "350"}),
		}
		data := importsFile(t, csvio.ShiftJIS, append([][]string{head}, rows...)...)
		im := f.run(dataio.KindProducts, data, csvio.Auto, false)
		mustSucceed(t, im)
		if im.Encoding != csvio.ShiftJIS.String() || im.Result.Counts != (dataio.Counts{Created: 2}) {
			t.Fatalf("import: encoding %s, counts %+v", im.Encoding, im.Result.Counts)
		}
		got := f.records(f.export(dataio.KindProducts, csvio.ShiftJIS), csvio.ShiftJIS)
		want := append([][]string{head}, rows...)
		// The export fills what the file left blank the way the import read
		// it, adds the stock (0 for a new SKU) and orders products by ID.
		want[3][slices.Index(head, "在庫管理")] = "しない"
		for _, r := range want[1:] {
			r[slices.Index(head, "在庫")] = "0"
		}
		sortRows := func(rs [][]string) {
			slices.SortFunc(rs[1:], func(a, b []string) int { return strings.Compare(a[1], b[1]) })
		}
		sortRows(got)
		sortRows(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Shift_JIS round trip (-imported +exported):\n%s", diff)
		}
		list, err := f.s.Products(context.Background(), f.tenant, catalog.ProductFilter{Query: "KS-02"})
		if err != nil || len(list.Products) != 1 {
			t.Fatalf("search the new SKU: %+v %v", list, err)
		}
		if p := list.Products[0]; p.CategoryID != soy || p.TaxClass != catalog.TaxReduced || p.Name != "濃口しょうゆ～業務用～" {
			t.Errorf("new product %+v", p)
		}
	})
}

// A category path already in the tree is matched, however it is typed
// (full-width slash, spaces), and no category is added.
func TestImportProductsMatchesCategoryPath(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f, soy := productsFixture(t, s, "catpath")
		ctx := context.Background()
		before, err := f.s.Categories(ctx, f.tenant)
		if err != nil {
			t.Fatal(err)
		}
		head := f.records(f.export(dataio.KindProducts, csvio.UTF8BOM), csvio.UTF8BOM)[0]
		row := func(code, path string) []string {
			out := make([]string, len(head))
			for i, h := range head {
				out[i] = map[string]string{"親品番": code, "品番": code, "商品名": "商品" + code, "カテゴリ": path, "定価": "100"}[h]
			}
			return out
		}
		data := importsFile(t, csvio.UTF8BOM, head, row("C1", "調味料/しょうゆ"), row("C2", " 調味料 ／ しょうゆ "), row("C3", "調味料"))
		mustSucceed(t, f.run(dataio.KindProducts, data, csvio.UTF8BOM, false))
		after, err := f.s.Categories(ctx, f.tenant)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("categories changed (-before +after):\n%s", diff)
		}
		top := before[slices.IndexFunc(before, func(c catalog.Category) bool { return c.Name == "調味料" })].ID
		for code, want := range map[string]oroshi.ID{"C1": soy, "C2": soy, "C3": top} {
			list, err := f.s.Products(ctx, f.tenant, catalog.ProductFilter{Query: code})
			if err != nil || len(list.Products) != 1 || list.Products[0].CategoryID != want {
				t.Errorf("%s: %+v %v; want category %s", code, list.Products, err, want)
			}
		}
	})
}

// A product restricted to a price group and a buyer goes through its own
// export unchanged (the import reads its lists; without them it read as
// visible to nobody and every such row was refused), and an edit keeps them.
func TestImportProductsKeepsRestrictedVisibility(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newImportsFixture(t, s, "restricted")
		ctx := context.Background()
		group := f.group("A")
		buyer := f.buyer("B001", 0)
		vis := catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{group}, BuyerIDs: []oroshi.ID{buyer}}
		p, err := (&catalog.Service{Store: s}).CreateProduct(ctx, f.tenant, catalog.Product{Name: "特選鰹節", Status: catalog.StatusPublished,
			Visibility: vis, SKUs: []catalog.SKU{{Code: "TK-1", ListPrice: 5000}}}, importsStaff)
		if err != nil {
			t.Fatal(err)
		}
		im := f.run(dataio.KindProducts, f.export(dataio.KindProducts, csvio.UTF8BOM), csvio.UTF8BOM, false)
		mustSucceed(t, im)
		if im.Result.Counts != (dataio.Counts{Unchanged: 1}) {
			t.Fatalf("round trip: %+v", im.Result.Counts)
		}
		recs := f.records(f.export(dataio.KindProducts, csvio.UTF8BOM), csvio.UTF8BOM)
		recs[1][slices.Index(recs[0], "定価")] = "5500"
		im = f.run(dataio.KindProducts, importsFile(t, csvio.UTF8BOM, recs...), csvio.UTF8BOM, false)
		mustSucceed(t, im)
		got, err := s.Product(ctx, f.tenant, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.SKUs[0].ListPrice != 5500 || !cmp.Equal(got.Visibility, vis) {
			t.Errorf("after the edit: price %d, visibility %+v; want 5500, %+v", got.SKUs[0].ListPrice, got.Visibility, vis)
		}
	})
}
