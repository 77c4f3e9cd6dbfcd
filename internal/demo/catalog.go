package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// The demo catalogue is written as tables (catalog_data_*.go) of
// departments, sections and items; plan turns them into products with
// 品番, JAN codes and stock, the same every run, so a second run can tell
// by 品番 what exists already.

// department is a top category. Its number is the first digit of the 品番
// of its products (SK-1001 is the first product of department 1), so an item
// added to one department leaves the codes of the others as they were.
type department struct {
	number     int
	name, kana string
	tax        catalog.TaxClass // 食品は軽減税率、厨房用品は標準税率
	sections   []section
}

// section is a category under a department, holding products or, one level
// further down, subsections.
type section struct {
	name, kana string
	note       string // appended to every description: storage and handling
	stock      bool   // SKUs track stock (frozen goods and utensils)
	subs       []section
	items      []item
}

// item is one product. A single SKU carries its size in the product name;
// variants (容量違い、サイズ違い) carry theirs in sku.variant.
type item struct {
	name, kana, desc string
	skus             []sku
}

// sku is one orderable variant: unit, 入数, 発注単位, 最小発注数 (0: one lot)
// and the list price in yen, tax excluded.
type sku struct {
	variant, unit     string
	caseQty, lot, min int
	price             oroshi.Yen
}

// one is the SKU of a product sold in a single size.
func one(unit string, caseQty, lot int, price oroshi.Yen) []sku {
	return []sku{{unit: unit, caseQty: caseQty, lot: lot, price: price}}
}

// exception makes a product other than published to every buyer at its
// department's tax rate. Products are named by their (unique) name.
type exception struct {
	status catalog.Status
	groups []string         // codes of the price groups that may see it
	buyers []string         // codes of the buyers that may see it
	tax    catalog.TaxClass // e.g. 本みりん is 酒類: standard rate, not food
}

// exceptions are the demo's drafts, its discontinued product, the products
// only some buyers see and the seasonings taxed as liquor.
var exceptions = map[string]exception{
	"本みりん 1.8L":        {tax: catalog.TaxStandard},
	"料理用清酒 1.8L":       {tax: catalog.TaxStandard},
	"大豆白絞油 16.5kg":     {groups: []string{"A"}},
	"利尻昆布 だし用 1kg":     {groups: []string{"A", "B"}},
	"枯れ本節 雄節 1本":       {groups: []string{"A"}},
	"ほたて貝柱（刺身用）1kg":    {groups: []string{"A", "B"}},
	"特選 本まぐろ 中トロ ブロック": {buyers: []string{"B002"}},
	"冷凍つけ麺（太麺）250g×5食": {status: catalog.StatusDraft},
	"かき氷シロップ 1.8L":     {status: catalog.StatusDraft},
	"紙ストロー 個包装 500本":   {status: catalog.StatusDraft},
	"割りばし 元禄 完封 100膳":  {status: catalog.StatusDiscontinued},
}

// departments is the whole demo catalogue, in display order.
var departments = []department{seasonings, dryGoods, riceNoodles, frozenFoods, drinks, kitchen}

// ref names one SKU of the tables: a product name and, for a product with
// variants, the variant.
type ref struct{ product, variant string }

// planned is a product ready to create, before categories and visibility
// get the IDs of this database.
type planned struct {
	product  catalog.Product
	category string // path of names, 調味料/しょうゆ・みそ
	except   exception
}

// janPrefix is the GS1 Japan company prefix of the demo (the one GS1
// Japan's own examples use), so no real product's code is taken.
const janPrefix = "4912345"

// jan makes a 13-digit JAN from the prefix, a five-digit item number and
// the GS1 check digit.
func jan(item int) string {
	body := fmt.Sprintf("%s%05d", janPrefix, item)
	sum := 0
	for i := range len(body) {
		d := int(body[i] - '0')
		if i%2 == 1 { // weights 1, 3, 1, 3 … from the left of 12 digits
			d *= 3
		}
		sum += d
	}
	return body + fmt.Sprint((10-sum%10)%10)
}

