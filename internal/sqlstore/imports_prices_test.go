package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// pricesFixture: group A with a fixed list 標準価格表 (two SKUs, the first
// with two breaks) and a rate list, and buyer B001 with two buyer prices.
type pricesFixture struct {
	*importsFixture
	groupA, std, buyer oroshi.ID
	skuIDs             []oroshi.ID
}

func newPricesFixture(t *testing.T, s *sqlstore.Store, slug string) *pricesFixture {
	t.Helper()
	f := &pricesFixture{importsFixture: newImportsFixture(t, s, slug)}
	f.groupA = f.group("A")
	f.skuIDs = f.pricingFixture.skus(1000, "SKU-001", "SKU-002", "SKU-003")
	f.std = f.list(pricing.PriceList{GroupID: f.groupA, Name: "標準価格表", Kind: pricing.KindFixed}).ID
	f.list(pricing.PriceList{GroupID: f.groupA, Name: "掛け率70%", Kind: pricing.KindRate, RateBP: 7000, Rounding: pricing.RoundFloor})
	f.item(f.std, f.skuIDs[0], pbreak(1, 900), pbreak(10, 850))
	f.item(f.std, f.skuIDs[1], pbreak(1, 1800))
	f.buyer = f.pricingFixture.buyer("B001", f.groupA)
	f.buyerPrice(f.buyer, f.skuIDs[0], pricing.Period{}, pbreak(1, 800))
	f.buyerPrice(f.buyer, f.skuIDs[1], pricing.Period{From: pday(2026, 4, 1), To: pday(2026, 9, 30)}, pbreak(1, 1500), pbreak(12, 1400))
	return f
}

func TestExportPrices(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newPricesFixture(t, s, "expprices")
		items := f.records(f.export(dataio.KindPriceItems, csvio.ShiftJIS), csvio.ShiftJIS)
		want := [][]string{
			{"価格グループ", "価格表名", "品番", "商品名", "数量下限", "単価"},
			{"A", "標準価格表", "SKU-001", "商品SKU-001 1ケース", "1", "900"},
			{"A", "標準価格表", "SKU-001", "商品SKU-001 1ケース", "10", "850"},
			{"A", "標準価格表", "SKU-002", "商品SKU-002 1ケース", "1", "1800"},
		}
		if diff := cmp.Diff(want, items); diff != "" {
			t.Errorf("price list items (-want +got):\n%s", diff)
		}
		prices := f.records(f.export(dataio.KindBuyerPrices, csvio.UTF8BOM), csvio.UTF8BOM)
		want = [][]string{
			{"取引先コード", "取引先名", "品番", "商品名", "適用開始日", "適用終了日", "数量下限", "単価"},
			{"B001", "取引先B001", "SKU-001", "商品SKU-001 1ケース", "", "", "1", "800"},
			{"B001", "取引先B001", "SKU-002", "商品SKU-002 1ケース", "2026-04-01", "2026-09-30", "1", "1500"},
			{"B001", "取引先B001", "SKU-002", "商品SKU-002 1ケース", "2026-04-01", "2026-09-30", "12", "1400"},
		}
		if diff := cmp.Diff(want, prices); diff != "" {
			t.Errorf("buyer prices (-want +got):\n%s", diff)
		}
	})
}

func TestImportPricesRoundTrip(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newPricesFixture(t, s, "rtprices")
		for _, k := range []dataio.Kind{dataio.KindPriceItems, dataio.KindBuyerPrices} {
			for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
				im := f.run(k, f.export(k, enc), csvio.Auto, false)
				mustSucceed(t, im)
				if want := (dataio.Counts{Unchanged: 2}); im.Result.Counts != want {
					t.Errorf("%s %s round trip: %+v, want %+v", k, enc, im.Result.Counts, want)
				}
			}
		}
	})
}

func TestImportPriceItems(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newPricesFixture(t, s, "impitems")
		data := importsFile(t, csvio.UTF8BOM,
			[]string{"価格グループ", "価格表名", "品番", "数量下限", "単価"},
			[]string{"A", "標準価格表", "SKU-003", "10", "950"}, // breaks of one SKU may be apart
			[]string{"A", "標準価格表", "SKU-001", "1", "900"},
			[]string{"A", "標準価格表", "ＳＫＵ－００１", "10", "800"},
			[]string{"A", "標準価格表", "SKU-003", "1", "1,000"},
		)
		im := f.run(dataio.KindPriceItems, data, csvio.Auto, false)
		mustSucceed(t, im)
		if want := (dataio.Counts{Created: 1, Updated: 1}); im.Result.Counts != want {
			t.Errorf("counts %+v, want %+v", im.Result.Counts, want)
		}
		got, err := f.svc.PriceListItems(context.Background(), f.tenant, f.std, pricing.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var breaks [][]pricing.Break
		for _, it := range got {
			breaks = append(breaks, it.Breaks)
		}
		want := [][]pricing.Break{{pbreak(1, 900), pbreak(10, 800)}, {pbreak(1, 1800)}, {pbreak(1, 1000), pbreak(10, 950)}}
		if diff := cmp.Diff(want, breaks); diff != "" {
			t.Errorf("items (-want +got):\n%s", diff)
		}
		ev := f.audit()
		last := ev[len(ev)-1] // items in the order of their first row: SKU-003, then SKU-001
		if last.Action != "価格表（更新）" || last.TargetID != f.std.String() || last.Detail["sku"] != "SKU-001" ||
			last.Detail["csv_import"] != im.ID.String() {
			t.Errorf("item event %+v", last)
		}
	})
}

