package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestImportShipTos(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newImportsFixture(t, s, "impship")
		ctx := context.Background()
		b := f.addBuyer(buyers.Buyer{Code: "B001", Name: "まるやま商店"})
		f.addBuyer(buyers.Buyer{Code: "B002", Name: "さくら商会"})
		for _, st := range []buyers.ShipTo{
			{Label: "本店", PostalCode: "1000001", Address: "東京都千代田区1-1"},
			{Label: "旧倉庫", PostalCode: "1000002", Address: "東京都千代田区2-2"},
		} {
			st.Tenant, st.BuyerID = f.tenant, b.ID
			if _, err := f.buyers.CreateShipTo(ctx, st, importsStaff); err != nil {
				t.Fatal(err)
			}
		}
		exported := f.records(f.export(dataio.KindShipTos, csvio.UTF8BOM), csvio.UTF8BOM)
		want := [][]string{{"取引先コード", "取引先名", "納品先名", "宛名", "郵便番号", "住所", "電話番号", "既定"},
			{"B001", "まるやま商店", "本店", "", "100-0001", "東京都千代田区1-1", "", "○"},
			{"B001", "まるやま商店", "旧倉庫", "", "100-0002", "東京都千代田区2-2", "", ""}}
		if diff := cmp.Diff(want, exported); diff != "" {
			t.Errorf("export (-want +got):\n%s", diff)
		}
		for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
			im := f.run(dataio.KindShipTos, f.export(dataio.KindShipTos, enc), csvio.Auto, false)
			if mustSucceed(t, im); im.Result.Counts != (dataio.Counts{Unchanged: 2}) {
				t.Errorf("%s round trip: %+v", enc, im.Result.Counts)
			}
		}
		data := importsFile(t, csvio.ShiftJIS,
			[]string{"取引先コード", "納品先名", "郵便番号", "住所", "既定"},
			[]string{"B001", "本店", "100-0001", "東京都千代田区1-1", ""},
			[]string{"B001", "第二倉庫", "〒２１０－０００１", "神奈川県川崎市1-1", "○"},
			[]string{"B002", "本社", "5300001", "大阪府大阪市北区1-1", ""},
		)
		im := f.run(dataio.KindShipTos, data, csvio.Auto, false)
		mustSucceed(t, im)
		if want := (dataio.Counts{Created: 2, Updated: 1, Deleted: 1}); im.Result.Counts != want {
			t.Errorf("counts %+v, want %+v", im.Result.Counts, want)
		}
		sts, err := f.buyers.ShipTos(ctx, f.tenant, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, st := range sts {
			got = append(got, st.Label+" "+st.PostalCode+map[bool]string{true: " 既定"}[st.IsDefault])
		}
		if diff := cmp.Diff([]string{"第二倉庫 210-0001 既定", "本店 100-0001"}, got); diff != "" {
			t.Errorf("ship-tos of B001 (-want +got):\n%s", diff)
		}
		// Columns left out keep the stored values; a buyer's only ship-to is its default.
		short := importsFile(t, csvio.UTF8BOM, []string{"取引先コード", "納品先名"}, []string{"B001", "本店"})
		im = f.run(dataio.KindShipTos, short, csvio.Auto, false)
		mustSucceed(t, im)
		if want := (dataio.Counts{Updated: 1, Deleted: 1}); im.Result.Counts != want {
			t.Errorf("short file counts %+v, want %+v", im.Result.Counts, want)
		}
		if sts, _ := f.buyers.ShipTos(ctx, f.tenant, b.ID); len(sts) != 1 || sts[0].PostalCode != "100-0001" ||
			sts[0].Address != "東京都千代田区1-1" || !sts[0].IsDefault {
			t.Errorf("ship-tos after the short file: %+v", sts)
		}
		bad := importsFile(t, csvio.UTF8BOM,
			[]string{"取引先コード", "納品先名", "郵便番号", "住所", "既定"},
			[]string{"B001", "本店", "100-0001", "東京都", "○"},
			[]string{"B001", "本店", "100-0001", "東京都", ""},
			[]string{"B001", "倉庫", "100-0001", "東京都", "○"},
			[]string{"B404", "本店", "100-0001", "東京都", "たぶん"},
			[]string{"B002", "本社", "12", "", ""},
			[]string{"B404", "別館", "100-0001", "東京都", ""},
		)
		im = f.run(dataio.KindShipTos, bad, csvio.Auto, true)
		wantErr := strings.Join([]string{
			"行2 「納品先名」: 納品先名「本店」が行1と重複しています",
			"行3 「既定」: 既定の納品先は1社に1件です（行1も既定になっています）",
			"行4 「既定」: 既定は ○ または空欄で入力してください",
			"行5 「郵便番号」: 郵便番号は7桁の数字（例: 123-4567）で入力してください",
			"行5 「住所」: 住所を200文字以内で入力してください",
			"行6 「取引先コード」: 取引先コード「B404」が見つかりません",
		}, "\n")
		if got := errorsText(im); got != wantErr {
			t.Errorf("problems:\n%s\nwant:\n%s", got, wantErr)
		}
	})
}

