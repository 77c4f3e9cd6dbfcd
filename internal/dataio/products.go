package dataio

import (
	"context"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// The products file (商品) has one row per SKU, keyed by 品番, with its
// product's columns repeated on each row. 親品番 says which product a row
// belongs to: the export writes the 品番 of the product's first SKU, and
// rows with the same 親品番 are one product. On import, a new 品番 under
// a stored 親品番 adds a SKU to that product, and a 親品番 that is no
// stored 品番 makes a new product of its rows. SKUs the file does not
// mention are kept: a CSV never deletes a SKU, nor moves one to another
// product. The stock column (在庫) is written for reading; an import
// ignores it, as stock moves only through adjustments.

// categorySep separates the names of a category path: 調味料/しょうゆ・みそ.
const categorySep = "/"

// categoryPaths names every category by its path from the root.
func categoryPaths(cats []catalog.Category) map[oroshi.ID]string {
	byID := make(map[oroshi.ID]catalog.Category, len(cats))
	for _, c := range cats {
		byID[c.ID] = c
	}
	out := make(map[oroshi.ID]string, len(cats))
	var path func(id oroshi.ID, depth int) string
	path = func(id oroshi.ID, depth int) string {
		if p, ok := out[id]; ok {
			return p
		}
		c, ok := byID[id]
		if !ok || depth > catalog.MaxCategoryDepth+1 {
			return ""
		}
		p := strings.TrimSpace(c.Name)
		if c.ParentID != 0 {
			p = path(c.ParentID, depth+1) + categorySep + p
		}
		out[id] = p
		return p
	}
	for _, c := range cats {
		path(c.ID, 0)
	}
	return out
}

// foldPath reads a category path as typed: full-width slashes and spaces
// around the names do not count.
func foldPath(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "／", categorySep)
	parts := strings.Split(s, categorySep)
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return strings.Join(parts, categorySep)
}

// taxText is how exports write a tax class: 標準 or 軽減.
func taxText(c catalog.TaxClass) string {
	switch c {
	case catalog.TaxStandard:
		return "標準"
	case catalog.TaxReduced:
		return "軽減"
	}
	return string(c)
}

// parseTax reads 標準/軽減, 10%/8%, the screens' labels or the values.
func parseTax(s string) (catalog.TaxClass, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(buyers.Fold(s)), " ", ""))
	switch s {
	case "標準", "標準税率", "10%", "10", "標準税率10%", "standard":
		return catalog.TaxStandard, true
	case "軽減", "軽減税率", "8%", "8", "軽減税率8%", "reduced":
		return catalog.TaxReduced, true
	}
	return "", false
}

// parseProductStatus reads 下書き/公開/販売終了 or the values.
func parseProductStatus(s string) (catalog.Status, bool) {
	s = strings.TrimSpace(buyers.Fold(s))
	for _, st := range catalog.Statuses {
		if s == string(st) || s == st.Label() {
			return st, true
		}
	}
	return "", false
}

// trackText is how exports write 在庫管理: する or しない.
func trackText(yes bool) string {
	if yes {
		return "する"
	}
	return "しない"
}

// parseTrack reads する/しない, or any yes/no parseFlag reads.
func parseTrack(s string) (bool, bool) {
	switch strings.TrimSpace(buyers.Fold(s)) {
	case "する", "有", "あり":
		return true, true
	case "しない", "無", "なし":
		return false, true
	}
	return parseFlag(s)
}

// productRows iterates the SKUs of t as records of cols.
func (s *Service) productRows(ctx context.Context, t oroshi.TenantID, cols []column, fields []customfields.Field,
	rec []string) (func(context.Context, func([]string) error) error, error) {
	cats, err := s.Store.Categories(ctx, t)
	if err != nil {
		return nil, err
	}
	paths := categoryPaths(cats)
	defs := make(map[string]customfields.Field, len(fields))
	for _, d := range fields {
		defs[customfields.ErrKey(d.Key)] = d
	}
	return func(ctx context.Context, emit func([]string) error) error {
		return s.Store.EachProductSKU(ctx, t, func(r ProductRow) error {
			return emit(productRecord(rec, cols, defs, paths, r))
		})
	}, nil
}

// productRecord writes r the way the import reads it back.
func productRecord(rec []string, cols []column, defs map[string]customfields.Field, paths map[oroshi.ID]string,
	r ProductRow) []string {
	p, k := &r.Product, &r.SKU
	for i, c := range cols {
		switch c.field {
		case "group":
			rec[i] = r.GroupCode
		case "name":
			rec[i] = p.Name
		case "kana":
			rec[i] = p.Kana
		case "category":
			rec[i] = paths[p.CategoryID]
		case "description":
			rec[i] = p.Description
		case "tax_class":
			rec[i] = taxText(p.TaxClass)
		case "status":
			rec[i] = p.Status.Label()
		case "code":
			rec[i] = k.Code
		case "jan":
			rec[i] = k.JAN
		case "variant":
			rec[i] = k.Variant
		case "unit":
			rec[i] = k.Unit
		case "case_qty":
			rec[i] = strconv.Itoa(k.CaseQty)
		case "order_lot":
			rec[i] = strconv.Itoa(k.OrderLot)
		case "min_qty":
			rec[i] = strconv.Itoa(k.MinQty)
		case "list_price":
			rec[i] = strconv.FormatInt(int64(k.ListPrice), 10)
		case "track_stock":
			rec[i] = trackText(k.TrackStock)
		case "stock":
			rec[i] = strconv.FormatInt(k.Stock, 10)
		default:
			d := defs[c.field]
			rec[i] = customfields.FormatCell(d, p.Custom[d.Key])
		}
	}
	return rec
}
