package dataio

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// productImport upserts SKUs by 品番 and their products (see products.go
// for the file's rules). A column the file does not have keeps the stored
// value; the rows of one product must agree on the product's columns.
// Everything is checked by catalog.Tidy and catalog.ValidateProduct, as
// the product form is.
type productImport struct {
	rec  recorder
	tb   *table
	defs []customfields.Field
	rows []productIn
}

// productIn is one row as read.
type productIn struct {
	row         int
	group, code string
	sku         catalog.SKU
	prod        catalog.Product
	category    string            // the path as typed
	cells       map[string]string // the product's columns as typed, to compare rows
	custom      map[string]any
}

// productFields are the product's own columns, repeated on each SKU's row.
var productFields = []string{"name", "kana", "category", "description", "tax_class", "status"}

// sciRE is a number as Excel shows a long one (4.90123E+12): a JAN code
// saved that way has lost its digits.
var sciRE = regexp.MustCompile(`^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$`)

func (im *productImport) parse(f *file, errs *csvio.Errors) Keys {
	k := Keys{Kind: KindProducts}
	seen := map[string]int{}
	named := map[string]bool{}
	for _, rec := range f.records {
		f.tick()
		in, ok := im.parseRow(rec, errs)
		if !ok {
			continue
		}
		if first, dup := seen[in.code]; dup {
			errs.Add(rec.row, im.tb.name("code"), fmt.Sprintf("品番「%s」が行%dと重複しています", in.code, first))
			continue
		}
		seen[in.code] = rec.row
		for _, c := range []string{in.code, in.group} {
			if !named[c] {
				named[c] = true
				k.SKUCodes = append(k.SKUCodes, c)
			}
		}
		im.rows = append(im.rows, in)
	}
	return k
}

func (im *productImport) parseRow(rec record, errs *csvio.Errors) (productIn, bool) {
	tb, n := im.tb, len(*errs)
	in := productIn{row: rec.row, cells: map[string]string{}, custom: map[string]any{}}
	in.code = foldCode(tb.text(rec, "code"))
	if in.code == "" {
		errs.Add(rec.row, tb.name("code"), "品番を入力してください")
	}
	in.group = foldCode(tb.text(rec, "group"))
	if in.group == "" {
		errs.Add(rec.row, tb.name("group"), "親品番を入力してください（新しい商品は、その最初の品番）")
	}
	for _, field := range productFields {
		if tb.has(field) {
			in.cells[field] = tb.text(rec, field)
		}
	}
	in.prod.Name, in.prod.Kana = tb.cell(rec, "name"), tb.cell(rec, "kana")
	in.prod.Description = tb.cell(rec, "description")
	in.category = foldPath(tb.cell(rec, "category"))
	if s := tb.text(rec, "tax_class"); s != "" {
		c, ok := parseTax(s)
		if !ok {
			errs.Add(rec.row, tb.name("tax_class"), "税区分は標準（10%）または軽減（8%）を入力してください")
		}
		in.prod.TaxClass = c
	}
	if s := tb.text(rec, "status"); s != "" {
		st, ok := parseProductStatus(s)
		if !ok {
			errs.Add(rec.row, tb.name("status"), "状態は下書き・公開・販売終了のいずれかを入力してください")
		}
		in.prod.Status = st
	}
	in.sku.Code = in.code
	in.sku.JAN = strings.TrimSpace(tb.cell(rec, "jan"))
	if sciRE.MatchString(in.sku.JAN) {
		errs.Add(rec.row, tb.name("jan"), "JANコードが指数表記（例: 4.9E+12）になっています。Excel で列を文字列にしてから入力し直してください")
	}
	in.sku.Variant, in.sku.Unit = tb.cell(rec, "variant"), tb.cell(rec, "unit")
	for field, ptr := range map[string]*int{"case_qty": &in.sku.CaseQty, "order_lot": &in.sku.OrderLot, "min_qty": &in.sku.MinQty} {
		if s := tb.text(rec, field); s != "" {
			v, ok := parseCount(s)
			if !ok {
				errs.Add(rec.row, tb.name(field), tb.name(field)+"は1以上の整数で入力してください")
			}
			*ptr = v
		}
	}
	if s := tb.text(rec, "list_price"); s != "" {
		v, ok := parseYen(s)
		if !ok {
			errs.Add(rec.row, tb.name("list_price"), tb.name("list_price")+"は0以上の整数（円）で入力してください")
		}
		in.sku.ListPrice = v
	}
	if tb.has("track_stock") {
		v, ok := parseTrack(tb.text(rec, "track_stock"))
		if !ok {
			errs.Add(rec.row, tb.name("track_stock"), "在庫管理は「する」または「しない」を入力してください")
		}
		in.sku.TrackStock = v
	}
	for _, d := range im.defs {
		if field := customfields.ErrKey(d.Key); tb.has(field) {
			in.custom[d.Key] = tb.cell(rec, field)
			in.cells[field] = tb.text(rec, field)
		}
	}
	return in, len(*errs) == n
}

