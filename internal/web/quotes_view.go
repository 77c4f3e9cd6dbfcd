package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Typed views shared by the seller's and the buyer's quote pages.

// quoteRow is one quote in a list.
type quoteRow struct {
	URL, Number, BuyerName string
	Status                 quoteStatusView
	Version                int // latest issued version; 0 when none
	VersionLabel           string
	ValidUntil             string
	Total                  oroshi.Yen
	UpdatedAt              string
}

// quoteStatusView is a status badge.
type quoteStatusView struct{ Label, Class string }

func newQuoteStatus(st sales.QuoteStatus) quoteStatusView {
	return quoteStatusView{Label: st.Label(), Class: "quote-" + string(st)}
}

func newQuoteRows(base string, qs []sales.Quote, today pricing.Date, lang string) []quoteRow {
	out := make([]quoteRow, 0, len(qs))
	for _, q := range qs {
		out = append(out, quoteRow{URL: base + "/quotes/" + q.ID.String(), Number: q.Number, BuyerName: q.BuyerName,
			Status: newQuoteStatus(q.StatusOn(today)), Version: q.IssuedVersion, VersionLabel: versionLabel(lang, q.IssuedVersion),
			ValidUntil: dateLabel(q.ValidUntil, lang, true), Total: q.Total, UpdatedAt: jstText(q.UpdatedAt)})
	}
	return out
}

// quoteVersionView is one version as a page shows it.
type quoteVersionView struct {
	Version    int
	Label      string // 第2版
	Issued     bool
	Superseded bool // 旧版: a later version was issued
	Draft      bool
	IssuedAt   string
	ValidUntil string
	Notes      string
	Lines      []quoteLineView
	Totals     shopTotals
	URL        string // the page of this version
	Current    bool   // the version shown
}

// quoteLineView is one line of a version.
type quoteLineView struct {
	No                        int
	Code, Name, Variant, Unit string
	Quantity                  string // 1,000
	UnitPrice, Amount         oroshi.Yen
	PriceRule                 string
	Reduced                   bool
}

func newQuoteVersion(q sales.Quote, v sales.QuoteVersion, url string, lang string) quoteVersionView {
	out := quoteVersionView{Version: v.Version, Label: versionLabel(lang, v.Version), Issued: v.Issued, Superseded: v.Issued && q.Superseded(v.Version),
		Draft: !v.Issued, ValidUntil: dateLabel(v.ValidUntil, lang, true), Notes: v.Notes,
		Totals: newShopTotals(v.Totals), URL: url}
	if v.Issued {
		out.IssuedAt = jstText(v.IssuedAt)
	}
	for _, l := range v.Lines {
		out.Lines = append(out.Lines, quoteLineView{No: l.No, Code: l.Code, Name: l.ProductName, Variant: l.Variant,
			Unit: l.Unit, Quantity: groupThousands(l.Quantity), UnitPrice: l.UnitPrice, Amount: l.Amount,
			PriceRule: l.PriceRule, Reduced: l.TaxRate == sales.TaxReduced})
	}
	return out
}

// chosenVersion is the version asked for by ?v= (default: def).
func chosenVersion(r *http.Request, def int) (int, error) {
	raw := r.URL.Query().Get("v")
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("quote version %q: %w", raw, oroshi.ErrNotFound)
	}
	return n, nil
}

// quoteEditRow is one editable line of the draft form, as typed.
type quoteEditRow struct {
	Index, No                 int
	Code, Quantity, UnitPrice string
	Name                      string // the product's name, for saved lines
	Amount                    string
	Errors                    []string
}

// quoteEditRows are the saved lines of a draft plus blank rows to add more.
func quoteEditRows(v sales.QuoteVersion, blanks int) []quoteEditRow {
	var out []quoteEditRow
	for i, l := range v.Lines {
		name := l.ProductName
		if l.Variant != "" {
			name += " " + l.Variant
		}
		out = append(out, quoteEditRow{Index: i, No: i + 1, Code: l.Code, Quantity: strconv.FormatInt(l.Quantity, 10),
			UnitPrice: strconv.FormatInt(int64(l.UnitPrice), 10), Name: name, Amount: yenText(l.Amount)})
	}
	for i := 0; i < blanks; i++ {
		out = append(out, quoteEditRow{Index: len(out), No: len(out) + 1})
	}
	return out
}

