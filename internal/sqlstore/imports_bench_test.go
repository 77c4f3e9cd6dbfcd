package sqlstore_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

const benchImportRows = 10_000

// newImportsBench is a tenant with 10,000 buyers in 5 price groups and a
// custom field, as a seller's whole customer base.
func newImportsBench(b *testing.B, s *sqlstore.Store) *importsFixture {
	b.Helper()
	f := newImportsFixture(b, s, "bench")
	for _, g := range []string{"A", "B", "C", "D", "E"} {
		f.group(g)
	}
	_, err := (&customfields.Service{Store: s}).CreateField(context.Background(), customfields.Field{Tenant: f.tenant,
		Entity: customfields.EntityBuyer, Key: "sales_rep", Label: "担当営業", Type: customfields.TypeText}, importsStaff)
	if err != nil {
		b.Fatal(err)
	}
	f.exec(func(x func(string, ...any)) {
		rows := newPricingBatch(x, `buyers (tenant_id, id, code, name, kana, address, phone, status, custom, created_at, updated_at)`,
			`(?, ?, ?, ?, 'カブシキガイシャ', '東京都千代田区千代田1-1', '03-1234-5678', 'active', '{"sales_rep":"佐藤"}', ?, ?)`)
		for i := range benchImportRows {
			rows.add(f.tenant, f.id(), fmt.Sprintf("B%05d", i), fmt.Sprintf("株式会社テスト商事%d", i), pricingStamp, pricingStamp)
		}
		rows.flush()
	})
	return f
}

// benchBuyersFile is a file of every column for the 10,000 buyers, each
// with a new credit limit (so every row is an update) that changes with n.
func benchBuyersFile(b *testing.B, n int) []byte {
	rows := [][]string{{"取引先コード", "取引先名", "フリガナ", "郵便番号", "住所", "電話番号", "請求先担当者", "請求先メール",
		"価格グループ", "締め日", "支払条件", "与信限度額", "支払方法", "状態", "担当営業"}}
	for i := range benchImportRows {
		rows = append(rows, []string{fmt.Sprintf("B%05d", i), fmt.Sprintf("株式会社テスト商事%d", i), "かぶしきがいしゃ",
			"100-0001", "東京都千代田区千代田1-1", "03-1234-5678", "経理部", "keiri@example.jp",
			string(rune('A' + i%5)), "20日", "翌月末払い", fmt.Sprint(100000 + n + i), "掛売り", "有効", "佐藤"})
	}
	return importsFile(b, csvio.UTF8BOM, rows...)
}

func openBench(b *testing.B, engine string) *sqlstore.Store {
	b.Helper()
	s, err := sqlstore.Open(context.Background(), sqlstoretest.Options(b, engine))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkDryRunBuyers10k: upload and check a 10,000-row buyers file
// (every row an update), the promise being under 5 s.
func BenchmarkDryRunBuyers10k(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newImportsBench(b, openBench(b, engine))
			data := benchBuyersFile(b, 1)
			for b.Loop() {
				im := f.run(dataio.KindBuyers, data, csvio.Auto, true)
				if im.Status != dataio.StatusSucceeded || im.Result.Counts.Updated != benchImportRows {
					b.Fatalf("dry run: %s %+v\n%s", im.Status, im.Result.Counts, errorsText(im))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
		})
	}
}

// BenchmarkCommitBuyers10k: the same file committed: 10,000 updates and
// 10,000 history entries in one transaction.
func BenchmarkCommitBuyers10k(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newImportsBench(b, openBench(b, engine))
			n := 0
			for b.Loop() {
				b.StopTimer()
				n++
				data := benchBuyersFile(b, n)
				b.StartTimer()
				im := f.run(dataio.KindBuyers, data, csvio.Auto, false)
				if im.Status != dataio.StatusSucceeded || im.Result.Counts.Updated != benchImportRows {
					b.Fatalf("commit: %s %+v\n%s", im.Status, im.Result.Counts, errorsText(im))
				}
			}
		})
	}
}

// BenchmarkExportBuyers10k streams the 10,000 buyers in each encoding
// (Shift_JIS includes its checking pass).
func BenchmarkExportBuyers10k(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			f := newImportsBench(b, openBench(b, engine))
			for _, enc := range []csvio.Encoding{csvio.UTF8BOM, csvio.ShiftJIS} {
				b.Run(enc.String(), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						n, err := f.csv.Export(context.Background(), f.tenant, dataio.KindBuyers, enc, importsStaff, io.Discard)
						if err != nil || n != benchImportRows {
							b.Fatalf("export: %d rows, %v", n, err)
						}
					}
				})
			}
		})
	}
}