// stockOf is the opening stock of a tracked SKU: spread over 0–180 so the
// list shows some items out of stock, the same on every run.
func stockOf(seq int) int64 { return int64((seq*7)%13) * 15 }

// plan lists every product of the tables with its codes, and the 品番 of
// every SKU by ref for the price tables. A name in exceptions that no
// product has is an error: a typo there would silently publish a product.
func plan() ([]planned, map[ref]string, error) {
	var out []planned
	codes, names := map[ref]string{}, map[string]bool{}
	dup := "" // prices name products, so names must be unique
	for _, d := range departments {
		seq := 0
		var walk func(sec section, path string)
		walk = func(sec section, path string) {
			path += "/" + sec.name
			for _, sub := range sec.subs {
				walk(sub, path)
			}
			for _, it := range sec.items {
				seq++
				p := product(d, sec, it, seq, path)
				for _, k := range p.product.SKUs {
					codes[ref{it.name, k.Variant}] = k.Code
				}
				if names[it.name] {
					dup = it.name
				}
				out, names[it.name] = append(out, p), true
			}
		}
		for _, sec := range d.sections {
			walk(sec, d.name)
		}
	}
	if dup != "" {
		return nil, nil, fmt.Errorf("demo tables: product %q twice", dup)
	}
	for name := range exceptions {
		if !names[name] {
			return nil, nil, fmt.Errorf("demo tables: exception %q names no product", name)
		}
	}
	return out, codes, nil
}

// product builds the seq-th product of department d, filed in section sec
// at path, from its table row.
func product(d department, sec section, it item, seq int, path string) planned {
	ex := exceptions[it.name]
	p := catalog.Product{Name: it.name, Kana: it.kana, TaxClass: d.tax, Status: catalog.StatusPublished,
		Description: strings.TrimSpace(it.desc + "\n" + sec.note)}
	if ex.tax != "" {
		p.TaxClass = ex.tax
	}
	if ex.status != "" {
		p.Status = ex.status
	}
	base := fmt.Sprintf("SK-%d%03d", d.number, seq)
	for i, k := range it.skus {
		// The JAN item number is department, product and variant digits.
		code, n := base, d.number*10000+seq*10
		if len(it.skus) > 1 {
			code, n = fmt.Sprintf("%s-%d", base, i+1), n+i+1
		}
		c := catalog.SKU{Code: code, Variant: k.variant, Unit: k.unit, CaseQty: k.caseQty,
			OrderLot: k.lot, MinQty: k.min, ListPrice: k.price}
		// Goods sold by weight carry the store's own label, not a JAN.
		if k.unit != "kg" {
			c.JAN = jan(n)
		}
		if sec.stock {
			c.TrackStock, c.Stock = true, stockOf(seq+i)
		}
		p.SKUs = append(p.SKUs, c)
	}
	return planned{product: p, category: path, except: ex}
}

// ids are the IDs of this database the plan refers to by code.
type ids struct {
	groups map[string]oroshi.ID // price group code → ID
	buyers map[string]oroshi.ID // buyer code → ID
}

// seedCatalog creates the categories and the products the tenant lacks
// (a product is there when its first 品番 is) and returns every SKU of the
// tenant by 品番.
func (s *Seeder) seedCatalog(ctx context.Context, t oroshi.TenantID, plans []planned, refs ids) (map[string]catalog.SKU, error) {
	cats, err := s.categories(ctx, t)
	if err != nil {
		return nil, err
	}
	skus, err := s.allSKUs(ctx, t)
	if err != nil {
		return nil, err
	}
	for _, pl := range plans {
		if _, ok := skus[pl.product.SKUs[0].Code]; ok {
			continue
		}
		p := pl.product
		p.CategoryID = cats[pl.category]
		if p.Visibility, err = visibility(pl.except, refs); err != nil {
			return nil, err
		}
		created, err := s.Catalog.CreateProduct(ctx, t, p, system)
		if err != nil {
			return nil, fmt.Errorf("demo product %s: %w", p.Name, err)
		}
		for _, k := range created.SKUs {
			skus[k.Code] = k
		}
	}
	return skus, nil
}

