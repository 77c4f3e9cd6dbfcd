// Package pdf renders Japanese business documents (見積書, 注文請書, 納品書,
// 請求書, 返還請求書) as A4 PDFs with an embedded subset of Noto Sans JP.
//
// The package knows layout only: callers pass every text already formatted
// (amounts, dates, tax marks). Characters the font cannot show are reported
// as a *MissingGlyphsError naming each one and where it is, never dropped.
package pdf

import (
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
)

// Document is everything printed on one business document.
type Document struct {
	Title        string   // 請求書 / 見積書 / 注文請書 / 納品書 / 返還請求書 — big, centred
	Number       string   // document number, shown top right with IssuedOn
	IssuedOn     string   // already formatted, e.g. 2026年11月26日
	Recipient    string   // 株式会社まるやま商店 御中 — top left, underlined, larger
	RecipientSub []string // address lines etc. under the recipient
	Greeting     string   // e.g. 下記のとおりご請求申し上げます。
	Headline     []KV     // boxed key figures under the greeting (the first one large)
	Meta         []KV     // small table left: 発注番号, 納品日, お支払期限 …
	Issuer       Issuer   // top right block
	Columns      []Column
	Rows         [][]string // cells as already-formatted text, one per column
	Totals       []KV       // right-aligned block after the table on the last page
	TaxSummary   []KV       // optional small block: 10%対象 ¥x, 消費税 ¥y …
	Notes        []Note     // titled text blocks after totals: 備考, お振込先 …
	Legend       string     // e.g. ※印は軽減税率（8%）対象商品
	Footer       string     // small text at the bottom of every page
}

// KV is one labelled figure. Strong marks the grand total.
type KV struct {
	Label, Value string
	Strong       bool
}

// Align places text within a table column.
type Align int

// Column alignments; the zero value is Left.
const (
	Left Align = iota
	Right
	Center
)

// Column is one column of the detail table. Width is relative to the other
// columns; the table always spans the printable width.
type Column struct {
	Title string
	Width float64
	Align Align
}

// Issuer is the seller block at the top right. Logo and Seal are PNG or JPEG
// bytes and optional; the seal (角印) is drawn over the right end of the name.
type Issuer struct {
	Name  string
	Lines []string // address, TEL, 登録番号 T…
	Logo  []byte
	Seal  []byte
}

// Note is a titled block of text (multi-line) printed after the totals.
type Note struct {
	Title, Text string
}

// MissingGlyph is one character the font cannot draw and where it occurs,
// e.g. Where "明細 3行目 商品名".
type MissingGlyph struct {
	Rune  rune
	Where string
}

// MissingGlyphsError lists every character the font lacks. The PDF library
// would silently drop such characters, so a document containing any of them
// is not rendered at all.
type MissingGlyphsError struct {
	Items []MissingGlyph
}

func (e *MissingGlyphsError) Error() string {
	parts := make([]string, 0, len(e.Items))
	for _, it := range e.Items {
		parts = append(parts, it.Where+" の "+describeRune(it.Rune))
	}
	return "帳票のフォントにない文字があります（別の文字に置き換えてください）: " + strings.Join(parts, "、")
}

// As lets errors.As find a *oroshi.ValidationError, so web and api answer
// 422 with one Japanese message per place without knowing this type.
func (e *MissingGlyphsError) As(target any) bool {
	v, ok := target.(**oroshi.ValidationError)
	if !ok {
		return false
	}
	ve := &oroshi.ValidationError{}
	for _, it := range e.Items {
		ve.Add(it.Where, describeRune(it.Rune)+" は帳票のフォントにないため印字できません")
	}
	*v = ve
	return true
}

// describeRune shows the character and its code point; invisible control
// characters only by code point.
func describeRune(r rune) string {
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
		return fmt.Sprintf("U+%04X", r)
	}
	return fmt.Sprintf("'%c' (U+%04X)", r, r)
}
