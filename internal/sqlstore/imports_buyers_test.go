package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// buyersFixture is a tenant with price groups, a renamed built-in label,
// two custom fields and three buyers, one of each kind of value.
func buyersFixture(t *testing.T, s *sqlstore.Store, slug string) *importsFixture {
	t.Helper()
	f := newImportsFixture(t, s, slug)
	ctx := context.Background()
	f.group("A")
	b := f.group("B")
	fields := &customfields.Service{Store: s}
	for _, fd := range []customfields.Field{
		{Entity: customfields.EntityBuyer, Key: "sales_rep", Label: "担当営業", Type: customfields.TypeText},
		{Entity: customfields.EntityBuyer, Key: "rank", Label: "ランク区分", Type: customfields.TypeChoice,
			Choices: []string{"特約店", "一般"}},
	} {
		fd.Tenant = f.tenant
		if _, err := fields.CreateField(ctx, fd, importsStaff); err != nil {
			t.Fatal(err)
		}
	}
	err := fields.SetLabels(ctx, f.tenant, customfields.EntityBuyer, map[string]string{"code": "得意先コード"}, importsStaff)
	if err != nil {
		t.Fatal(err)
	}
	f.addBuyer(buyers.Buyer{Code: "B001", Name: "株式会社まるやま商店", Kana: "マルヤマショウテン", PostalCode: "100-0001",
		Address: "東京都千代田区千代田1-1", Phone: "+81-3-1234-5678", BillingName: "経理部 山田",
		BillingEmail: "keiri@maruyama.example.jp", PriceGroupID: b, ClosingDay: 20,
		PaymentTerms: buyers.PaymentTerms{MonthOffset: 2, Day: 10}, CreditLimit: 500000,
		PaymentMethod: buyers.PaymentAccount, Custom: map[string]any{"sales_rep": "佐藤", "rank": "特約店"}})
	f.addBuyer(buyers.Buyer{Code: "B002", Name: "=HYPERLINK(\"http://evil.example\")", Kana: "イコール"})
	c := f.addBuyer(buyers.Buyer{Code: "B003", Name: "髙橋商事（株）", Kana: "タカハシショウジ"})
	if err := f.buyers.Suspend(ctx, f.tenant, c.ID, importsStaff); err != nil {
		t.Fatal(err)
	}
	return f
}

var buyersHeader = []string{"得意先コード", "取引先名", "フリガナ", "郵便番号", "住所", "電話番号", "請求先担当者",
	"請求先メール", "価格グループ", "締め日", "支払条件", "与信限度額", "支払方法", "状態", "担当営業", "ランク区分"}

func TestExportBuyers(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := buyersFixture(t, s, "expbuyers")
		for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
			data := f.export(dataio.KindBuyers, enc)
			if enc == csvio.UTF8BOM && !strings.HasPrefix(string(data), "\uFEFF") {
				t.Errorf("UTF-8 export has no BOM")
			}
			got := f.records(data, enc)
			want := [][]string{buyersHeader,
				{"B001", "株式会社まるやま商店", "マルヤマショウテン", "100-0001", "東京都千代田区千代田1-1", "'+81-3-1234-5678",
					"経理部 山田", "keiri@maruyama.example.jp", "B", "20日", "翌々月10日払い", "500000", "掛売り", "有効", "佐藤", "特約店"},
				{"B002", "'=HYPERLINK(\"http://evil.example\")", "イコール", "", "", "", "", "", "", "末日", "翌月末払い", "0",
					"請求書払い", "有効", "", ""},
				{"B003", "髙橋商事(株)", "タカハシショウジ", "", "", "", "", "", "", "末日", "翌月末払い", "0", "請求書払い", "停止", "", ""},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s export (-want +got):\n%s", enc, diff)
			}
		}
		if got := f.actions(); !slices.Contains(got, "CSV出力（取引先）") {
			t.Errorf("no export entry in the history: %v", got)
		}
	})
}

func TestExportShiftJISUnencodable(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := buyersFixture(t, s, "expsjis")
		f.addBuyer(buyers.Buyer{Code: "B004", Name: "𠮷野商店", Kana: "ヨシノショウテン"})
		f.addBuyer(buyers.Buyer{Code: "B005", Name: "カフェ♥", Kana: "カフェ"})
		var out strings.Builder
		_, err := f.csv.Export(context.Background(), f.tenant, dataio.KindBuyers, csvio.ShiftJIS, importsStaff, &out)
		var ee *dataio.EncodingError
		if !errors.As(err, &ee) {
			t.Fatalf("export of 𠮷 in Shift_JIS: %v, want *EncodingError", err)
		}
		want := []string{
			"行4 「取引先名」: '𠮷' (U+20BB7) は Shift_JIS で表現できません。UTF-8 を選んでください",
			"行5 「取引先名」: '♥' (U+2665) は Shift_JIS で表現できません。UTF-8 を選んでください",
		}
		if diff := cmp.Diff(want, ee.Messages()); diff != "" {
			t.Errorf("messages (-want +got):\n%s", diff)
		}
		if out.Len() != 0 {
			t.Errorf("%d bytes written before the error, want none", out.Len())
		}
		if got := f.records(f.export(dataio.KindBuyers, csvio.UTF8BOM), csvio.Auto); len(got) != 6 {
			t.Errorf("UTF-8 export has %d records, want 6", len(got))
		}
	})
}

