package web

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Reading the price forms. A value the form cannot read becomes one the
// service refuses (as in the buyer form), so a form is never half saved;
// the form's own, more precise message then replaces the service's.

// priceRowsShown is how many quantity break rows a price form offers.
const priceRowsShown = 5

// priceBreakRow is one row of the quantity break inputs, as typed.
type priceBreakRow struct {
	Index               int
	MinQty, Price       string
	MinQtyErr, PriceErr string
}

func (r priceBreakRow) MinQtyName() string { return fmt.Sprintf("breaks[%d].min_qty", r.Index) }
func (r priceBreakRow) PriceName() string  { return fmt.Sprintf("breaks[%d].price", r.Index) }

// priceBreakRows are the rows a form shows for breaks, padded with empty rows to
// priceRowsShown; a new price starts with the quantity 1.
func priceBreakRows(breaks []pricing.Break) []priceBreakRow {
	var rows []priceBreakRow
	for i, b := range priceSorted(breaks) {
		rows = append(rows, priceBreakRow{Index: i, MinQty: strconv.Itoa(b.MinQty), Price: strconv.FormatInt(int64(b.Price), 10)})
	}
	if len(rows) == 0 {
		rows = append(rows, priceBreakRow{Index: 0, MinQty: "1"})
	}
	for len(rows) < priceRowsShown {
		rows = append(rows, priceBreakRow{Index: len(rows)})
	}
	return rows
}

// priceRowErrors puts the field errors of the rows into them.
func priceRowErrors(rows []priceBreakRow, errs map[string]string) []priceBreakRow {
	for i := range rows {
		rows[i].MinQtyErr, rows[i].PriceErr = errs[rows[i].MinQtyName()], errs[rows[i].PriceName()]
	}
	return rows
}

func priceSorted(b []pricing.Break) []pricing.Break {
	out := slices.Clone(b)
	slices.SortFunc(out, func(x, y pricing.Break) int { return cmp.Compare(x.MinQty, y.MinQty) })
	return out
}

// priceBreaksPosted is what a form's break rows say.
type priceBreaksPosted struct {
	Breaks []pricing.Break   // the filled rows, for the service
	Rows   []priceBreakRow   // every row, as typed, to show again
	rowOf  []int             // Breaks[i] came from Rows[rowOf[i]]
	errs   map[string]string // the form's own messages, by input name
}

// parsePriceBreaks reads the rows breaks[i].min_qty / breaks[i].price; empty
// rows are skipped, and a half-filled one is an error on its empty cell.
func parsePriceBreaks(r *http.Request) priceBreaksPosted {
	pb := priceBreaksPosted{errs: map[string]string{}}
	for i := 0; i < pricing.MaxBreaks; i++ {
		row := priceBreakRow{Index: i}
		_, present := r.PostForm[row.MinQtyName()]
		if !present && i >= priceRowsShown {
			break
		}
		row.MinQty, row.Price = r.PostFormValue(row.MinQtyName()), r.PostFormValue(row.PriceName())
		pb.Rows = append(pb.Rows, row)
		if strings.TrimSpace(row.MinQty) == "" && strings.TrimSpace(row.Price) == "" {
			continue
		}
		b := pricing.Break{MinQty: 0, Price: -1} // refused unless both cells read
		if n, msg := priceQty(row.MinQty, "数量の下限"); msg != "" {
			pb.errs[row.MinQtyName()] = msg
		} else {
			b.MinQty = n
		}
		if y, msg := priceYen(row.Price); msg != "" {
			pb.errs[row.PriceName()] = msg
		} else {
			b.Price = y
		}
		pb.Breaks = append(pb.Breaks, b)
		pb.rowOf = append(pb.rowOf, i)
	}
	return pb
}

var priceBreakKeyRE = regexp.MustCompile(`^breaks\[(\d+)\]\.(min_qty|price)$`)

// fieldErrors turns the service's messages into the form's: a break's key
// names the row it was typed in, and the form's own messages win.
func (pb priceBreaksPosted) fieldErrors(service map[string]string) map[string]string {
	out := map[string]string{}
	for k, msg := range service {
		if m := priceBreakKeyRE.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(pb.rowOf) {
				k = fmt.Sprintf("breaks[%d].%s", pb.rowOf[i], m[2])
			}
		}
		out[k] = msg
	}
	for k, msg := range pb.errs {
		out[k] = msg
	}
	return out
}

// priceQty reads a quantity typed as 10, １０ or 1,000.
func priceQty(s, what string) (int, string) {
	s = strings.NewReplacer(",", "", "，", "").Replace(buyers.Fold(s))
	if s == "" {
		return 0, what + "を入力してください"
	}
	n, err := strconv.Atoi(s)
	if err != nil || len(s) > 9 {
		return 0, what + "は数字で入力してください"
	}
	return n, ""
}

// priceYen reads a unit price typed as 1200, 1,200, ￥1,200 or １２００円.
// Blank is missing, never 0円 (a 0円 price is legal and must be typed).
func priceYen(s string) (oroshi.Yen, string) {
	s = strings.NewReplacer(",", "", "円", "", "¥", "", "\\", "", " ", "").Replace(buyers.Fold(s))
	if s == "" {
		return 0, "単価を入力してください"
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "単価は数字で入力してください（例: 1200）"
	}
	return oroshi.Yen(n), ""
}

// priceBadDate is a date the service refuses with its own message: the form
// could not read what was typed.
var priceBadDate = pricing.NewDate(1, 1, 1)

// priceDate reads 2026-04-01 (a date input), 2026/4/1 or 2026年4月1日.
// Blank is an open end.
func priceDate(s string) pricing.Date {
	s = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(buyers.Fold(s))
	if s == "" {
		return pricing.Date{}
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return priceBadDate
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 {
			return priceBadDate
		}
		n[i] = v
	}
	d := pricing.Date{Year: n[0], Month: time.Month(n[1]), Day: n[2]}
	if !d.Valid() {
		return priceBadDate
	}
	return d
}

// pricePeriod reads the valid_from and valid_to inputs.
func pricePeriod(r *http.Request) (pricing.Period, map[string]string) {
	form := map[string]string{"valid_from": r.PostFormValue("valid_from"), "valid_to": r.PostFormValue("valid_to")}
	return pricing.Period{From: priceDate(form["valid_from"]), To: priceDate(form["valid_to"])}, form
}

// version is a short fingerprint of what a form was filled from. An edit
// form carries it; if the row has changed since, the save is refused as
// stale instead of silently undoing another person's change.
func priceVersion(v any) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%+v", v))
	return hex.EncodeToString(sum[:12])
}

// priceRenamed moves the service's field keys to the form's input names.
func priceRenamed(errs map[string]string, names map[string]string) map[string]string {
	out := make(map[string]string, len(errs))
	for k, v := range errs {
		if to, ok := names[k]; ok {
			k = to
		}
		if _, taken := out[k]; !taken {
			out[k] = v
		}
	}
	return out
}
