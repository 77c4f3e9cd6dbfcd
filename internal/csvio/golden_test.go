package csvio

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// productHeader and productRow make realistic catalog rows, shared by the
// golden files and the benchmarks.
var productHeader = []string{
	"品番", "JANコード", "商品名", "商品名カナ", "カテゴリ", "単位",
	"入数", "発注単位", "税区分", "定価（税抜）", "在庫", "備考",
}

func productRow(i int) []string {
	names := []string{"特選 煎茶 100g", "髙﨑製作所 ボールペン①", "業務用 醤油 1.8L〜", "ｶﾀｶﾅ ﾀｵﾙ 白", "紙コップ（7オンス）, 50個入"}
	kana := []string{"トクセン センチャ", "タカサキセイサクショ ボールペン", "ギョウムヨウ ショウユ", "カタカナ タオル", "カミコップ"}
	units := []string{"個", "箱", "ケース", "本"}
	taxes := []string{"標準10%", "軽減8%"}
	notes := []string{"", "㈱山田商店 専用", "=HYPERLINK(\"http://x\")", "値引 −5%", "改行\nあり", "\"限定\"品"}
	return []string{
		fmt.Sprintf("%06d", i),
		fmt.Sprintf("0490%09d", i*7919%1000000000),
		names[i%len(names)],
		kana[i%len(kana)],
		"食品/飲料",
		units[i%len(units)],
		fmt.Sprint(1 + i%24),
		fmt.Sprint(1 + i%6),
		taxes[i%len(taxes)],
		fmt.Sprint(100 + i*37%99000),
		fmt.Sprint(i%500 - 20),
		notes[i%len(notes)],
	}
}

func TestGolden(t *testing.T) {
	files := []struct {
		name string
		enc  Encoding
	}{
		{"products_utf8bom.csv", UTF8BOM},
		{"products_utf8.csv", UTF8},
		{"products_sjis.csv", ShiftJIS},
	}
	for _, f := range files {
		var buf bytes.Buffer
		w := NewWriter(&buf, f.enc)
		want := [][]string{productHeader}
		if err := w.WriteHeader(productHeader); err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			mustWrite(t, w, productRow(i))
			want = append(want, written(productRow(i), f.enc))
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", f.name)
		if *update {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		golden, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), golden) {
			t.Errorf("%s differs from the output; run go test -update and review the diff", path)
		}
		if diff := cmp.Diff(want, readAll(t, golden, Auto)); diff != "" {
			t.Errorf("%s read back (-want +got):\n%s", path, diff)
		}
	}
}

// written is what reading back a row written in enc gives.
func written(rec []string, enc Encoding) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = NeutralizeFormula(c)
		if enc == ShiftJIS {
			out[i] = strings.Map(cp932Fold, out[i])
		}
	}
	return out
}
