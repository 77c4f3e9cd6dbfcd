package dataio

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Price files have one row per quantity break (数量別単価): the rows of one
// price (a SKU of a list, or a buyer's price for a SKU and period) are
// gathered wherever they are in the file, and their breaks replace the
// stored ones as a whole.

// breakRow is one row of a price file.
type breakRow struct {
	row int
	b   pricing.Break
}

// parseBreak reads 数量下限 and 単価. A blank price is missing, not 0円:
// 0円 must be written (see pricing.ValidateBreaks).
func parseBreak(tb *table, rec record, errs *csvio.Errors) (pricing.Break, bool) {
	n := len(*errs)
	qty, ok := parseCount(tb.text(rec, "min_qty"))
	if !ok {
		errs.Add(rec.row, tb.name("min_qty"), "数量下限は1以上の整数で入力してください")
	}
	price, ok := parseYen(tb.text(rec, "price"))
	if !ok {
		errs.Add(rec.row, tb.name("price"), "単価は0以上の整数（円）で入力してください")
	}
	return pricing.Break{MinQty: qty, Price: price}, len(*errs) == n
}

func breaksOf(rows []breakRow) []pricing.Break {
	out := make([]pricing.Break, len(rows))
	for i, r := range rows {
		out[i] = r.b
	}
	return out
}

// addPriceErrors places the messages of a pricing validation error: those
// of break i on the row of that break, the others (no break at 1, periods)
// on the price's first row.
func addPriceErrors(tb *table, errs *csvio.Errors, rows []breakRow, err error) {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		errs.Add(rows[0].row, "", err.Error())
		return
	}
	type placed struct {
		row int
		col string
		msg string
	}
	var out []placed
	for field, msg := range ve.Fields {
		row, col := rows[0].row, tb.name(field)
		if i, sub, ok := breakField(field); ok && i < len(rows) {
			row, col = rows[i].row, tb.name(sub)
		} else if field == "breaks" {
			col = tb.name("min_qty")
		}
		out = append(out, placed{row, col, msg})
	}
	slices.SortFunc(out, func(a, b placed) int {
		if a.row != b.row {
			return a.row - b.row
		}
		return strings.Compare(a.col, b.col)
	})
	for _, p := range out {
		errs.Add(p.row, p.col, p.msg)
	}
}

// breakField reads "breaks[2].price" as (2, "price").
func breakField(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, "breaks[")
	if !ok {
		return 0, "", false
	}
	num, sub, ok := strings.Cut(rest, "].")
	if !ok {
		return 0, "", false
	}
	i, err := strconv.Atoi(num)
	return i, sub, err == nil && i >= 0
}

// skuCode reads the 品番 cell; SKU codes are ASCII, so full-width input folds.
func skuCode(tb *table, rec record, errs *csvio.Errors) string {
	code := strings.TrimSpace(tb.cell(rec, "sku"))
	if code == "" {
		errs.Add(rec.row, tb.name("sku"), "品番を入力してください")
	}
	return foldCode(code)
}

// unknownRows reports msg on the column of every row of a price.
func unknownRows(errs *csvio.Errors, rows []breakRow, col, msg string) {
	for _, r := range rows {
		errs.Add(r.row, col, msg)
	}
}

func unknownSKU(code string) string {
	return fmt.Sprintf("品番「%s」が見つかりません", code)
}
