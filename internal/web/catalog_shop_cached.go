package web

import (
	"html/template"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// shopListingCached serves a listing through the listing cache
// (listing_cache.go): the content of the viewer's audience,
// with the viewer's own prices, priced now, and the session's token.
func (s *Server) shopListingCached(w http.ResponseWriter, r *http.Request, path, title string, v catalog.Viewer, sq shopQuery) error {
	rc := reqCtx(r)
	aud, err := s.Catalog.Audience(r.Context(), rc.tenant.ID, v)
	if err != nil {
		return err
	}
	k := listingKey{tenant: rc.tenant.ID, version: aud.Version, audience: aud.Key, lang: rc.lang,
		order: identity.Can(rc.user.Realm, rc.user.Role, identity.PermShopOrder), base: rc.base(), uri: r.URL.RequestURI()}
	e, hit := s.listings.get(k)
	var prices map[oroshi.ID]oroshi.Yen
	if hit {
		prices, err = s.priceLines(r, v, e.lines)
	} else {
		e, prices, err = s.renderListing(r, path, v, sq)
		if e != nil {
			s.listings.put(k, e)
		}
	}
	if err != nil {
		return err
	}
	token := s.csrfToken(w, r)
	var content string
	ok := e != nil
	if ok {
		content, ok = e.fill(token, prices)
	}
	if !ok { // a value that would need escaping: render as without the cache
		view, _, _, err := s.shopListData(r, path, v, sq)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, shopListPage, &Page{Title: title, Data: view, CSRF: token})
	}
	// The content is the template's own output with plain values filled in.
	return s.render(w, r, http.StatusOK, shopListPage, &Page{Title: title, CSRF: token, Content: template.HTML(content)})
}

// renderListing renders the listing's content for the cache, with markers
// for the prices and the token, and cuts it; the entry is nil when the
// markers did not come out as written. It also returns the viewer's
// prices, by SKU.
func (s *Server) renderListing(r *http.Request, path string, v catalog.Viewer, sq shopQuery) (
	*listingEntry, map[oroshi.ID]oroshi.Yen, error) {
	view, products, prices, err := s.shopListData(r, path, v, sq)
	if err != nil {
		return nil, nil, err
	}
	lines := s.listings.mark(&view, products)
	p := s.contentPage(r, view)
	p.CSRF = s.listings.csrfMarker()
	buf, err := executeContent(s.pages, shopListPage, p)
	if err != nil {
		return nil, nil, err
	}
	defer releaseBuffer(buf)
	e, ok := s.listings.cut(buf.String(), lines)
	if !ok {
		return nil, prices, nil
	}
	return e, prices, nil
}

// mark puts a price marker in every SKU row of view (no price of the
// viewer's stays in what is kept) and returns the SKUs priced, in marker
// order.
func (c *listingCache) mark(view *shopListView, products []catalog.Product) []pricing.Line {
	lines := cardLines(products)
	n := 0
	for i := range view.Products {
		for j := range view.Products[i].SKUs {
			row := &view.Products[i].SKUs[j]
			row.Price, row.PriceText = 0, c.priceMarker(n)
			n++
		}
	}
	return lines
}