func visibility(ex exception, refs ids) (catalog.Visibility, error) {
	if len(ex.groups)+len(ex.buyers) == 0 {
		return catalog.Visibility{Mode: catalog.VisibleToAll}, nil
	}
	v := catalog.Visibility{Mode: catalog.Restricted}
	for _, code := range ex.groups {
		id, ok := refs.groups[code]
		if !ok {
			return v, fmt.Errorf("demo visibility: no price group %s", code)
		}
		v.GroupIDs = append(v.GroupIDs, id)
	}
	for _, code := range ex.buyers {
		id, ok := refs.buyers[code]
		if !ok {
			return v, fmt.Errorf("demo visibility: no buyer %s", code)
		}
		v.BuyerIDs = append(v.BuyerIDs, id)
	}
	return v, nil
}

// allSKUs reads the whole catalogue of the tenant, page by page.
func (s *Seeder) allSKUs(ctx context.Context, t oroshi.TenantID) (map[string]catalog.SKU, error) {
	out := map[string]catalog.SKU{}
	f := catalog.ProductFilter{Page: catalog.Page{Limit: catalog.MaxLimit}}
	for {
		page, err := s.Catalog.Products(ctx, t, f)
		if err != nil {
			return nil, fmt.Errorf("demo products: %w", err)
		}
		for _, p := range page.Products {
			for _, k := range p.SKUs {
				out[k.Code] = k
			}
		}
		if page.NextCursor == "" {
			return out, nil
		}
		f.Cursor = page.NextCursor
	}
}

// categories creates the category tree where it is missing and returns
// every category of the tables by path. A category is found by its name
// under its parent, so one a seller renamed is made again.
func (s *Seeder) categories(ctx context.Context, t oroshi.TenantID) (map[string]oroshi.ID, error) {
	all, err := s.Catalog.Categories(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("demo categories: %w", err)
	}
	type key struct {
		parent oroshi.ID
		name   string
	}
	have := map[key]oroshi.ID{}
	for _, c := range all {
		have[key{c.ParentID, c.Name}] = c.ID
	}
	paths := map[string]oroshi.ID{}
	ensure := func(parent oroshi.ID, path, name, kana string, pos int) (oroshi.ID, error) {
		id, ok := have[key{parent, name}]
		if !ok {
			c, err := s.Catalog.CreateCategory(ctx, t, catalog.Category{ParentID: parent, Name: name, Kana: kana, Position: pos}, system)
			if err != nil {
				return 0, fmt.Errorf("demo category %s: %w", path, err)
			}
			id = c.ID
		}
		paths[path] = id
		return id, nil
	}
	for i, d := range departments {
		id, err := ensure(0, d.name, d.name, d.kana, i)
		if err != nil {
			return nil, err
		}
		if err := ensureSections(ensure, id, d.name, d.sections); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

type ensureFunc func(parent oroshi.ID, path, name, kana string, pos int) (oroshi.ID, error)

func ensureSections(ensure ensureFunc, parent oroshi.ID, path string, secs []section) error {
	for i, s := range secs {
		p := path + "/" + s.name
		id, err := ensure(parent, p, s.name, s.kana, i)
		if err != nil {
			return err
		}
		if err := ensureSections(ensure, id, p, s.subs); err != nil {
			return err
		}
	}
	return nil
}

// categoryCount is the number of categories of the tables.
func categoryCount() int {
	var count func([]section) int
	count = func(secs []section) int {
		n := len(secs)
		for _, s := range secs {
			n += count(s.subs)
		}
		return n
	}
	n := len(departments)
	for _, d := range departments {
		n += count(d.sections)
	}
	return n
}
