package pdf_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
)

func TestMissingGlyphsAreReported(t *testing.T) {
	e := pdftest.Engine(t)
	tests := []struct {
		name string
		edit func(d *pdf.Document)
		want []pdf.MissingGlyph
	}{
		{"emoji in a cell", func(d *pdf.Document) { d.Rows[2][2] = "いちご大福 🍓 6個入" },
			[]pdf.MissingGlyph{{Rune: '🍓', Where: "明細 3行目 商品名"}}},
		{"several places, each once", func(d *pdf.Document) {
			d.Recipient = "😀商店 御中"
			d.Notes[1].Text = "よろしく😀😀\u0007"
			d.Totals[0].Value = "¥1,000 \U0001F4B4"
		}, []pdf.MissingGlyph{
			{Rune: '😀', Where: "宛名"},
			{Rune: '\U0001F4B4', Where: "合計欄 1行目 小計（税抜）"},
			{Rune: '😀', Where: "備考欄 2（備考） 本文"},
			{Rune: '\u0007', Where: "備考欄 2（備考） 本文"},
		}},
		{"variation selector", func(d *pdf.Document) { d.Issuer.Name = "葛\U000E0100飾商事" },
			[]pdf.MissingGlyph{{Rune: '\U000E0100', Where: "発行元 名称"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := invoice(5)
			tt.edit(&d)
			b, err := e.Render(d)
			var me *pdf.MissingGlyphsError
			if !errors.As(err, &me) || b != nil {
				t.Fatalf("Render = %d bytes, %v; want a MissingGlyphsError and no PDF", len(b), err)
			}
			if diff := cmp.Diff(tt.want, me.Items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(ve.Fields[tt.want[0].Where], "フォントにない") {
				t.Errorf("errors.As ValidationError = %v", ve)
			}
			if !strings.Contains(err.Error(), tt.want[0].Where) || !strings.Contains(err.Error(), "U+") {
				t.Errorf("message does not name place and code point: %s", err)
			}
		})
	}
}

func TestBadInputIsRejected(t *testing.T) {
	e := pdftest.Engine(t)
	png := seal(t)
	tests := []struct {
		name  string
		edit  func(d *pdf.Document)
		field string
		msg   string
	}{
		{"no title", func(d *pdf.Document) { d.Title = " " }, "title", "表題"},
		{"short row", func(d *pdf.Document) { d.Rows[1] = d.Rows[1][:3] }, "rows[1]", "明細 2行目のセルが 3 個"},
		{"zero width", func(d *pdf.Document) { d.Columns[2].Width = 0 }, "columns[2].width", "商品名"},
		{"rows without columns", func(d *pdf.Document) { d.Columns = nil }, "columns", "列がありません"},
		{"logo not an image", func(d *pdf.Document) { d.Issuer.Logo = []byte("%PDF-1.4 not an image") }, "issuer.logo", "PNG か JPEG"},
		{"seal truncated", func(d *pdf.Document) { d.Issuer.Seal = png[:len(png)/2] }, "issuer.seal", "角印"},
		{"gif seal", func(d *pdf.Document) { d.Issuer.Seal = []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;") }, "issuer.seal", "PNG か JPEG"},
		{"row taller than a page", func(d *pdf.Document) { d.Rows[0][2] = strings.Repeat("長い説明文", 900) }, "rows[0]", "1 ページに収まりません"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := invoice(4)
			tt.edit(&d)
			b, err := e.Render(d)
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || b != nil {
				t.Fatalf("Render = %d bytes, %v; want a ValidationError and no PDF", len(b), err)
			}
			if !strings.Contains(ve.Fields[tt.field], tt.msg) {
				t.Errorf("fields = %v; want %s to say %q", ve.Fields, tt.field, tt.msg)
			}
		})
	}
}

func TestNewRejectsBadFonts(t *testing.T) {
	tests := []struct {
		name          string
		regular, bold []byte
	}{
		{"empty", nil, nil},
		{"not a font", []byte("hello"), []byte("hello")},
		{"truncated", make([]byte, 4096), make([]byte, 4096)},
	}
	for _, tt := range tests {
		if _, err := pdf.New(tt.regular, tt.bold); err == nil {
			t.Errorf("%s: New accepted it", tt.name)
		}
	}
	if _, err := pdf.Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "make fonts") {
		t.Errorf("Load(empty dir) = %v; want a hint to run make fonts", err)
	}
}
