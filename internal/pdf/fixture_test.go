package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

// products are cycled through to fill invoices; reduced marks the 8 % items.
var products = []struct {
	code, name, unit string
	price            int64
	reduced          bool
}{
	{"SK-1001", "国産こしひかり 5kg", "袋", 2480, true},
	{"SK-2040", "業務用 本醸造しょうゆ 1.8L", "本", 620, true},
	{"SK-3310", "紙ナプキン 8折 5000枚入", "箱", 1850, false},
	{"SK-1207", "北海道産 生クリーム 35% 1L", "本", 980, true},
	{"SK-7788", "ステンレス製 計量カップ 500ml", "個", 1200, false},
	{"SK-5102", "冷凍 讃岐うどん 250g×5玉", "袋", 410, true},
}

func yen(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "¥" + s
}

// invoice builds a consistent 請求書 with n detail rows: tax is computed
// once per rate on that rate's total (rounded down).
func invoice(n int) pdf.Document {
	var rows [][]string
	var base [2]int64 // 10 %, 8 %
	for i := range n {
		p := products[i%len(products)]
		qty := int64(i%7 + 1)
		name, rate := p.name, "10%"
		if p.reduced {
			name, rate = name+" ※", "8%"
			base[1] += qty * p.price
		} else {
			base[0] += qty * p.price
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), p.code, name, fmt.Sprint(qty), p.unit,
			yen(p.price), yen(qty * p.price), rate})
	}
	tax10, tax8 := base[0]*10/100, base[1]*8/100
	total := base[0] + base[1] + tax10 + tax8
	return pdf.Document{
		Title: "請求書", Number: "INV-2026-000123", IssuedOn: "2026年11月26日",
		Recipient:    "株式会社まるやま商店 御中",
		RecipientSub: []string{"〒530-0001 大阪府大阪市北区梅田1-2-3 まるやまビル5F", "購買部 佐藤 様"},
		Greeting:     "下記のとおりご請求申し上げます。",
		Headline:     []pdf.KV{{Label: "ご請求金額（税込）", Value: yen(total)}, {Label: "お支払期限", Value: "2026年12月31日"}},
		Meta: []pdf.KV{{Label: "発注番号", Value: "PO-2026-0456"}, {Label: "納品日", Value: "2026年11月20日"},
			{Label: "件名", Value: "11月分 食品・消耗品"}},
		Issuer: pdf.Issuer{Name: "株式会社さくら食品", Lines: []string{
			"〒100-0005 東京都千代田区丸の内1-1-1", "TEL 03-1234-5678　FAX 03-1234-5679", "登録番号 T1234567890123"}},
		Columns: []pdf.Column{{Title: "No.", Width: 5, Align: pdf.Center}, {Title: "品番", Width: 11},
			{Title: "商品名", Width: 36}, {Title: "数量", Width: 7, Align: pdf.Right},
			{Title: "単位", Width: 6, Align: pdf.Center}, {Title: "単価", Width: 11, Align: pdf.Right},
			{Title: "金額", Width: 13, Align: pdf.Right}, {Title: "税率", Width: 7, Align: pdf.Center}},
		Rows: rows,
		Totals: []pdf.KV{{Label: "小計（税抜）", Value: yen(base[0] + base[1])},
			{Label: "消費税（10%）", Value: yen(tax10)}, {Label: "消費税（8%）", Value: yen(tax8)},
			{Label: "合計（税込）", Value: yen(total), Strong: true}},
		TaxSummary: []pdf.KV{{Label: "10%対象（税抜）", Value: yen(base[0])}, {Label: "10% 消費税", Value: yen(tax10)},
			{Label: "8%対象（税抜）", Value: yen(base[1])}, {Label: "8% 消費税", Value: yen(tax8)}},
		Notes: []pdf.Note{
			{Title: "お振込先", Text: "三菱UFJ銀行 丸の内支店 普通 1234567\r\n口座名義 カ）サクラショクヒン"},
			{Title: "備考", Text: "振込手数料は貴社にてご負担くださいますようお願い申し上げます。"},
		},
		Legend: "※印は軽減税率（8%）対象商品",
		Footer: "株式会社さくら食品　〒100-0005 東京都千代田区丸の内1-1-1　TEL 03-1234-5678",
	}
}

// seal draws a red 2×2 角印 (桜食之印, read right column first) with a
// transparent background, as tenants upload them.
func seal(t testing.TB) []byte {
	t.Helper()
	const size = 240
	red := color.NRGBA{200, 32, 40, 255}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	frame := func(inset, width int) {
		for y := inset; y < size-inset; y++ {
			for x := inset; x < size-inset; x++ {
				if x < inset+width || x >= size-inset-width || y < inset+width || y >= size-inset-width {
					img.Set(x, y, red)
				}
			}
		}
	}
	frame(4, 12)
	face := fontFace(t, 88)
	d := font.Drawer{Dst: img, Src: image.NewUniform(red), Face: face}
	for i, ch := range []string{"桜", "食", "之", "印"} {
		col, row := 1-i/2, i%2
		d.Dot = fixed.P(28+col*94, 104+row*96)
		d.DrawString(ch)
	}
	return encodePNG(t, img)
}

// logo draws a small JPEG banner: a pink disc and the company name.
func logo(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 520, 120))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	pink := color.RGBA{232, 120, 150, 255}
	for y := 10; y < 110; y++ {
		for x := 10; x < 110; x++ {
			if (x-60)*(x-60)+(y-60)*(y-60) < 50*50 {
				img.Set(x, y, pink)
			}
		}
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{60, 60, 70, 255}), Face: fontFace(t, 56)}
	d.Dot = fixed.P(130, 84)
	d.DrawString("さくら食品")
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fontFace(t testing.TB, size float64) font.Face {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(pdftest.FontDir(t), pdf.BoldFile))
	if err != nil {
		t.Fatal(err)
	}
	f, err := opentype.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