func TestImportPriceItemsProblems(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newPricesFixture(t, s, "probitems")
		f.list(pricing.PriceList{GroupID: f.groupA, Name: "重複", Kind: pricing.KindFixed})
		f.list(pricing.PriceList{GroupID: f.groupA, Name: "重複", Kind: pricing.KindFixed})
		data := importsFile(t, csvio.UTF8BOM,
			[]string{"価格グループ", "価格表名", "品番", "商品名", "数量下限", "単価"},
			[]string{"Z", "標準価格表", "SKU-001", "", "1", "900"},
			[]string{"A", "掛け率70%", "SKU-001", "", "1", "900"},
			[]string{"A", "重複", "SKU-001", "", "1", "900"},
			[]string{"A", "標準価格表", "NOPE", "", "1", "900"},
			[]string{"A", "標準価格表", "SKU-002", "", "5", "900"},
			[]string{"A", "標準価格表", "SKU-003", "", "1", ""},
			[]string{"A", "標準価格表", "SKU-003", "", "0", "10"},
		)
		before := f.checksum()
		im := f.run(dataio.KindPriceItems, data, csvio.Auto, false)
		want := strings.Join([]string{
			"行1 「価格グループ」: 価格グループ「Z」が見つかりません",
			"行2 「価格表名」: 価格表「掛け率70%」は掛け率の価格表のため、商品別の単価は設定できません",
			"行3 「価格表名」: 価格グループ「A」に「重複」という名前の価格表が2件あります。価格表の名前を変えてから取り込んでください",
			"行4 「品番」: 品番「NOPE」が見つかりません",
			"行5 「数量下限」: 最初の数量の下限は1にしてください",
			"行6 「単価」: 単価は0以上の整数（円）で入力してください",
			"行7 「数量下限」: 数量下限は1以上の整数で入力してください",
		}, "\n")
		if got := errorsText(im); got != want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, want)
		}
		if im.Status != dataio.StatusFailed || f.checksum() != before {
			t.Errorf("status %s; stored rows changed: %v", im.Status, f.checksum() != before)
		}
	})
}

func TestImportBuyerPrices(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newPricesFixture(t, s, "impbp")
		data := importsFile(t, csvio.ShiftJIS,
			[]string{"取引先コード", "品番", "適用開始日", "適用終了日", "数量下限", "単価"},
			[]string{"B001", "SKU-001", "", "", "1", "780"},                     // update of the open price
			[]string{"B001", "SKU-002", "2026/4/1", "2026年9月30日", "1", "1500"},  // Excel's and people's dates
			[]string{"B001", "SKU-002", "20260401", "2026-09-30", "12", "1400"}, // unchanged
			[]string{"B001", "SKU-002", "2026-10-01", "", "1", "1450"},          // a new period
		)
		im := f.run(dataio.KindBuyerPrices, data, csvio.Auto, false)
		mustSucceed(t, im)
		if want := (dataio.Counts{Created: 1, Updated: 1, Unchanged: 1}); im.Result.Counts != want {
			t.Errorf("counts %+v, want %+v", im.Result.Counts, want)
		}
		if n := pricingCount(t, s, f.tenant, "buyer_prices"); n != 3 {
			t.Errorf("%d buyer prices, want 3", n)
		}
		var actions []string
		for _, e := range f.audit() {
			actions = append(actions, e.Action)
		}
		if tail := actions[len(actions)-2:]; !slices.Equal(tail, []string{"個別単価（更新）", "個別単価（作成）"}) {
			t.Errorf("history ends %v", tail)
		}
		bad := importsFile(t, csvio.UTF8BOM,
			[]string{"取引先コード", "品番", "適用開始日", "適用終了日", "数量下限", "単価"},
			[]string{"B001", "SKU-003", "2026-02-30", "", "1", "100"},
			[]string{"B001", "SKU-003", "2026-12-01", "2026-11-01", "1", "100"},
		)
		im = f.run(dataio.KindBuyerPrices, bad, csvio.Auto, true)
		want := "行1 「適用開始日」: 適用開始日は日付（例: 2026-04-01）で入力してください\n" +
			"行2 「適用開始日」: 適用開始日は終了日以前にしてください"
		if got := errorsText(im); got != want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, want)
		}
	})
}
