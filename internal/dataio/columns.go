package dataio

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// column is one column of a kind's file. field names what it holds: a
// built-in field of customfields.Builtins ("code"), a custom field
// ("custom.<key>") or a field of the kind itself ("min_qty").
type column struct {
	field    string
	name     string // the header, in the seller's labels
	required bool   // an import without it is refused
	ref      bool   // written for people to read; an import ignores it
}

// refs are the tenant's settings a file's columns depend on.
type refs struct {
	buyerLabels   map[string]string
	productLabels map[string]string
	fields        []customfields.Field // custom fields of buyers
	productFields []customfields.Field // custom fields of products (products kind only)
}

func (s *Service) loadRefs(ctx context.Context, t oroshi.TenantID, k Kind) (refs, error) {
	var r refs
	var err error
	if r.buyerLabels, err = s.labels(ctx, t, customfields.EntityBuyer); err != nil {
		return refs{}, err
	}
	if r.productLabels, err = s.labels(ctx, t, customfields.EntityProduct); err != nil {
		return refs{}, err
	}
	if k == KindBuyers {
		if r.fields, err = s.Store.CustomFields(ctx, t, customfields.EntityBuyer); err != nil {
			return refs{}, fmt.Errorf("buyer custom fields: %w", err)
		}
	}
	if k == KindProducts {
		if r.productFields, err = s.Store.CustomFields(ctx, t, customfields.EntityProduct); err != nil {
			return refs{}, fmt.Errorf("product custom fields: %w", err)
		}
	}
	return r, nil
}

func (s *Service) labels(ctx context.Context, t oroshi.TenantID, e customfields.Entity) (map[string]string, error) {
	overrides, err := s.Store.FieldLabels(ctx, t, e)
	if err != nil {
		return nil, fmt.Errorf("labels of %s: %w", e, err)
	}
	return customfields.Labels(e, overrides), nil
}

// Ship-to and price columns have fixed names: they are not renamable.
const (
	colShipLabel   = "納品先名"
	colRecipient   = "宛名"
	colShipPostal  = "郵便番号"
	colShipAddress = "住所"
	colShipPhone   = "電話番号"
	colDefault     = "既定"
	colListName    = "価格表名"
	colMinQty      = "数量下限"
	colPrice       = "単価"
	colValidFrom   = "適用開始日"
	colValidTo     = "適用終了日"
	colGroup       = "親品番"
	colCategory    = "カテゴリ"
	colDescription = "説明"
	colStatus      = "状態"
	colVariant     = "規格"
	colTrackStock  = "在庫管理"
)

// columnsFor lists the columns of kind k in file order.
func columnsFor(k Kind, r refs) []column {
	b, p := r.buyerLabels, r.productLabels
	switch k {
	case KindBuyers:
		var cols []column
		for _, f := range customfields.Builtins(customfields.EntityBuyer) {
			cols = append(cols, column{field: f.Field, name: b[f.Field], required: f.Field == "code"})
		}
		for _, f := range r.fields {
			cols = append(cols, column{field: customfields.ErrKey(f.Key), name: f.Label})
		}
		return cols
	case KindShipTos:
		return []column{
			{field: "buyer", name: b["code"], required: true}, {field: "buyer_name", name: b["name"], ref: true},
			{field: "label", name: colShipLabel, required: true}, {field: "recipient", name: colRecipient},
			{field: "postal_code", name: colShipPostal}, {field: "address", name: colShipAddress},
			{field: "phone", name: colShipPhone}, {field: "default", name: colDefault},
		}
	case KindPriceItems:
		return []column{
			{field: "group", name: b["price_group"], required: true}, {field: "list", name: colListName, required: true},
			{field: "sku", name: p["code"], required: true}, {field: "product", name: p["name"], ref: true},
			{field: "min_qty", name: colMinQty, required: true}, {field: "price", name: colPrice, required: true},
		}
	case KindBuyerPrices:
		return []column{
			{field: "buyer", name: b["code"], required: true}, {field: "buyer_name", name: b["name"], ref: true},
			{field: "sku", name: p["code"], required: true}, {field: "product", name: p["name"], ref: true},
			{field: "valid_from", name: colValidFrom}, {field: "valid_to", name: colValidTo},
			{field: "min_qty", name: colMinQty, required: true}, {field: "price", name: colPrice, required: true},
		}
	case KindProducts:
		return productColumns(r)
	}
	return nil
}

