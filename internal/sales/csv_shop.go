package sales

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/csvio"
)

// Order lines uploaded as CSV into the cart (注文明細のCSV取り込み).

// CSV columns and limits of an order-lines upload.
const (
	CSVColCode  = "品番"
	CSVColQty   = "数量"
	MaxCSVBytes = 2 << 20 // 5,000 lines of 品番 and 数量 are far below this
)

// CSV error fields: "file" for the file as a whole (encoding, size, the
// header), "rows[N]" for data row N (1 = the first row after the header).
// Messages start with their place: 「行3 「数量」: …」.
const csvFileField = "file"

// CSVRowField is the error field of data row n of an upload.
func CSVRowField(n int) string { return fmt.Sprintf("rows[%d]", n) }

// csvLine is one read row of an upload.
type csvLine struct {
	row  int
	code string
	qty  int64
}

// CartFromCSV adds the order lines of a CSV file (columns 品番 and 数量,
// other columns ignored; UTF-8 with or without BOM, or Shift_JIS when enc
// is Auto) to the user's cart. All or nothing: every problem of the file
// is reported at once as a *oroshi.ValidationError (see CSVRowField) and
// nothing is added while any row fails.
func (s *Service) CartFromCSV(ctx context.Context, u BuyerUser, data []byte, enc csvio.Encoding) (Cart, error) {
	if len(data) == 0 {
		return Cart{}, oroshi.Invalid(csvFileField, "CSVファイルを選択してください")
	}
	if len(data) > MaxCSVBytes {
		return Cart{}, oroshi.Invalid(csvFileField, fmt.Sprintf("ファイルが大きすぎます（上限%dMB）", MaxCSVBytes>>20))
	}
	lines, v, err := readCSVLines(data, enc)
	if err != nil {
		return Cart{}, err
	}
	codes := make([]string, 0, len(lines))
	for _, l := range lines {
		codes = append(codes, l.code)
	}
	skus, err := s.Store.BuyerSKUsByCode(ctx, u.Tenant, u.BuyerID, codes)
	if err != nil {
		return Cart{}, fmt.Errorf("cart csv: %w", err)
	}
	byCode := make(map[string]oroshi.ID, len(skus))
	for _, k := range skus {
		byCode[k.Code] = k.ID
	}
	for _, l := range lines {
		if _, ok := byCode[l.code]; !ok {
			v.Add(CSVRowField(l.row), fmt.Sprintf("行%d 「%s」: 品番「%s」の商品は注文できません（品番の誤り・販売終了・非公開）", l.row, CSVColCode, l.code))
		}
	}
	if err := v.Err(); err != nil {
		return Cart{}, err
	}
	return s.changeCart(ctx, u, func(cart []CartLine) ([]CartLine, error) {
		for _, l := range lines {
			var err error
			field := CSVRowField(l.row)
			if cart, err = addLine(cart, CartLine{SKUID: byCode[l.code], Quantity: l.qty}, field); err != nil {
				return nil, rowPrefixed(err, l.row)
			}
		}
		return cart, nil
	})
}

// readCSVLines reads every row; problems go into the returned validation
// error, which the caller completes. err is only for failures to read.
func readCSVLines(data []byte, enc csvio.Encoding) ([]csvLine, *oroshi.ValidationError, error) {
	v := &oroshi.ValidationError{}
	r, err := csvio.NewReader(bytes.NewReader(data), enc)
	if err != nil {
		return nil, nil, oroshi.Invalid(csvFileField, err.Error())
	}
	r.AllowUnknownColumns = true // 商品名 or 単価 of an exported order may stay
	h, err := r.ReadHeader([]string{CSVColCode, CSVColQty}, nil)
	if err != nil {
		return nil, nil, headerErrors(err)
	}
	var lines []csvLine
	for {
		rec, err := r.Read()
		var pe *csvio.ParseError
		switch {
		case err == io.EOF:
			if len(lines) == 0 && len(v.Fields) == 0 {
				v.Add(csvFileField, "ファイルに明細の行がありません")
			}
			if len(lines) > MaxLines {
				v.Add(csvFileField, fmt.Sprintf("一度に取り込めるのは%d行までです", MaxLines))
			}
			return lines, v, nil
		case errors.As(err, &pe):
			v.Add(CSVRowField(pe.Row), pe.RowError().Japanese())
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("read order csv: %w", err)
		}
		if l, ok := csvRow(v, r.Row(), h.Get(rec, CSVColCode), h.Get(rec, CSVColQty)); ok {
			lines = append(lines, l)
		}
	}
}

// csvRow checks one row's 品番 and 数量 (full-width digits and thousands
// separators accepted).
func csvRow(v *oroshi.ValidationError, row int, code, qtyText string) (csvLine, bool) {
	code = strings.TrimSpace(norm.NFKC.String(code))
	qtyText = strings.ReplaceAll(strings.TrimSpace(norm.NFKC.String(qtyText)), ",", "")
	field := CSVRowField(row)
	if code == "" {
		v.Add(field, fmt.Sprintf("行%d 「%s」: 品番を入力してください", row, CSVColCode))
		return csvLine{}, false
	}
	qty, err := strconv.ParseInt(qtyText, 10, 64)
	if err != nil || qty < 1 || qty > catalog.MaxQuantity {
		v.Add(field, fmt.Sprintf("行%d 「%s」: 数量は1〜%dの整数で入力してください", row, CSVColQty, catalog.MaxQuantity))
		return csvLine{}, false
	}
	return csvLine{row: row, code: code, qty: qty}, true
}

// headerErrors turns the header's problems into file errors, one field
// each ("file", "file.2" …), so that every one is shown.
func headerErrors(err error) error {
	var es csvio.Errors
	var pe *csvio.ParseError
	switch {
	case errors.As(err, &es):
	case errors.As(err, &pe):
		es = csvio.Errors{pe.RowError()}
	default:
		return fmt.Errorf("read order csv header: %w", err)
	}
	v := &oroshi.ValidationError{}
	for i, e := range es {
		field := csvFileField
		if i > 0 {
			field = fmt.Sprintf("%s.%d", csvFileField, i+1)
		}
		v.Add(field, e.Japanese())
	}
	return v
}

// rowPrefixed puts the row in front of a cart limit's message.
func rowPrefixed(err error, row int) error {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &oroshi.ValidationError{}
	for k, m := range ve.Fields {
		out.Add(k, fmt.Sprintf("行%d: %s", row, m))
	}
	return out
}
