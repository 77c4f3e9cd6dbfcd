package api

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Buyer prices (個別単価): /api/v1/buyer-prices.

// buyerPriceListing is one of the two listings of buyer prices: by buyer
// (?buyer_id=, by SKU code) or by SKU (?sku_id=, by buyer code).
type buyerPriceListing struct {
	bySKU bool
	id    oroshi.ID
	limit int
	after []string // the service's key, without the listing's name
}

// mode names the listing; cursors start with it, so that one of the other
// listing is refused rather than misread.
func (l buyerPriceListing) mode() string {
	if l.bySKU {
		return "sku"
	}
	return "buyer"
}

func parseBuyerPriceListing(r *http.Request) (buyerPriceListing, error) {
	pg, err := parsePage(r)
	if err != nil {
		return buyerPriceListing{}, err
	}
	q, err := queryOf(r)
	if err != nil {
		return buyerPriceListing{}, err
	}
	buyerID, err := queryID(q, "buyer_id")
	if err != nil {
		return buyerPriceListing{}, err
	}
	skuID, err := queryID(q, "sku_id")
	if err != nil {
		return buyerPriceListing{}, err
	}
	if (buyerID == 0) == (skuID == 0) {
		return buyerPriceListing{}, badParam("buyer_id", "buyer_id または sku_id のどちらか一方を指定してください")
	}
	l := buyerPriceListing{bySKU: skuID != 0, id: max(buyerID, skuID), limit: pg.Limit}
	if pg.After != nil {
		if len(pg.After) != 3 || pg.After[0] != l.mode() {
			return buyerPriceListing{}, badParam("cursor", "cursor が正しくありません（同じ条件の前のレスポンスの next_cursor を指定してください）")
		}
		l.after = pg.After[1:]
	}
	return l, nil
}

// listBuyerPrices answers GET /api/v1/buyer-prices?buyer_id= or ?sku_id=.
func (s *server) listBuyerPrices(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	l, err := parseBuyerPriceListing(r)
	if err != nil {
		return err
	}
	list, key := s.pricing.BuyerPrices, pricing.BuyerPriceWithRefs.KeyByBuyer
	if l.bySKU {
		list, key = s.pricing.BuyerPricesBySKU, pricing.BuyerPriceWithRefs.KeyBySKU
	}
	rows, err := list(r.Context(), p.Tenant.ID, l.id, pricing.Page{Limit: l.limit + 1, After: l.after})
	if err != nil {
		return err
	}
	page := newList(rows, l.limit, func(b pricing.BuyerPriceWithRefs) []string {
		return append([]string{l.mode()}, key(b)...)
	})
	out := List[BuyerPrice]{Data: make([]BuyerPrice, 0, len(page.Data)), NextCursor: page.NextCursor}
	for _, b := range page.Data {
		out.Data = append(out.Data, buyerPriceOut(b))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writeBuyerPrice answers buyer price id as stored now, with its buyer and SKU.
func (s *server) writeBuyerPrice(w http.ResponseWriter, r *http.Request, status int, id oroshi.ID) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	b, err := s.pricing.BuyerPrice(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, buyerPriceOut(b))
	return nil
}

// getBuyerPrice answers GET /api/v1/buyer-prices/{id}.
func (s *server) getBuyerPrice(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	return s.writeBuyerPrice(w, r, http.StatusOK, id)
}

// createBuyerPrice answers POST /api/v1/buyer-prices. A buyer or SKU that
// is not the tenant's is a validation error on buyer_id or sku_id.
func (s *server) createBuyerPrice(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in BuyerPriceInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var bp pricing.BuyerPrice
	v := &oroshi.ValidationError{}
	in.apply(&bp, v)
	if err := parseErrors(v, pricing.ValidateBuyerPrice(bp), nil); err != nil {
		return err
	}
	created, err := s.pricing.CreateBuyerPrice(r.Context(), p.Tenant.ID, bp, actor)
	if err != nil {
		return err
	}
	return s.writeBuyerPrice(w, r, http.StatusCreated, created.ID)
}

// patchBuyerPrice answers PATCH /api/v1/buyer-prices/{id}: period and
// breaks sent replace the stored ones; buyer and SKU cannot change.
func (s *server) patchBuyerPrice(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in BuyerPriceInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	stored, err := s.pricing.BuyerPrice(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	bp := stored.BuyerPrice
	v := &oroshi.ValidationError{}
	in.apply(&bp, v)
	if err := parseErrors(v, pricing.ValidateBuyerPrice(bp), nil); err != nil {
		return err
	}
	if _, err := s.pricing.UpdateBuyerPrice(r.Context(), p.Tenant.ID, bp, actor); err != nil {
		return err
	}
	return s.writeBuyerPrice(w, r, http.StatusOK, id)
}

// deleteBuyerPrice answers DELETE /api/v1/buyer-prices/{id}.
func (s *server) deleteBuyerPrice(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.pricing.DeleteBuyerPrice(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}
