package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// productRow is a product as the list shows it.
type productRow struct {
	catalog.Product
	Category string // path of its category; "" when it has none
	Tracked  bool   // some SKU tracks stock
	Stock    int64  // the tracked SKUs' stock together
}

func (p productRow) FirstCode() string {
	if len(p.SKUs) == 0 {
		return ""
	}
	return p.SKUs[0].Code
}

// MoreSKUs is how many SKUs besides the first.
func (p productRow) MoreSKUs() int { return max(len(p.SKUs)-1, 0) }

func (p productRow) Prices() string      { return priceRange(p.SKUs) }
func (p productRow) StatusLabel() string { return p.Status.Label() }

type productListView struct {
	Query      string
	Categories []buyerOption
	Statuses   []buyerOption
	Products   []productRow
	Labels     map[string]string // the seller's names of the built-in fields
	Total      int
	From, To   int
	Pages      []buyerPageLink
	Prev, Next string
	Filtered   bool // a filter is set: "no match" rather than "none yet"
}

// productList: GET /products?q=&category=&status=&page=
func (s *Server) productList(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	ctx, t := r.Context(), rc.tenant.ID
	f, page := productFilter(r.URL.Query())
	res, err := s.Catalog.Products(ctx, t, f)
	if err == nil && len(res.Products) == 0 && res.Total > 0 { // past the end: show the last page
		page = (res.Total + f.Limit - 1) / f.Limit
		f.Offset = (page - 1) * f.Limit
		res, err = s.Catalog.Products(ctx, t, f)
	}
	if err != nil {
		return err
	}
	tree, err := s.Catalog.CategoryTree(ctx, t)
	if err != nil {
		return err
	}
	labels, err := s.Fields.Labels(ctx, t, customfields.EntityProduct)
	if err != nil {
		return err
	}
	v := productListView{Query: f.Query, Total: res.Total, Labels: labels,
		Categories: categoryOptions(tree, f.CategoryID, 0), Statuses: productStatusOptions(string(f.Status)),
		Filtered: f.Query != "" || f.CategoryID != 0 || f.Status != ""}
	paths := categoryPaths(tree)
	for _, p := range res.Products {
		v.Products = append(v.Products, newProductRow(p, paths))
	}
	if len(v.Products) > 0 {
		v.From, v.To = f.Offset+1, f.Offset+len(v.Products)
	}
	link := func(n int) string { return rc.base() + "/products?" + productListQuery(f, n) }
	v.Pages, v.Prev, v.Next = buyerPager(res.Total, f.Limit, page, link)
	return s.render(w, r, http.StatusOK, "admin/products/index", &Page{Title: "商品", Data: v})
}

// productFilter reads the list's query string; what it cannot read is
// left out rather than refused (a link may be old or typed by hand).
func productFilter(q url.Values) (catalog.ProductFilter, int) {
	f := catalog.ProductFilter{Query: strings.TrimSpace(q.Get("q"))}
	f.Limit = catalog.DefaultLimit
	if r := []rune(f.Query); len(r) > 100 {
		f.Query = string(r[:100])
	}
	if id, err := oroshi.ParseID(q.Get("category")); err == nil {
		f.CategoryID = id
	}
	for _, st := range catalog.Statuses {
		if q.Get("status") == string(st) {
			f.Status = st
		}
	}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 || page > 10_000 {
		page = 1
	}
	f.Offset = (page - 1) * f.Limit
	return f, page
}

func newProductRow(p catalog.Product, paths map[oroshi.ID]string) productRow {
	row := productRow{Product: p, Category: paths[p.CategoryID]}
	for _, s := range p.SKUs {
		if s.TrackStock {
			row.Tracked = true
			row.Stock += s.Stock
		}
	}
	return row
}

// productListQuery is the query string of page n of the list filtered by f.
func productListQuery(f catalog.ProductFilter, n int) string {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.CategoryID != 0 {
		v.Set("category", f.CategoryID.String())
	}
	if f.Status != "" {
		v.Set("status", string(f.Status))
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v.Encode()
}