// productGroup is the rows of one product in the file.
type productGroup struct {
	before catalog.Product // ID 0: a new product
	group  string
	rows   []*productIn
}

func (im *productImport) plan(snap Snapshot, errs *csvio.Errors) Plan {
	paths := map[string][]oroshi.ID{}
	for id, path := range categoryPaths(snap.Categories) {
		paths[path] = append(paths[path], id)
	}
	var p Plan
	for _, g := range im.groups(snap, errs) {
		after, ok := im.merge(g, paths, errs)
		if !ok {
			continue
		}
		if g.before.ID == 0 {
			p.Counts.Created++
			ev := im.rec.event(catalog.ActionProductCreate, catalog.TargetProduct, 0, productMap(after, nil))
			p.Products = append(p.Products, ProductWrite{Product: after, Event: ev})
			continue
		}
		labels := make(map[oroshi.ID]string, len(g.before.SKUs))
		for _, k := range g.before.SKUs {
			labels[k.ID] = k.Code
		}
		prev := g.before
		prev.Custom = customfields.Visible(im.defs, g.before.Custom)
		diff := audit.Diff(productMap(prev, labels), productMap(after, labels))
		if len(diff) == 0 {
			p.Counts.Unchanged++
			continue
		}
		p.Counts.Updated++
		ev := im.rec.event(catalog.ActionProductUpdate, catalog.TargetProduct, after.ID, diff)
		p.Products = append(p.Products, ProductWrite{Product: after, Event: ev})
	}
	return p
}

// groups gathers the rows by the product they belong to, in the order of
// their first row.
func (im *productImport) groups(snap Snapshot, errs *csvio.Errors) []*productGroup {
	var out []*productGroup
	stored := map[oroshi.ID]*productGroup{}
	fresh := map[string]*productGroup{}
	for i := range im.rows {
		in := &im.rows[i]
		parent, parentFound := snap.Products[in.group]
		own, found := snap.Products[in.code]
		var g *productGroup
		switch {
		case found && (!parentFound || parent.ID != own.ID):
			errs.Add(in.row, im.tb.name("group"), fmt.Sprintf(
				"品番「%s」は親品番「%s」の商品の品番ではありません。登録済みの品番を別の商品へ移すことはCSVではできません",
				in.code, in.group))
			continue
		case found:
			g = stored[own.ID]
			if g == nil {
				g = &productGroup{before: own, group: in.group}
				stored[own.ID] = g
				out = append(out, g)
			}
		case parentFound:
			g = stored[parent.ID]
			if g == nil {
				g = &productGroup{before: parent, group: in.group}
				stored[parent.ID] = g
				out = append(out, g)
			}
		default:
			g = fresh[in.group]
			if g == nil {
				g = &productGroup{group: in.group}
				fresh[in.group] = g
				out = append(out, g)
			}
		}
		g.rows = append(g.rows, in)
	}
	return out
}

