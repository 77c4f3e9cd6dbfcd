package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestImportProducts(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newImportsFixture(t, s, "products")
		ctx := context.Background()
		_, err := f.s.CreateProduct(ctx, catalog.Product{Tenant: f.tenant, Name: "濃口しょうゆ", Kana: "コイクチショウユ",
			TaxClass: catalog.TaxReduced, Status: catalog.StatusPublished, Visibility: catalog.Visibility{Mode: catalog.VisibleToAll},
			SKUs: []catalog.SKU{{Code: "SY-1", JAN: "4901234567894", Unit: "本", CaseQty: 12, OrderLot: 1, MinQty: 1, ListPrice: 480}}},
			audit.Event{Tenant: f.tenant, Action: catalog.ActionProductCreate})
		if err != nil {
			t.Fatal(err)
		}
		for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
			data := f.export(dataio.KindProducts, enc)
			im := f.run(dataio.KindProducts, data, enc, false)
			mustSucceed(t, im)
			if im.Result.Counts.Unchanged != 1 || im.Result.Counts.Updated+im.Result.Counts.Created != 0 {
				t.Fatalf("%s round trip: %+v", enc, im.Result.Counts)
			}
		}
		recs := f.records(f.export(dataio.KindProducts, csvio.UTF8BOM), csvio.UTF8BOM)
		head := recs[0]
		row := func(vals map[string]string) []string {
			out := make([]string, len(head))
			for i, h := range head {
				out[i] = vals[h]
			}
			return out
		}
		data := importsFile(t, csvio.UTF8BOM, head,
			recs[1],
			row(map[string]string{"親品番": "SY-1", "品番": "SY-2", "規格": "1.8L"}),
			row(map[string]string{"親品番": "MS-1", "品番": "MS-1", "商品名": "合わせみそ", "JANコード": "00000000"}),
		)
		im := f.run(dataio.KindProducts, data, csvio.UTF8BOM, false)
		mustSucceed(t, im)
		for _, q := range []string{"SY-2", "合わせ"} {
			list, err := f.s.Products(ctx, f.tenant, catalog.ProductFilter{Query: q})
			if err != nil || len(list.Products) != 1 {
				t.Fatalf("search %q: %+v %v", q, list, err)
			}
		}
		sum, catalogSum := f.checksum(), f.catalogChecksum()
		bad := importsFile(t, csvio.UTF8BOM, head,
			row(map[string]string{"親品番": "NX-1", "品番": "NX-1", "商品名": "新商品"}),
			row(map[string]string{"親品番": "NX-2", "品番": "NX-2", "商品名": "悪いJAN", "JANコード": "4901234567890"}),
			row(map[string]string{"親品番": "NX-3", "品番": "NX-3", "商品名": "x", "カテゴリ": "調味料/しょうゆ・みそ"}),
		)
		im = f.run(dataio.KindProducts, bad, csvio.UTF8BOM, false)
		text := errorsText(im)
		if im.Status != dataio.StatusFailed || !strings.Contains(text, "チェックディジット") || !strings.Contains(text, "カテゴリ「調味料/しょうゆ・みそ」がありません") {
			t.Fatalf("bad file: %s\n%s", im.Status, text)
		}
		if f.checksum() != sum || f.catalogChecksum() != catalogSum {
			t.Fatal("failed import wrote")
		}
	})
}