// TestImportFileProblems: files that cannot be read at all are refused
// with one clear message and nothing is written.
func TestImportFileProblems(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newImportsFixture(t, s, "badfiles")
		f.addBuyer(buyers.Buyer{Code: "B001", Name: "まるやま商店"})
		sjis := importsFile(t, csvio.ShiftJIS, []string{"取引先コード", "取引先名"}, []string{"B001", "丸山商店"})
		tests := []struct {
			name string
			data []byte
			enc  csvio.Encoding
			want string
		}{
			{"missing required column", []byte("取引先名,住所\r\n丸山商店,東京都\r\n"), csvio.Auto,
				"見出し行: 必須の列「取引先コード」がありません"},
			{"unknown column", []byte("取引先コード,メモ\r\nB001,x\r\n"), csvio.Auto,
				"見出し行: 列「メモ」は取り込めません（2列目）。使える列: 取引先コード、取引先名、フリガナ、郵便番号、住所、電話番号、請求先担当者、請求先メール、価格グループ、締め日、支払条件、与信限度額、支払方法、状態"},
			{"Shift_JIS read as UTF-8", sjis, csvio.UTF8,
				"見出し行 「1列目」: 文字化けした文字 (U+FFFD) があります。UTF-8 として読みました。文字コードを確かめてください"},
			{"broken quotes", []byte("取引先コード,取引先名\r\nB001,\"丸山商店\r\n"), csvio.Auto,
				"行1 「取引先名」: 2行目で始まる引用符 (\") が閉じられていません"},
			{"empty file", nil, csvio.Auto, ""},
			{"UTF-16", []byte("\xFF\xFEa\x00"), csvio.Auto,
				"見出し行: UTF-16 のファイルは読み込めません。Excel では「CSV UTF-8（コンマ区切り）」の形式で保存してください"},
		}
		before := f.checksum()
		for _, tc := range tests {
			if tc.data == nil {
				_, err := f.csv.Submit(context.Background(), f.tenant, dataio.Upload{Kind: dataio.KindBuyers}, importsStaff)
				if !errors.As(err, new(*oroshi.ValidationError)) {
					t.Errorf("%s: %v, want a validation error", tc.name, err)
				}
				continue
			}
			im := f.run(dataio.KindBuyers, tc.data, tc.enc, false)
			if got := errorsText(im); im.Status != dataio.StatusFailed || got != tc.want {
				t.Errorf("%s: %s\n%s\nwant:\n%s", tc.name, im.Status, got, tc.want)
			}
		}
		if f.checksum() != before {
			t.Error("a refused file changed stored rows")
		}
	})
}

// TestImportTenantIsolation: another tenant's codes are unknown, and
// exports hold only the tenant's own rows.
func TestImportTenantIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		other := newPricesFixture(t, s, "other")
		f := newImportsFixture(t, s, "mine")
		f.group("A")
		data := importsFile(t, csvio.UTF8BOM,
			[]string{"取引先コード", "品番", "数量下限", "単価"}, []string{"B001", "SKU-001", "1", "500"})
		im := f.run(dataio.KindBuyerPrices, data, csvio.Auto, false)
		want := "行1 「取引先コード」: 取引先コード「B001」が見つかりません\n行1 「品番」: 品番「SKU-001」が見つかりません"
		if got := errorsText(im); got != want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, want)
		}
		items := importsFile(t, csvio.UTF8BOM, []string{"価格グループ", "価格表名", "品番", "数量下限", "単価"},
			[]string{"A", "標準価格表", "SKU-001", "1", "500"})
		im = f.run(dataio.KindPriceItems, items, csvio.Auto, false)
		want = "行1 「価格表名」: 価格グループ「A」に価格表「標準価格表」はありません\n行1 「品番」: 品番「SKU-001」が見つかりません"
		if got := errorsText(im); got != want {
			t.Errorf("problems:\n%s\nwant:\n%s", got, want)
		}
		for _, k := range dataio.Kinds() {
			if got := f.records(f.export(k, csvio.UTF8BOM), csvio.Auto); len(got) != 1 {
				t.Errorf("%s export of an empty tenant has %d records, want the header only", k, len(got))
			}
		}
		if _, err := f.csv.Import(context.Background(), other.tenant, im.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("import of another tenant: %v, want ErrNotFound", err)
		}
	})
}

// TestCommitImportRollsBack: a write failing inside the commit undoes the
// writes before it, and the import stays unfinished for the job to end.
func TestCommitImportRollsBack(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newImportsFixture(t, s, "rollback")
		ctx := context.Background()
		im, err := s.CreateImport(ctx, dataio.Import{Tenant: f.tenant, Kind: dataio.KindBuyers, Filename: "x.csv",
			Encoding: "auto", Data: []byte("x")})
		if err != nil {
			t.Fatal(err)
		}
		before := f.checksum()
		ev := importsStaff.Event(buyers.ActionCreate, "buyer", "")
		err = s.CommitImport(ctx, f.tenant, im.ID, dataio.Keys{Kind: dataio.KindBuyers}, dataio.Result{},
			func(dataio.Snapshot) (dataio.Plan, error) {
				return dataio.Plan{Buyers: []dataio.BuyerWrite{
					{Buyer: buyers.Buyer{Code: "N001", Name: "新規", ClosingDay: 31, Status: "active"}, Events: []audit.Event{ev}},
					{Buyer: buyers.Buyer{ID: 12345, Code: "GONE", Name: "消えた取引先", Status: "active"}},
				}}, nil
			})
		if !errors.Is(err, oroshi.ErrNotFound) {
			t.Fatalf("commit with a missing buyer: %v, want ErrNotFound", err)
		}
		if f.checksum() != before {
			t.Error("a failed commit left rows behind")
		}
		if got, _ := s.Import(ctx, f.tenant, im.ID); got.Finished() {
			t.Errorf("import is %s after a failed commit", got.Status)
		}
	})
}
