package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// shopProductView is a product page as a buyer sees it.
type shopProductView struct {
	Name, Kana, Description string
	Reduced                 bool // 軽減税率 (8 %): the SKUs' tax column is marked ※
	TaxRate                 string
	Crumbs                  []shopCrumb
	Images                  []shopImage
	SKUs                    []shopSKURow
	HasJAN, HasVariant      bool // columns left out when no SKU has one
	ListURL                 string
}

// shopImage is one picture of the gallery.
type shopImage struct {
	Anchor        string // fragment id, for the thumbnails' links
	Full, Thumb   string
	Width, Height int
}

// shopProduct: GET /{tenant}/products/{id}. A product the buyer may not
// see (hidden from it, draft, discontinued, another tenant's) is a plain
// 404, like one that never existed.
func (s *Server) shopProduct(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	v, r, err := s.shopCatalogViewer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Catalog.BuyerProduct(r.Context(), rc.tenant.ID, v, id)
	if err != nil {
		return err
	}
	tree, err := s.Catalog.CategoryTree(r.Context(), rc.tenant.ID)
	if err != nil {
		return err
	}
	tiers, err := s.shopTiers(r, v, p.SKUs)
	if err != nil {
		return err
	}
	view := newShopProductView(rc.base(), p, categoryTrail(tree, p.CategoryID), tiers)
	return s.render(w, r, http.StatusOK, "shop/catalog/show", &Page{Title: p.Name, Data: view})
}

// shopTiers prices each SKU for the viewer from its minimum order
// quantity upwards (today in JST), in one call.
func (s *Server) shopTiers(r *http.Request, v catalog.Viewer, skus []catalog.SKU) ([][]pricing.Tier, error) {
	if len(skus) == 0 {
		return nil, nil
	}
	lines := make([]pricing.Line, len(skus))
	for i, sku := range skus {
		lines[i] = pricing.Line{SKU: sku.ID, Qty: max(sku.MinQty, 1)}
	}
	return s.Pricing.Tiers(r.Context(), reqCtx(r).tenant.ID, v.BuyerID, lines, pricing.Date{})
}

func newShopProductView(base string, p catalog.Product, trail []*catalog.CategoryNode, tiers [][]pricing.Tier) shopProductView {
	v := shopProductView{Name: p.Name, Kana: p.Kana, Description: p.Description,
		Reduced: p.TaxClass == catalog.TaxReduced, TaxRate: strconv.Itoa(p.TaxClass.RatePercent()) + "%",
		Crumbs: shopCrumbs(base, trail), ListURL: base + "/products"}
	for _, img := range p.Images {
		v.Images = append(v.Images, shopImage{Anchor: "image-" + img.ID.String(),
			Full: shopImageURL(base, p.ID, img.ID, "full"), Thumb: shopImageURL(base, p.ID, img.ID, "thumb"),
			Width: img.Width, Height: img.Height})
	}
	for i, sku := range p.SKUs {
		var price oroshi.Yen
		var more []pricing.Tier
		if i < len(tiers) && len(tiers[i]) > 0 {
			price, more = tiers[i][0].UnitPrice, tiers[i][1:]
		}
		row := newShopSKURow(sku, price)
		for _, t := range more {
			row.Tiers = append(row.Tiers, shopTier{MinQty: qtyText(t.MinQty), Price: t.UnitPrice})
		}
		v.HasJAN = v.HasJAN || sku.JAN != ""
		v.HasVariant = v.HasVariant || sku.Variant != ""
		v.SKUs = append(v.SKUs, row)
	}
	return v
}

// shopProductImage: GET /{tenant}/products/{id}/images/{image_id}?size=thumb|full.
// The image of a product the buyer may not see is a 404, as is an image
// that is not this product's.
func (s *Server) shopProductImage(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	v, err := s.shopViewer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	imageID, err := pathID(r, "image_id")
	if err != nil {
		return err
	}
	size := r.URL.Query().Get("size")
	if size != "" && size != "thumb" && size != "full" {
		return fmt.Errorf("image size %q: %w", size, oroshi.ErrNotFound)
	}
	f, err := s.Catalog.BuyerImage(r.Context(), rc.tenant.ID, v, imageID, size == "thumb")
	if err != nil {
		return err
	}
	if f.ProductID != id {
		return fmt.Errorf("image %s of product %s: %w", imageID, id, oroshi.ErrNotFound)
	}
	writeShopImage(w, r, f, size == "thumb")
	return nil
}

// writeShopImage sends an image the buyer may see. Browsers keep it for an
// hour, privately; the ETag (the content's hash) saves sending it again.
func writeShopImage(w http.ResponseWriter, r *http.Request, f catalog.ImageFile, thumb bool) {
	etag := `"` + f.SHA256 + `-full"`
	if thumb {
		etag = `"` + f.SHA256 + `-thumb"`
	}
	h := w.Header()
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("Content-Disposition", "inline")
	_, _ = w.Write(f.Data)
}