// productColumns: 親品番 first (the product a row belongs to), the
// product's columns, the SKU's, the product's custom fields, and the
// stock last, for reading only (stock moves only through adjustments).
func productColumns(r refs) []column {
	p := r.productLabels
	cols := []column{
		{field: "group", name: colGroup, required: true},
		{field: "name", name: p["name"]}, {field: "kana", name: p["kana"]},
		{field: "category", name: colCategory}, {field: "description", name: colDescription},
		{field: "tax_class", name: p["tax_class"]}, {field: "status", name: colStatus},
		{field: "code", name: p["code"], required: true}, {field: "jan", name: p["jan"]},
		{field: "variant", name: colVariant}, {field: "unit", name: p["unit"]},
		{field: "case_qty", name: p["case_qty"]}, {field: "order_lot", name: p["order_lot"]},
		{field: "min_qty", name: p["min_qty"]}, {field: "list_price", name: p["list_price"]},
		{field: "track_stock", name: colTrackStock},
	}
	for _, f := range r.productFields {
		cols = append(cols, column{field: customfields.ErrKey(f.Key), name: f.Label})
	}
	return append(cols, column{field: "stock", name: p["stock"], ref: true})
}

func headerNames(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// table is a file's header mapped to the kind's columns.
type table struct {
	h     csvio.Header
	names map[string]string // field → column name
	order []string          // fields in column order
}

func newTable(h csvio.Header, cols []column) *table {
	t := &table{h: h, names: make(map[string]string, len(cols))}
	for _, c := range cols {
		t.names[c.field] = c.name
		t.order = append(t.order, c.field)
	}
	return t
}

// has tells whether the file has the field's column.
func (t *table) has(field string) bool { return t.h.Has(t.names[field]) }

// name is the column name of field, for messages ("" for a whole-row problem).
func (t *table) name(field string) string { return t.names[field] }

// cell is the field's cell of rec, without the apostrophe an export put
// before formula-like text (see csvio.StripFormulaGuard).
func (t *table) cell(rec record, field string) string {
	return csvio.StripFormulaGuard(t.h.Get(rec.cells, t.names[field]))
}

// text is cell with spaces trimmed at both ends.
func (t *table) text(rec record, field string) string {
	return strings.TrimSpace(t.cell(rec, field))
}

// record is one data row of a file.
type record struct {
	row   int // csvio numbering: 1 is the first row after the header
	cells []string
}

// addErrors adds the messages of a service's validation error at row, each
// under the column of its field, in column order. The services key their
// messages by the same field names as the columns.
func (t *table) addErrors(errs *csvio.Errors, row int, err error) {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		errs.Add(row, "", err.Error())
		return
	}
	done := map[string]bool{}
	for _, f := range t.order {
		if msg, ok := ve.Fields[f]; ok {
			errs.Add(row, t.names[f], msg)
			done[f] = true
		}
	}
	rest := make([]string, 0, len(ve.Fields))
	for f := range ve.Fields {
		if !done[f] {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range rest {
		errs.Add(row, t.names[f], ve.Fields[f])
	}
}

// Column describes one column of a kind's file, for the import page.
type Column struct {
	Name     string
	Required bool // an import without it is refused
	Ref      bool // for reading only: an import ignores it
}

// Columns lists the columns of kind k in tenant t, as the export writes
// them and the import reads them.
func (s *Service) Columns(ctx context.Context, t oroshi.TenantID, k Kind) ([]Column, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("columns of %q: %w", k, oroshi.ErrNotFound)
	}
	r, err := s.loadRefs(ctx, t, k)
	if err != nil {
		return nil, err
	}
	cols := columnsFor(k, r)
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.name, Required: c.required, Ref: c.ref}
	}
	return out, nil
}