// merge lays the group's rows over the stored product (or a new one),
// tidies and validates it.
func (im *productImport) merge(g *productGroup, paths map[string][]oroshi.ID, errs *csvio.Errors) (catalog.Product, bool) {
	tb, n := im.tb, len(*errs)
	first := g.rows[0]
	for _, in := range g.rows[1:] {
		for _, field := range slices.Sorted(maps.Keys(first.cells)) {
			if v := in.cells[field]; v != "" && v != first.cells[field] { // blank: as the first row
				errs.Add(in.row, tb.name(field), fmt.Sprintf(
					"同じ商品（親品番「%s」）の行で%sが異なります。行%dと同じにしてください", g.group, tb.name(field), first.row))
			}
		}
	}
	p := catalog.Product{Tenant: im.rec.tenant, Custom: map[string]any{}}
	if g.before.ID != 0 {
		p = g.before
		p.Custom = customfields.Visible(im.defs, g.before.Custom)
		p.SKUs = slices.Clone(g.before.SKUs)
	}
	im.overlayProduct(&p, first, paths, errs)
	at := map[int]int{} // SKU index → row
	for _, in := range g.rows {
		i := slices.IndexFunc(p.SKUs, func(k catalog.SKU) bool { return k.Code == in.code })
		if i < 0 {
			p.SKUs = append(p.SKUs, catalog.SKU{Code: in.code})
			i = len(p.SKUs) - 1
		}
		im.overlaySKU(&p.SKUs[i], in)
		at[i] = in.row
	}
	catalog.Tidy(&p)
	if err := catalog.ValidateProduct(p); err != nil {
		im.addProductErrors(errs, g, p, at, err)
	}
	custom, err := customfields.Validate(im.defs, p.Custom)
	if err != nil {
		tb.addErrors(errs, first.row, err)
	}
	p.Custom = custom
	return p, len(*errs) == n
}

func (im *productImport) overlayProduct(p *catalog.Product, in *productIn, paths map[string][]oroshi.ID, errs *csvio.Errors) {
	tb := im.tb
	if tb.has("name") {
		p.Name = in.prod.Name
	}
	if tb.has("kana") {
		p.Kana = in.prod.Kana
	}
	if tb.has("description") {
		p.Description = in.prod.Description
	}
	if tb.has("tax_class") && in.prod.TaxClass != "" {
		p.TaxClass = in.prod.TaxClass
	}
	if tb.has("status") && in.prod.Status != "" {
		p.Status = in.prod.Status
	}
	if tb.has("category") {
		p.CategoryID = 0
		if in.category != "" {
			switch ids := paths[in.category]; len(ids) {
			case 0:
				errs.Add(in.row, tb.name("category"), fmt.Sprintf("カテゴリ「%s」がありません", in.category))
			case 1:
				p.CategoryID = ids[0]
			default:
				errs.Add(in.row, tb.name("category"), fmt.Sprintf("カテゴリ「%s」が%d件あります。カテゴリの名前を変えてから取り込んでください", in.category, len(ids)))
			}
		}
	}
	for k, v := range in.custom {
		p.Custom[k] = v
	}
}

func (im *productImport) overlaySKU(k *catalog.SKU, in *productIn) {
	tb, s := im.tb, in.sku
	k.Code = s.Code
	if tb.has("jan") {
		k.JAN = s.JAN
	}
	if tb.has("variant") {
		k.Variant = s.Variant
	}
	if tb.has("unit") {
		k.Unit = s.Unit
	}
	if tb.has("case_qty") {
		k.CaseQty = s.CaseQty
	}
	if tb.has("order_lot") {
		k.OrderLot = s.OrderLot
	}
	if tb.has("min_qty") {
		k.MinQty = s.MinQty
	}
	if tb.has("list_price") {
		k.ListPrice = s.ListPrice
	}
	if tb.has("track_stock") {
		k.TrackStock = s.TrackStock
	}
}

// addProductErrors places catalog's messages: those of the i-th SKU
// (skus[i].jan) on that SKU's row, the product's on its first row. A SKU
// the file does not mention has its 品番 named in the message.
func (im *productImport) addProductErrors(errs *csvio.Errors, g *productGroup, p catalog.Product, at map[int]int, err error) {
	var ve *oroshi.ValidationError
	first := g.rows[0].row
	if !errors.As(err, &ve) {
		errs.Add(first, "", err.Error())
		return
	}
	for _, field := range slices.Sorted(maps.Keys(ve.Fields)) {
		msg := ve.Fields[field]
		i, sub, ok := skuField(field)
		switch {
		case ok && i < len(p.SKUs):
			row, found := at[i]
			if !found {
				row, msg = first, fmt.Sprintf("品番「%s」: %s", p.SKUs[i].Code, msg)
			}
			errs.Add(row, im.tb.name(sub), msg)
		case field == "category_id":
			errs.Add(first, im.tb.name("category"), msg)
		case field == "skus":
			errs.Add(first, im.tb.name("code"), msg)
		default:
			errs.Add(first, im.tb.name(field), msg)
		}
	}
}

// skuField reads "skus[2].jan" as (2, "jan").
func skuField(field string) (int, string, bool) {
	rest, ok := strings.CutPrefix(field, "skus[")
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
