package web

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// The product form: the product's fields and a table of its SKUs, one row
// per SKU plus blank rows to add more without JavaScript. Inputs of the
// i-th row are named skus[i].code, skus[i].jan …, as the service keys its
// messages, so a message goes back to the cell it is about.

// productFormKeys are the inputs of the form besides SKUs and custom fields.
var productFormKeys = []string{"name", "kana", "category_id", "description", "tax_class", "status"}

// skuFormKeys are the text inputs of a SKU row.
var skuFormKeys = []string{"code", "jan", "variant", "unit", "case_qty", "order_lot", "min_qty", "list_price"}

// blankSKURows is how many empty rows the form offers for new SKUs.
const blankSKURows = 3

// maxSKURows bounds the rows read from a post (the service allows 100
// SKUs; a few more leave room for blank and deleted rows).
const maxSKURows = 130

// skuRow is one row of the SKU table as typed.
type skuRow struct {
	ID         string // "" for a new SKU
	Values     map[string]string
	TrackStock bool
	Delete     bool  // an existing SKU marked for deletion
	Stock      int64 // stored stock, shown beside the checkbox
	Errors     map[string]string
}

// blank is a new row left empty: it is not a SKU.
func (r skuRow) blank() bool {
	if r.ID != "" {
		return false
	}
	for _, k := range skuFormKeys {
		if strings.TrimSpace(r.Values[k]) != "" {
			return false
		}
	}
	return true
}

// productFormValues is p as the form shows it.
func productFormValues(p catalog.Product, defs []customfields.Field) (map[string]string, []skuRow) {
	m := map[string]string{"name": p.Name, "kana": p.Kana, "description": p.Description,
		"tax_class": string(p.TaxClass), "status": string(p.Status)}
	if p.CategoryID != 0 {
		m["category_id"] = p.CategoryID.String()
	}
	if !p.UpdatedAt.IsZero() {
		m["updated_at"] = p.UpdatedAt.Format(time.RFC3339Nano)
	}
	for _, d := range defs {
		m[customfields.ErrKey(d.Key)] = customfields.FormatCell(d, p.Custom[d.Key])
	}
	rows := make([]skuRow, 0, len(p.SKUs)+blankSKURows)
	for _, s := range p.SKUs {
		rows = append(rows, skuRow{ID: s.ID.String(), TrackStock: s.TrackStock, Stock: s.Stock,
			Values: map[string]string{"code": s.Code, "jan": s.JAN, "variant": s.Variant, "unit": s.Unit,
				"case_qty": strconv.Itoa(s.CaseQty), "order_lot": strconv.Itoa(s.OrderLot),
				"min_qty": strconv.Itoa(s.MinQty), "list_price": strconv.FormatInt(int64(s.ListPrice), 10)}})
	}
	return m, withBlankRows(rows)
}

// withBlankRows tops the table up to blankSKURows empty rows, so a form
// shown again after an error still has room for another SKU.
func withBlankRows(rows []skuRow) []skuRow {
	n := 0
	for _, r := range rows {
		if r.blank() {
			n++
		}
	}
	for ; n < blankSKURows; n++ {
		rows = append(rows, skuRow{Values: map[string]string{}})
	}
	return rows
}

var skuKeyRE = regexp.MustCompile(`^skus\[(\d{1,4})\]\.`)

// postedSKURows reads the SKU table of a post, row by row.
func postedSKURows(r *http.Request) ([]skuRow, error) {
	n := 0
	for k := range r.PostForm {
		if m := skuKeyRE.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			n = max(n, i+1)
		}
	}
	if n > maxSKURows {
		return nil, fmt.Errorf("product form with %d SKU rows: %w", n, errBadRequest)
	}
	rows := make([]skuRow, n)
	for i := range rows {
		f := func(k string) string { return r.PostFormValue(fmt.Sprintf("skus[%d].%s", i, k)) }
		row := skuRow{ID: f("id"), Values: map[string]string{}, TrackStock: f("track_stock") != "", Delete: f("delete") != ""}
		for _, k := range skuFormKeys {
			row.Values[k] = f(k)
		}
		rows[i] = row
	}
	return rows, nil
}

// productFromForm reads the posted form as typed (to show it again) and
// as a product for the service. rowOf maps the index of each SKU sent to
// the service back to its row in the form: blank rows and rows marked for
// deletion are not sent.
func productFromForm(r *http.Request, defs []customfields.Field) (p catalog.Product, form map[string]string, rows []skuRow, rowOf []int, err error) {
	form = map[string]string{}
	for _, k := range productFormKeys {
		form[k] = r.PostFormValue(k)
	}
	p = catalog.Product{Name: form["name"], Kana: form["kana"], Description: form["description"],
		TaxClass: catalog.TaxClass(form["tax_class"]), Status: catalog.Status(form["status"]), Custom: map[string]any{}}
	if form["category_id"] != "" {
		p.CategoryID = -1 // refused by the service as a missing category
		if id, err := oroshi.ParseID(form["category_id"]); err == nil {
			p.CategoryID = id
		}
	}
	for _, d := range defs {
		k := customfields.ErrKey(d.Key)
		if form[k] = r.PostFormValue(k); form[k] != "" {
			p.Custom[d.Key] = form[k]
		}
	}
	form["updated_at"] = r.PostFormValue("updated_at")
	p.UpdatedAt, _ = time.Parse(time.RFC3339Nano, form["updated_at"])
	if rows, err = postedSKURows(r); err != nil {
		return p, form, nil, nil, err
	}
	for i, row := range rows {
		if row.blank() || (row.Delete && row.ID != "") {
			continue
		}
		sku, err := skuFromRow(row)
		if err != nil {
			return p, form, nil, nil, err
		}
		p.SKUs = append(p.SKUs, sku)
		rowOf = append(rowOf, i)
	}
	return p, form, rows, rowOf, nil
}

func skuFromRow(row skuRow) (catalog.SKU, error) {
	v := row.Values
	s := catalog.SKU{Code: v["code"], JAN: v["jan"], Variant: v["variant"], Unit: v["unit"],
		CaseQty: formQty(v["case_qty"]), OrderLot: formQty(v["order_lot"]), MinQty: formQty(v["min_qty"]),
		ListPrice: formYen(v["list_price"]), TrackStock: row.TrackStock}
	if row.ID != "" {
		id, err := oroshi.ParseID(row.ID)
		if err != nil {
			return s, fmt.Errorf("sku id %q: %w", row.ID, errBadRequest)
		}
		s.ID = id
	}
	return s, nil
}

// placeSKUErrors moves the service's messages about the k-th SKU sent
// (skus[k].jan) to the row it came from, and returns the other messages.
func placeSKUErrors(errs map[string]string, rows []skuRow, rowOf []int) map[string]string {
	rest := map[string]string{}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m := skuErrRE.FindStringSubmatch(k)
		if m == nil {
			rest[k] = errs[k]
			continue
		}
		i, _ := strconv.Atoi(m[1])
		if i >= len(rowOf) {
			rest["skus"] = errs[k]
			continue
		}
		row := &rows[rowOf[i]]
		if row.Errors == nil {
			row.Errors = map[string]string{}
		}
		row.Errors[m[2]] = errs[k]
	}
	return rest
}

var skuErrRE = regexp.MustCompile(`^skus\[(\d+)\]\.(\w+)$`)
