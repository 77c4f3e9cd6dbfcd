package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The buyers' catalogue: the product listing with categories and search,
// product pages and their images. Who looks is ALWAYS the signed-in user's
// buyer company with that company's price group (shopViewer): nothing in
// the request can name another buyer, and every price shown comes from
// pricing for that buyer. Seller-only data (custom fields, exact stock,
// list prices of rules that do not apply) is never put in a view.

// catalogShopRoutes registers the shop's catalogue pages.
func (s *Server) catalogShopRoutes(mux *http.ServeMux) {
	a, view := areaShop, identity.PermShopView
	p := a.pattern
	mux.Handle("GET "+p+"/products", s.page(a, view, s.shopProducts))
	mux.Handle("GET "+p+"/search", s.page(a, view, s.shopSearch))
	mux.Handle("GET "+p+"/products/{id}", s.page(a, view, s.shopProduct))
	mux.Handle("GET "+p+"/products/{id}/images/{image_id}", s.page(a, view, s.shopProductImage))
}

// shopPageSize is the number of products on one page of the listing.
const shopPageSize = 20

// shopViewer is the buyer company of the signed-in shop user with its
// price group. A user without a company, or of a suspended one, sees
// nothing (suspending also ends the sessions; this is the second wall).
// The statement that reads the standing reads the catalogue and price
// versions too and pins them for the rest of the request (see
// shopCatalogViewer): the cart, checkout and order pages price lines at
// the price version without reading it again.
func (s *Server) shopViewer(r *http.Request) (catalog.Viewer, error) {
	v, _, err := s.shopCatalogViewer(r)
	return v, err
}

// shopBuyerUser refuses a request whose user is not a shop user of a
// buyer company.
func shopBuyerUser(rc *requestState) error {
	if rc.user == nil || rc.user.Realm != identity.RealmShop || rc.user.BuyerID <= 0 {
		return fmt.Errorf("shop viewer: no buyer company: %w", oroshi.ErrForbidden)
	}
	return nil
}

// shopCatalogViewer is shopViewer that also returns the request with the
// versions pinned in its context: one statement reads the standing and
// both versions (Data.PinShopView), pinned in the request's read scope
// and, for a request served without one, in the context returned.
func (s *Server) shopCatalogViewer(r *http.Request) (catalog.Viewer, *http.Request, error) {
	rc := reqCtx(r)
	if err := shopBuyerUser(rc); err != nil {
		return catalog.Viewer{}, r, err
	}
	ctx, b, err := s.Data.PinShopView(r.Context(), rc.tenant.ID, rc.user.BuyerID, rc.user.ID)
	v, err := viewerOf(rc, b, err)
	if err != nil {
		return v, r, err
	}
	return v, r.WithContext(ctx), nil
}

// viewerOf is the viewer of a buyer company's standing b, read with err.
func viewerOf(rc *requestState, b buyers.Standing, err error) (catalog.Viewer, error) {
	switch {
	case errors.Is(err, oroshi.ErrNotFound):
		return catalog.Viewer{}, fmt.Errorf("shop viewer: buyer %s: %w", rc.user.BuyerID, oroshi.ErrForbidden)
	case err != nil:
		return catalog.Viewer{}, err
	case !b.Active():
		return catalog.Viewer{}, fmt.Errorf("shop viewer: buyer %s is %s: %w", b.ID, b.Status, oroshi.ErrForbidden)
	}
	return catalog.Viewer{BuyerID: b.ID, GroupID: b.PriceGroupID}, nil
}

// shopQuery is what a listing URL asks for: ?q=&category=&cursor=&page=.
// Pages move forward by cursor (keyset: cheap however deep); page is the
// number shown, and without a cursor it selects the page by offset, which
// is how 前へ goes back.
type shopQuery struct {
	Query      string
	CategoryID oroshi.ID
	Cursor     string
	Page       int
}

const maxShopPage = 10_000