// quoteDraftForm reads the draft form: parallel columns code, quantity
// and unit_price (blank rows skipped), valid_until and notes. It returns
// the rows as typed (to show again, with the problems of what could not
// be read), the input, which typed row each input line came from, the
// field errors of the other fields, and whether anything was unreadable.
func quoteDraftForm(r *http.Request) ([]quoteEditRow, sales.QuoteDraftInput, []int, map[string]string, bool) {
	codes, qtys, prices := r.PostForm["code"], r.PostForm["quantity"], r.PostForm["unit_price"]
	var rows []quoteEditRow
	var in sales.QuoteDraftInput
	var from []int
	errs, bad := map[string]string{}, false
	for i, code := range codes {
		row := quoteEditRow{Index: i, No: i + 1, Code: strings.TrimSpace(code), Quantity: at(qtys, i), UnitPrice: at(prices, i)}
		if row.Code == "" && row.Quantity == "" && row.UnitPrice == "" {
			rows = append(rows, row)
			continue
		}
		l, problems := quoteLineOf(row)
		row.Errors, bad = problems, bad || len(problems) > 0
		rows = append(rows, row)
		in.Lines = append(in.Lines, l)
		from = append(from, i)
	}
	in.Notes = r.PostFormValue("notes")
	if raw := strings.TrimSpace(r.PostFormValue("valid_until")); raw != "" {
		d, err := pricing.ParseDate(raw)
		if err != nil {
			errs["valid_until"], bad = "有効期限が正しくありません", true
		}
		in.ValidUntil = d
	}
	return rows, in, from, errs, bad
}

// quoteLineOf reads one typed row.
func quoteLineOf(row quoteEditRow) (sales.QuoteLineInput, []string) {
	l := sales.QuoteLineInput{Code: row.Code}
	var problems []string
	q, err := strconv.ParseInt(toHalfWidth(row.Quantity), 10, 64)
	if err != nil {
		problems = append(problems, "数量を1以上の整数で入力してください")
	}
	l.Quantity = q
	if row.UnitPrice != "" {
		p, err := strconv.ParseInt(strings.ReplaceAll(toHalfWidth(row.UnitPrice), ",", ""), 10, 64)
		if err != nil {
			problems = append(problems, "単価は0円以上の整数で入力してください")
		}
		y := oroshi.Yen(p)
		l.UnitPrice = &y
	}
	return l, problems
}

func at(list []string, i int) string {
	if i < len(list) {
		return strings.TrimSpace(list[i])
	}
	return ""
}

// toHalfWidth turns full-width digits (１２３) into ASCII ones.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// rowErrors moves the service's line errors ("lines[j].x", j counting
// input lines) onto the typed rows they came from, and returns the other
// field errors.
func rowErrors(rows []quoteEditRow, from []int, errs map[string]string) map[string]string {
	rest := map[string]string{}
	for k, msg := range errs {
		var j int
		var field string
		if n, _ := fmt.Sscanf(k, "lines[%d].%s", &j, &field); n == 2 && j >= 0 && j < len(from) {
			rows[from[j]].Errors = append(rows[from[j]].Errors, msg)
			continue
		}
		rest[k] = msg
	}
	return rest
}

func quoteURL(base string, id oroshi.ID) string { return base + "/quotes/" + id.String() }

// versionURL is the page of version n of a quote.
func versionURL(base string, id oroshi.ID, n int) string {
	return quoteURL(base, id) + "?" + url.Values{"v": {strconv.Itoa(n)}}.Encode()
}

// versionLabel names version n: 第2版, or "Version 2" in English.
func versionLabel(lang string, n int) string {
	if lang == langEN {
		return fmt.Sprintf("Version %d", n)
	}
	return fmt.Sprintf("第%d版", n)
}

// versionViews are q's versions for the version tabs, with the one to show
// (nil when q has no version want).
func versionViews(q sales.Quote, want int, base, lang string) ([]quoteVersionView, *quoteVersionView) {
	var out []quoteVersionView
	shown := -1
	for _, qv := range q.Versions {
		vv := newQuoteVersion(q, qv, versionURL(base, q.ID, qv.Version), lang)
		vv.Current = qv.Version == want
		if vv.Current {
			shown = len(out)
		}
		out = append(out, vv)
	}
	if shown < 0 {
		return out, nil
	}
	return out, &out[shown]
}