func TestImportBuyersRoundTrip(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := buyersFixture(t, s, "rtbuyers")
		for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
			for _, dry := range []bool{true, false} {
				im := f.run(dataio.KindBuyers, f.export(dataio.KindBuyers, enc), csvio.Auto, dry)
				mustSucceed(t, im)
				if want := (dataio.Counts{Unchanged: 3}); im.Result.Counts != want || im.TotalRows != 3 {
					t.Errorf("%s dry=%v: %+v of %d rows, want %+v of 3", enc, dry, im.Result.Counts, im.TotalRows, want)
				}
				if got := im.Encoding; got != map[csvio.Encoding]string{csvio.UTF8BOM: "utf8bom", csvio.ShiftJIS: "shift_jis"}[enc] {
					t.Errorf("detected encoding %q for a %s file", got, enc)
				}
			}
			if got := f.buyerByCode("B002").Name; got != `=HYPERLINK("http://evil.example")` {
				t.Errorf("B002 name after round trip: %q", got)
			}
		}
	})
}

func TestImportBuyersCommit(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := buyersFixture(t, s, "impbuyers")
		data := importsFile(t, csvio.ShiftJIS,
			[]string{"得意先コード", "取引先名", "フリガナ", "価格グループ", "締め日", "支払条件", "与信限度額", "状態", "ランク区分"},
			[]string{"B001", "株式会社まるやま商店", "まるやましょうてん", "A", "末", "翌月25日", "１，０００，０００", "有効", "一般"},
			[]string{"B003", "髙橋商事（株）", "タカハシショウジ", "", "末日", "翌月末払い", "0", "有効", ""},
			[]string{"Ｂ００９", "新規商会", "シンキショウカイ", "B", "15", "当月末", "￥30,000", "", ""},
		)
		before := f.checksum()
		dry := f.run(dataio.KindBuyers, data, csvio.Auto, true)
		mustSucceed(t, dry)
		if want := (dataio.Counts{Created: 1, Updated: 2}); dry.Result.Counts != want {
			t.Errorf("dry run counts %+v, want %+v", dry.Result.Counts, want)
		}
		if f.checksum() != before {
			t.Fatal("the dry run changed stored rows")
		}
		im := f.run(dataio.KindBuyers, data, csvio.Auto, false)
		mustSucceed(t, im)
		b1 := f.buyerByCode("B001")
		if b1.ClosingDay != 31 || b1.PaymentTerms != (buyers.PaymentTerms{MonthOffset: 1, Day: 25}) ||
			b1.CreditLimit != 1_000_000 || b1.Custom["rank"] != "一般" || b1.Custom["sales_rep"] != "佐藤" ||
			b1.Phone != "+81-3-1234-5678" || b1.PaymentMethod != buyers.PaymentAccount {
			t.Errorf("B001 after import: %+v", b1)
		}
		if b3 := f.buyerByCode("B003"); b3.Status != buyers.StatusActive {
			t.Errorf("B003 status %q, want active (resumed by the file)", b3.Status)
		}
		if b9 := f.buyerByCode("B009"); b9.Name != "新規商会" || b9.CreditLimit != 30000 || b9.ClosingDay != 15 ||
			b9.Status != buyers.StatusActive || b9.PriceGroupID == 0 {
			t.Errorf("B009 after import: %+v", b9)
		}
		got := f.actions()
		want := []string{"顧客データ（更新） [csv]", "顧客データ（再開） [csv]", "顧客データ（作成） [csv]",
			"CSV取込（取引先） [csv]"}
		if tail := got[len(got)-len(want):]; !slices.Equal(tail, want) {
			t.Errorf("history ends %v, want %v", tail, want)
		}
	})
}

// TestImportBuyersAllOrNothing: one bad row among 50 and nothing at all
// is written; the dry run and the commit report the same row and column.
func TestImportBuyersAllOrNothing(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := buyersFixture(t, s, "aonbuyers")
		rows := [][]string{{"得意先コード", "取引先名", "締め日", "与信限度額", "担当営業"}}
		for i := 1; i <= 50; i++ {
			closing := "末日"
			if i == 37 {
				closing = "32日"
			}
			rows = append(rows, []string{fmt.Sprintf("N%03d", i), fmt.Sprintf("取引先%d", i), closing, "100000", "佐藤"})
		}
		rows[2][0] = "B001" // an update among the new ones
		data := importsFile(t, csvio.UTF8BOM, rows...)
		before := f.checksum()
		for _, dry := range []bool{true, false} {
			im := f.run(dataio.KindBuyers, data, csvio.Auto, dry)
			if im.Status != dataio.StatusFailed || im.ErrorCount != 1 {
				t.Fatalf("dry=%v: %s with %d problems, want failed with 1:\n%s", dry, im.Status, im.ErrorCount, errorsText(im))
			}
			want := "行37 「締め日」: 締め日は5日・10日・15日・20日・25日・末日のいずれかを入力してください"
			if got := errorsText(im); got != want {
				t.Errorf("dry=%v: problems\n%s\nwant\n%s", dry, got, want)
			}
			if f.checksum() != before {
				t.Fatalf("dry=%v: a failed import changed stored rows", dry)
			}
		}
		if n := pricingCount(t, s, f.tenant, "buyers"); n != 3 {
			t.Errorf("%d buyers after the failed import, want 3", n)
		}
	})
}