func parseShopQuery(q url.Values) (shopQuery, error) {
	sq := shopQuery{Query: strings.TrimSpace(q.Get("q")), Cursor: q.Get("cursor"), Page: 1}
	if r := []rune(sq.Query); len(r) > 100 {
		sq.Query = string(r[:100])
	}
	if c := q.Get("category"); c != "" {
		id, err := oroshi.ParseID(c)
		if err != nil {
			return shopQuery{}, err
		}
		sq.CategoryID = id
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n >= 1 && n <= maxShopPage {
		sq.Page = n
	}
	return sq, nil
}

func (sq shopQuery) filter() catalog.BuyerFilter {
	f := catalog.BuyerFilter{CategoryID: sq.CategoryID, Query: sq.Query}
	f.Limit, f.Cursor = shopPageSize, sq.Cursor
	if sq.Cursor == "" {
		f.Offset = (sq.Page - 1) * shopPageSize
	}
	return f
}

// link is the URL of page n of this listing under path (base included);
// the first page needs neither cursor nor number.
func (sq shopQuery) link(path string, n int, cursor string) string {
	v := url.Values{}
	if sq.Query != "" {
		v.Set("q", sq.Query)
	}
	if sq.CategoryID != 0 {
		v.Set("category", sq.CategoryID.String())
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// shopProducts: GET /{tenant}/products?category=&q=&cursor=&page=
func (s *Server) shopProducts(w http.ResponseWriter, r *http.Request) error {
	return s.shopListing(w, r, "/products", "商品一覧")
}

// shopSearch: GET /{tenant}/search?q= (the home page's search box): the
// same listing.
func (s *Server) shopSearch(w http.ResponseWriter, r *http.Request) error {
	return s.shopListing(w, r, "/search", "商品検索")
}

func (s *Server) shopListing(w http.ResponseWriter, r *http.Request, path, title string) error {
	v, r, err := s.shopCatalogViewer(r)
	if err != nil {
		return err
	}
	sq, err := parseShopQuery(r.URL.Query())
	if err != nil {
		return err
	}
	if s.listings != nil {
		return s.shopListingCached(w, r, path, title, v, sq)
	}
	view, _, _, err := s.shopListData(r, path, v, sq)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, shopListPage, &Page{Title: title, Data: view})
}

// shopListPage is the listing's template.
const shopListPage = "shop/catalog/index"

// shopListData reads what the listing shows the viewer: its category tree,
// a page of products and their prices (by SKU).
func (s *Server) shopListData(r *http.Request, path string, v catalog.Viewer, sq shopQuery) (
	shopListView, []catalog.Product, map[oroshi.ID]oroshi.Yen, error) {
	rc := reqCtx(r)
	// The buyer's own tree: a category with nothing this buyer may see is
	// neither in the sidebar nor listed (it answers as missing).
	tree, err := s.Catalog.BuyerCategoryTree(r.Context(), rc.tenant.ID, v)
	if err != nil {
		return shopListView{}, nil, nil, err
	}
	trail := categoryTrail(tree, sq.CategoryID)
	if sq.CategoryID != 0 && trail == nil {
		return shopListView{}, nil, nil, fmt.Errorf("shop category %s: %w", sq.CategoryID, oroshi.ErrNotFound)
	}
	f := sq.filter()
	if len(trail) > 0 && strings.TrimSpace(sq.Query) == "" {
		// The tree counted this category's products for this buyer, by
		// the same rule as the listing: no need to count them again.
		f.Total = trail[len(trail)-1].Products
	}
	list, err := s.Catalog.BuyerProducts(r.Context(), rc.tenant.ID, v, f)
	if err != nil {
		return shopListView{}, nil, nil, err
	}
	prices, err := s.priceLines(r, v, cardLines(list.Products))
	if err != nil {
		return shopListView{}, nil, nil, err
	}
	return newShopListView(rc.base(), path, sq, tree, trail, list, prices), list.Products, prices, nil
}

// cardLines are the SKUs the listing's cards show, each at its minimum
// order quantity: what the listing prices.
func cardLines(products []catalog.Product) []pricing.Line {
	var lines []pricing.Line
	for _, p := range products {
		for _, sku := range p.SKUs[:min(len(p.SKUs), shopCardSKUs)] {
			lines = append(lines, pricing.Line{SKU: sku.ID, Qty: max(sku.MinQty, 1)})
		}
	}
	return lines
}

// priceLines prices lines for the viewer, today in JST, in one PriceCart
// call, by SKU.
func (s *Server) priceLines(r *http.Request, v catalog.Viewer, lines []pricing.Line) (map[oroshi.ID]oroshi.Yen, error) {
	out := make(map[oroshi.ID]oroshi.Yen, len(lines))
	if len(lines) == 0 {
		return out, nil
	}
	// The zero date is today in JST by the pricing service's own clock.
	res, err := s.Pricing.PriceCart(r.Context(), reqCtx(r).tenant.ID, v.BuyerID, lines, pricing.Date{})
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		out[l.SKU] = res[i].UnitPrice
	}
	return out, nil
}

// categoryTrail is the path from a root to category id, nil when the
// tenant has no such category (or id is 0).
func categoryTrail(tree []*catalog.CategoryNode, id oroshi.ID) []*catalog.CategoryNode {
	if id == 0 {
		return nil
	}
	for _, n := range tree {
		if n.ID == id {
			return []*catalog.CategoryNode{n}
		}
		if sub := categoryTrail(n.Children, id); sub != nil {
			return append([]*catalog.CategoryNode{n}, sub...)
		}
	}
	return nil
}
