package dataio

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"

	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// fuzzSnap is stored data for every kind: buyer B1 and SKU S1.
func fuzzSnap() Snapshot {
	s := buyersSnap()
	s.SKUs = map[string]pricing.SKUInfo{"S1": {ID: 3, Code: "S1", ListPrice: 1980}}
	return s
}

func sjis(s string) []byte {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

// FuzzImport runs any file through the import's dry run for every kind and
// encoding: decode, header mapping, row checks and the plan. It never
// panics or fails outright (every problem is a row error with a message and
// a row of the file), counts every data row, writes no more rows than it
// read, and planning twice gives the same plan, as a commit re-plans.
func FuzzImport(f *testing.F) {
	f.Add([]byte("取引先コード,与信限度額\r\nB1,\"5,000\"\r\n"), uint8(0))
	f.Add(sjis("取引先コード,取引先名,締め日,状態,担当営業\r\nN1,髙橋商店㈱,15日,停止,鈴木\r\n"), uint8(0))
	f.Add([]byte("\xEF\xBB\xBF取引先コード,納品先名,郵便番号\nB1,\"本社\"\"東\"\"\",100-0001\n"), uint8(1))
	f.Add([]byte("価格表,品番,数量下限,単価\r\nA,S1,1,1000\r\nA,S1,-5,99999999999999999999\r\n"), uint8(2))
	f.Add([]byte("取引先コード,品番,数量下限,単価,適用開始日\r\nB1,S1,1,１２３,2026-02-30\r\n"), uint8(3))
	f.Add([]byte("品番,商品名\r\n𠮷-1,𠮷野家😀\r\n\"unclosed\r\n"), uint8(4))
	f.Add([]byte("\xFF\xFE取\x00"), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		k := Kinds()[int(mode)%len(Kinds())]
		enc := []csvio.Encoding{csvio.Auto, csvio.UTF8, csvio.ShiftJIS}[int(mode/8)%3]
		r := testRefs()
		file, err := readFile(data, enc, columnsFor(k, r))
		if err != nil {
			t.Fatalf("%s: readFile: %v", k, err)
		}
		checkRowErrors(t, file, data)
		if file.fatal {
			return
		}
		if len(file.records) > file.rows {
			t.Fatalf("%d records of %d rows", len(file.records), file.rows)
		}
		imp := newImporter(k, testRec, file.tb, r)
		imp.parse(file, &file.errs)
		first := imp.plan(fuzzSnap(), &csvio.Errors{})
		second := imp.plan(fuzzSnap(), &file.errs)
		if diff := cmp.Diff(first, second); diff != "" {
			t.Fatalf("%s: planning twice differs:\n%s", k, diff)
		}
		writes := len(first.Buyers) + len(first.ShipTos) + len(first.Items) + len(first.Prices) + len(first.Products)
		if writes > file.rows+len(fuzzSnap().Buyers) {
			t.Fatalf("%s: %d writes from %d rows", k, writes, file.rows)
		}
		checkRowErrors(t, file, data)
	})
}

// checkRowErrors: every problem names a line of the file. Rows are
// numbered as the lines people see (Excel shows blank lines as rows, and
// counts a lone CR as a line end), so a row may be past the count of data
// rows, but never past the file's last line.
func checkRowErrors(t *testing.T, f *file, data []byte) {
	t.Helper()
	lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
	for _, e := range f.errs {
		if e.Message == "" || e.Row < 0 || e.Row > lines {
			t.Fatalf("row error %+v of a file of at most %d lines", e, lines)
		}
	}
}
