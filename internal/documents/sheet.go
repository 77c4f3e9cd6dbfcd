package documents

import (
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Sheet is a document's printed content, independent of the PDF engine
// (pdfdoc.go maps it field by field onto pdf.Document).
type Sheet struct {
	Title, Number, IssuedOn, Recipient string
	RecipientSub                       []string
	Greeting                           string
	Headline, Meta                     []Field
	Issuer                             Issuer
	Columns                            []Column
	Rows                               [][]string
	Totals, TaxSummary                 []Field
	Notes                              []Note
	Legend, Footer                     string
}

// Field is a label and its value; Strong prints it bold.
type Field struct {
	Label, Value string
	Strong       bool
}

// Align is a column's alignment.
type Align int

// Alignments.
const (
	AlignLeft Align = iota
	AlignRight
	AlignCenter
)

// Column is a table column; Width is relative.
type Column struct {
	Title string
	Width float64
	Align Align
}

// Issuer is the seller as printed: name, address lines, logo and 角印.
type Issuer struct {
	Name       string
	Lines      []string
	Logo, Seal []byte
}

// Note is a titled block of text under the table.
type Note struct{ Title, Text string }

// Renderer turns a sheet into PDF bytes.
type Renderer interface {
	Render(Sheet) ([]byte, error)
}

// Line is an item of a document before pricing for display.
type Line struct {
	Code, JAN, Name, Unit string
	CaseQty               int
	Item
}

// sheetInput is everything a sheet is made of.
type sheetInput struct {
	Kind      Kind
	Title     string // overrides Kind.Label (the settings preview)
	Number    string
	Version   int
	IssuedOn  pricing.Date
	Recipient string
	Address   []string
	Headline  string // 御見積金額, ご注文金額 …
	Meta      []Field
	Lines     []Line
	Rounding  pricing.Rounding
	Notes     string // the source's own 備考
	Layout    Layout
}

// buildSheet lays out a document: the issuer from the layout, the columns
// the layout shows, amounts per the layout's tax display with the tax of
// each rate computed once, ※ on reduced-rate lines with the legend.
func buildSheet(in sheetInput) (Sheet, Amounts, error) {
	items := make([]Item, len(in.Lines))
	for i, l := range in.Lines {
		items[i] = l.Item
	}
	amt, err := Compute(items, in.Rounding, in.Layout.TaxDisplay)
	if err != nil {
		return Sheet{}, Amounts{}, err
	}
	lo := in.Layout
	title := in.Title
	if title == "" {
		title = in.Kind.Label()
	}
	sh := Sheet{Title: title, Number: in.Number, IssuedOn: DateText(in.IssuedOn),
		Recipient: in.Recipient + " 御中", RecipientSub: in.Address, Greeting: lo.Greetings[in.Kind],
		Headline: []Field{{Label: in.Headline + "（税込）", Value: YenText(amt.Total), Strong: true}},
		Meta:     in.Meta, Issuer: issuer(lo)}
	sh.Columns, sh.Rows = table(in.Lines, amt, lo)
	sh.Totals, sh.TaxSummary = totals(amt)
	for _, l := range in.Lines {
		if l.Rate == 8 {
			sh.Legend = Legend
			break
		}
	}
	sh.Notes = notes(in.Notes, lo)
	if amt.Display == TaxInclusive {
		sh.Notes = append(sh.Notes, inclusiveNote)
	}
	sh.Footer = title + " " + in.Number
	if in.Version > 1 {
		sh.Footer += "（第" + strconv.Itoa(in.Version) + "版・再発行）"
	}
	return sh, amt, nil
}

func issuer(lo Layout) Issuer {
	is := Issuer{Name: lo.CompanyName, Logo: lo.Logo.Data, Seal: lo.Seal.Data}
	for _, l := range strings.Split(lo.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			is.Lines = append(is.Lines, l)
		}
	}
	if lo.Phone != "" {
		is.Lines = append(is.Lines, "TEL "+lo.Phone)
	}
	if lo.RegistrationNo != "" {
		is.Lines = append(is.Lines, "登録番号 "+lo.RegistrationNo)
	}
	return is
}

// table makes the columns the layout shows and one row per line.
func table(lines []Line, amt Amounts, lo Layout) ([]Column, [][]string) {
	price, amount := amountHeads(amt.Display)
	cols := []Column{{"No.", 4, AlignCenter}}
	if lo.ShowCode {
		cols = append(cols, Column{"品番", 12, AlignLeft})
	}
	cols = append(cols, Column{"品名", 30, AlignLeft})
	if lo.ShowJAN {
		cols = append(cols, Column{"JAN", 17, AlignLeft})
	}
	if lo.ShowCaseQty {
		cols = append(cols, Column{"入数", 6, AlignRight})
	}
	cols = append(cols, Column{"数量", 8, AlignRight}, Column{price, 11, AlignRight},
		Column{amount, 12, AlignRight}, Column{"税率", 6, AlignRight})
	rows := make([][]string, len(lines))
	for i, l := range lines {
		name := l.Name
		if l.Rate == 8 {
			name += " " + ReducedMark
		}
		row := []string{strconv.Itoa(i + 1)}
		if lo.ShowCode {
			row = append(row, l.Code)
		}
		row = append(row, name)
		if lo.ShowJAN {
			row = append(row, l.JAN)
		}
		if lo.ShowCaseQty {
			row = append(row, strconv.Itoa(l.CaseQty))
		}
		row = append(row, Thousands(l.Quantity)+l.Unit, Thousands(int64(amt.Lines[i].UnitPrice)),
			Thousands(int64(amt.Lines[i].Amount)), strconv.Itoa(l.Rate)+"%")
		rows[i] = row
	}
	return cols, rows
}

// totals are the per-rate subtotals and taxes and the grand total, and the
// tax summary (税率別内訳) a qualified invoice needs.
func totals(amt Amounts) (tot, sum []Field) {
	tot, sum = rateTotals(amt.ByRate, amt.Display)
	tot = append(tot, Field{Label: "合計（税込）", Value: YenText(amt.Total), Strong: true})
	return tot, sum
}

func notes(own string, lo Layout) []Note {
	var out []Note
	if own = strings.TrimSpace(own); own != "" {
		out = append(out, Note{"備考", own})
	}
	if lo.Notes != "" {
		out = append(out, Note{"ご案内", lo.Notes})
	}
	if lo.BankAccount != "" {
		out = append(out, Note{"お振込先", lo.BankAccount})
	}
	return out
}

// YenText is ¥1,234 (a minus sign for a negative amount).
func YenText(y oroshi.Yen) string {
	if y < 0 {
		return "-¥" + Thousands(-int64(y))
	}
	return "¥" + Thousands(int64(y))
}

// Thousands groups digits by three: 1234567 → 1,234,567.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// DateText is 2026年5月14日; "" for the zero date.
func DateText(d pricing.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Year) + "年" + strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
}

func itoa(n int) string { return strconv.Itoa(n) }
