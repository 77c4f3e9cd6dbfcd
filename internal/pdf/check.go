package pdf

import (
	"fmt"
	"math"
	"strings"

	"github.com/signintech/gopdf"

	"github.com/oroshi-jp/oroshi"
)

// normalize returns a copy of d whose text has "\r\n" and "\r" turned into
// "\n" and tabs into spaces (form text areas send both), so the checks and
// the layout see the same text.
func normalize(d Document) Document {
	c := strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ")
	kvs := func(in []KV) []KV {
		out := make([]KV, len(in))
		for i, kv := range in {
			out[i] = KV{Label: c.Replace(kv.Label), Value: c.Replace(kv.Value), Strong: kv.Strong}
		}
		return out
	}
	strs := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = c.Replace(s)
		}
		return out
	}
	n := d
	n.Title, n.Number, n.IssuedOn = c.Replace(d.Title), c.Replace(d.Number), c.Replace(d.IssuedOn)
	n.Recipient, n.Greeting = c.Replace(d.Recipient), c.Replace(d.Greeting)
	n.Legend, n.Footer = c.Replace(d.Legend), c.Replace(d.Footer)
	n.RecipientSub = strs(d.RecipientSub)
	n.Headline, n.Meta, n.Totals, n.TaxSummary = kvs(d.Headline), kvs(d.Meta), kvs(d.Totals), kvs(d.TaxSummary)
	n.Issuer.Name, n.Issuer.Lines = c.Replace(d.Issuer.Name), strs(d.Issuer.Lines)
	n.Columns = make([]Column, len(d.Columns))
	for i, col := range d.Columns {
		n.Columns[i] = Column{Title: c.Replace(col.Title), Width: col.Width, Align: col.Align}
	}
	n.Rows = make([][]string, len(d.Rows))
	for i, row := range d.Rows {
		n.Rows[i] = strs(row)
	}
	n.Notes = make([]Note, len(d.Notes))
	for i, note := range d.Notes {
		n.Notes[i] = Note{Title: c.Replace(note.Title), Text: c.Replace(note.Text)}
	}
	return n
}

// validate checks the shape of d: a title, positive column widths and one
// cell per column in every row.
func validate(d *Document) error {
	v := &oroshi.ValidationError{}
	if strings.TrimSpace(d.Title) == "" {
		v.Add("title", "表題を入力してください")
	}
	if len(d.Rows) > 0 && len(d.Columns) == 0 {
		v.Add("columns", "明細の列がありません")
	}
	for i, c := range d.Columns {
		if !(c.Width > 0) || math.IsInf(c.Width, 0) {
			v.Add(fmt.Sprintf("columns[%d].width", i), fmt.Sprintf("明細 %d列目（%s）の幅は正の数にしてください", i+1, c.Title))
		}
		if c.Align < Left || c.Align > Center {
			v.Add(fmt.Sprintf("columns[%d].align", i), fmt.Sprintf("明細 %d列目（%s）の揃え方が不正です", i+1, c.Title))
		}
	}
	for i, row := range d.Rows {
		if len(row) != len(d.Columns) {
			v.Add(fmt.Sprintf("rows[%d]", i), fmt.Sprintf("明細 %d行目のセルが %d 個です（列は %d 個）", i+1, len(row), len(d.Columns)))
		}
	}
	return v.Err()
}

// placedText is one piece of text and where it is, in the words a person
// fixing the data would use.
type placedText struct {
	where, text string
}

// texts lists every text of d with its place, in reading order.
func texts(d *Document) []placedText {
	var out []placedText
	add := func(where, s string) {
		if s != "" {
			out = append(out, placedText{where, s})
		}
	}
	addKVs := func(area string, kvs []KV) {
		for i, kv := range kvs {
			add(fmt.Sprintf("%s %d行目 項目名", area, i+1), kv.Label)
			add(fmt.Sprintf("%s %d行目 %s", area, i+1, orDefault(kv.Label, "値")), kv.Value)
		}
	}
	add("表題", d.Title)
	add("文書番号", d.Number)
	add("発行日", d.IssuedOn)
	add("宛名", d.Recipient)
	for i, s := range d.RecipientSub {
		add(fmt.Sprintf("宛名 %d行目の下の行", i+1), s)
	}
	add("挨拶文", d.Greeting)
	addKVs("金額欄", d.Headline)
	addKVs("取引情報", d.Meta)
	add("発行元 名称", d.Issuer.Name)
	for i, s := range d.Issuer.Lines {
		add(fmt.Sprintf("発行元 %d行目", i+1), s)
	}
	for i, c := range d.Columns {
		add(fmt.Sprintf("明細 %d列目の見出し", i+1), c.Title)
	}
	for i, row := range d.Rows {
		for j, cell := range row {
			add(fmt.Sprintf("明細 %d行目 %s", i+1, orDefault(d.Columns[j].Title, fmt.Sprintf("%d列目", j+1))), cell)
		}
	}
	addKVs("合計欄", d.Totals)
	addKVs("税率別内訳", d.TaxSummary)
	for i, n := range d.Notes {
		add(fmt.Sprintf("備考欄 %d 見出し", i+1), n.Title)
		add(fmt.Sprintf("備考欄 %d（%s） 本文", i+1, orDefault(n.Title, "無題")), n.Text)
	}
	add("注記", d.Legend)
	add("フッター", d.Footer)
	return out
}

// checkGlyphs reports every character that either font lacks. Each distinct
// rune is looked up once (the cmap lookup is a linear scan).
func checkGlyphs(gp *gopdf.GoPdf, d *Document) error {
	known := map[rune]bool{'\n': true}
	var missing []MissingGlyph
	for _, pt := range texts(d) {
		seen := map[rune]bool{}
		for _, r := range pt.text {
			ok, cached := known[r]
			if !cached {
				var err error
				if ok, err = hasGlyph(gp, r); err != nil {
					return err
				}
				known[r] = ok
			}
			if !ok && !seen[r] {
				seen[r] = true
				missing = append(missing, MissingGlyph{Rune: r, Where: pt.where})
			}
		}
	}
	if len(missing) > 0 {
		return &MissingGlyphsError{Items: missing}
	}
	return nil
}

// hasGlyph tells whether both fonts can draw r. Control characters never can:
// the library would print them as boxes or drop them.
func hasGlyph(gp *gopdf.GoPdf, r rune) (bool, error) {
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffd {
		return false, nil
	}
	for _, fam := range []string{familyRegular, familyBold} {
		if err := gp.SetFont(fam, "", 10); err != nil {
			return false, fmt.Errorf("pdf: set font %s: %w", fam, err)
		}
		ok, err := gp.IsCurrFontContainGlyph(r)
		if err != nil {
			return false, fmt.Errorf("pdf: glyph lookup U+%04X: %w", r, err)
		}
		if !ok {
			return false, nil
		}
	}
	return true, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
