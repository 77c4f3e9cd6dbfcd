package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

// squash removes the spaces pdftotext -layout puts between columns, so a
// check can name a phrase regardless of where the layout breaks it.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestRenderExtractsExactJapanese(t *testing.T) {
	e := pdftest.Engine(t)
	images := invoice(12)
	images.Issuer.Logo, images.Issuer.Seal = logo(t), seal(t)
	wrapping := invoice(6)
	long := "北海道産 生クリーム 35% 1L（業務用・要冷蔵、賞味期限 製造日より14日）パティスリー向け大容量パック"
	wrapping.Rows[2][2] = long
	rare := invoice(3)
	rare.Recipient = "𠮷野家商事株式会社 御中"
	rare.Rows[0][2] = "𠮟られない髙﨑の餃子"

	longNote := invoice(20)
	longNote.Notes[1].Text = strings.Repeat("契約条件の説明文です。\n", 90) + "最終行"
	minimal := pdf.Document{Title: "納品書", Footer: "フッターのみ"}

	tests := []struct {
		name  string
		doc   pdf.Document
		pages int
		want  []string // phrases (spaces ignored) on the pages, in order
		last  []string // phrases only on the last page
	}{
		{"one page", invoice(12), 1,
			[]string{"請求書", "No.INV-2026-000123", "発行日2026年11月26日", "株式会社まるやま商店御中",
				"登録番号T1234567890123", "ご請求金額（税込）", "¥57,770", "No.品番商品名数量単位単価金額税率",
				"12SK-5102冷凍讃岐うどん250g×5玉※5袋¥410¥2,0508%", "※印は軽減税率（8%）対象商品", "合計（税込）¥57,770",
				"三菱UFJ銀行丸の内支店普通1234567", "口座名義カ）サクラショクヒン", "1/1"},
			nil},
		{"120 rows", invoice(120), 4,
			[]string{"No.品番商品名数量単位単価金額税率", "1/4", "2/4", "120SK-5102", "3/4"},
			[]string{"合計（税込）", "お振込先", "4/4"}},
		{"images", images, 1, []string{"株式会社さくら食品", "合計（税込）¥57,770"}, nil},
		{"long cell wraps", wrapping, 1, []string{
			// 、 may not start a line (禁則), so 蔵 moves down with it.
			"北海道産生クリーム35%1L（業務用・要冷", "蔵、賞味期限製造日より14日）パティスリー向", "け大容量パック"}, nil},
		{"long note flows on", longNote, 3, []string{"合計（税込）", "1/3", "備考", "2/3", "備考（続き）", "最終行", "3/3"}, []string{"最終行"}},
		{"minimal", minimal, 1, []string{"納品書", "フッターのみ", "1/1"}, nil},
		{"non-BMP kanji", rare, 1, []string{"𠮷野家商事株式会社御中", "𠮟られない髙﨑の餃子"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := e.Render(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			pages := strings.Split(strings.TrimSuffix(pdftest.Text(t, b), "\f"), "\f")
			if len(pages) != tt.pages {
				t.Fatalf("%d pages, want %d", len(pages), tt.pages)
			}
			all := squash(strings.Join(pages, "\n"))
			at := 0
			for _, w := range tt.want {
				i := strings.Index(all[at:], w)
				if i < 0 {
					t.Errorf("text lacks %q (in this order); got:\n%s", w, strings.Join(pages, "\n---\n"))
					continue
				}
				at += i + len(w)
			}
			for _, w := range tt.last {
				for p, page := range pages {
					if has := strings.Contains(squash(page), w); has != (p == len(pages)-1) {
						t.Errorf("page %d: has %q = %v; want it on the last page only", p+1, w, has)
					}
				}
			}
			checkEveryPage(t, pages, tt.doc)
		})
	}
}

// checkEveryPage: "n/N" and the repeated table header on every page, every
// row exactly once and in order.
func checkEveryPage(t *testing.T, pages []string, d pdf.Document) {
	t.Helper()
	head := squash("No. 品番 商品名 数量 単位 単価 金額 税率")
	rowNo := 0
	rowRe := regexp.MustCompile(`(?m)^\s*(\d+)\s+SK-\d{4}\s`)
	for p, page := range pages {
		if !strings.Contains(page, fmt.Sprintf("%d/%d", p+1, len(pages))) {
			t.Errorf("page %d lacks its number %d/%d", p+1, p+1, len(pages))
		}
		rows := rowRe.FindAllStringSubmatch(page, -1)
		if len(rows) > 0 && !strings.Contains(squash(page), head) {
			t.Errorf("page %d has rows but lacks the table header", p+1)
		}
		for _, m := range rows {
			rowNo++
			if m[1] != fmt.Sprint(rowNo) {
				t.Fatalf("page %d: row %s where row %d was expected", p+1, m[1], rowNo)
			}
		}
	}
	if rowNo != len(d.Rows) {
		t.Errorf("found %d rows, want %d", rowNo, len(d.Rows))
	}
}

func TestRenderEmbedsSubsetFonts(t *testing.T) {
	e := pdftest.Engine(t)
	b, err := e.Render(invoice(3))
	if err != nil {
		t.Fatal(err)
	}
	out := pdftest.Tool(t, b, "pdffonts", "{}")
	for _, name := range []string{"OROSHR+NotoSansJP-Regular", "OROSHB+NotoSansJP-Bold"} {
		re := regexp.MustCompile(regexp.QuoteMeta(name) + `\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes`)
		if !re.MatchString(out) {
			t.Errorf("pdffonts does not list %s as an embedded subset with Unicode map:\n%s", name, out)
		}
	}
	if len(b) > 200_000 {
		t.Errorf("one-page invoice is %d bytes; the font subset should keep it small", len(b))
	}
}

func TestRenderRasterises(t *testing.T) {
	e := pdftest.Engine(t)
	d := invoice(60)
	d.Issuer.Logo, d.Issuer.Seal = logo(t), seal(t)
	b, err := e.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdftest.Tool(t, b, "pdftoppm", "-png", "-r", "60", "{}", filepath.Join(dir, "page"))
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(files) != 2 {
		t.Fatalf("pdftoppm made %d pages, want 2", len(files))
	}
	for _, f := range files {
		if st, err := os.Stat(f); err != nil || st.Size() < 5_000 {
			t.Errorf("%s looks empty (%v)", f, err)
		}
	}
	imgs := pdftest.Tool(t, b, "pdfimages", "-list", "{}")
	if n := strings.Count(imgs, "\n") - 2; n < 2 {
		t.Errorf("want logo and seal embedded, pdfimages lists:\n%s", imgs)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	e := pdftest.Engine(t)
	d := invoice(40)
	d.Issuer.Seal = seal(t)
	a, err := e.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same document differ; re-prints must be byte for byte")
	}
}

func TestRenderConcurrently(t *testing.T) {
	e := pdftest.Engine(t)
	want, err := e.Render(invoice(30))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := e.Render(invoice(30))
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
