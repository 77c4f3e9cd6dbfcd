package api

import (
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Price lists (価格表) and their items: /api/v1/price-lists.

// listPriceLists answers GET /api/v1/price-lists[?price_group_id=], all
// on one page (a group has a handful of lists), highest priority first.
func (s *server) listPriceLists(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	group, err := queryID(q, "price_group_id")
	if err != nil {
		return err
	}
	ls, err := s.pricing.PriceLists(r.Context(), p.Tenant.ID, group)
	if err != nil {
		return err
	}
	out := List[PriceList]{Data: make([]PriceList, 0, len(ls))}
	for _, l := range ls {
		out.Data = append(out.Data, priceListOut(l))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createPriceList answers POST /api/v1/price-lists.
func (s *server) createPriceList(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in PriceListInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var l pricing.PriceList
	v := &oroshi.ValidationError{}
	in.apply(&l, v)
	if err := parseErrors(v, pricing.ValidatePriceList(l), pricingFieldNames); err != nil {
		return err
	}
	created, err := s.pricing.CreatePriceList(r.Context(), p.Tenant.ID, l, actor)
	if err != nil {
		return renameFields(err, pricingFieldNames)
	}
	writeJSON(w, http.StatusCreated, priceListOut(created))
	return nil
}

// getPriceList answers GET /api/v1/price-lists/{id}.
func (s *server) getPriceList(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	l, err := s.pricing.PriceList(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, priceListOut(l))
	return nil
}

// patchPriceList answers PATCH /api/v1/price-lists/{id}: the fields sent
// are merged into the stored header, which is then saved whole.
func (s *server) patchPriceList(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in PriceListInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.pricing.PriceList(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	in.apply(&l, v)
	if err := parseErrors(v, pricing.ValidatePriceList(l), pricingFieldNames); err != nil {
		return err
	}
	updated, err := s.pricing.UpdatePriceList(r.Context(), p.Tenant.ID, l, actor)
	if err != nil {
		return renameFields(err, pricingFieldNames)
	}
	writeJSON(w, http.StatusOK, priceListOut(updated))
	return nil
}

// deletePriceList answers DELETE /api/v1/price-lists/{id}, with its items.
func (s *server) deletePriceList(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	if err := s.pricing.DeletePriceList(r.Context(), p.Tenant.ID, id, actor); err != nil {
		return err
	}
	noContent(w)
	return nil
}

// listPriceListItems answers GET /api/v1/price-lists/{id}/items, by SKU
// code; the cursor is the last SKU code served.
func (s *server) listPriceListItems(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	pg, err := parsePage(r)
	if err != nil {
		return err
	}
	if pg.After != nil && len(pg.After) != 1 {
		return badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
	}
	items, err := s.pricing.PriceListItems(r.Context(), p.Tenant.ID, id, pricing.Page{Limit: pg.Limit + 1, After: pg.After})
	if err != nil {
		return err
	}
	page := newList(items, pg.Limit, pricing.ItemWithSKU.Key)
	out := List[PriceListItem]{Data: make([]PriceListItem, 0, len(page.Data)), NextCursor: page.NextCursor}
	for _, it := range page.Data {
		sku := skuOut(it.SKU)
		out.Data = append(out.Data, PriceListItem{PriceListID: it.ListID.String(), SKUID: it.SKUID.String(),
			SKU: &sku, Breaks: breaksOut(it.Breaks)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// itemPath reads the list and SKU IDs of an item's path.
func itemPath(r *http.Request) (listID, skuID oroshi.ID, err error) {
	if listID, err = idParam(r, "id"); err != nil {
		return 0, 0, err
	}
	if skuID, err = idParam(r, "sku_id"); err != nil {
		return 0, 0, err
	}
	return listID, skuID, nil
}

// putPriceListItem answers PUT /api/v1/price-lists/{id}/items/{sku_id}:
// the SKU's breaks in a fixed list, added or replaced. Another tenant's
// list or SKU is 404.
func (s *server) putPriceListItem(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	listID, skuID, err := itemPath(r)
	if err != nil {
		return err
	}
	var in PriceListItemInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	it := pricing.PriceListItem{ListID: listID, SKUID: skuID, Breaks: breaksIn(in.Breaks)}
	if err := s.pricing.SetPriceListItem(r.Context(), p.Tenant.ID, it, actor); err != nil {
		return refNotFound(err, "sku_id")
	}
	out := PriceListItem{PriceListID: listID.String(), SKUID: skuID.String(), Breaks: breaksOut(it.Breaks)}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// deletePriceListItem answers DELETE /api/v1/price-lists/{id}/items/{sku_id}.
func (s *server) deletePriceListItem(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	listID, skuID, err := itemPath(r)
	if err != nil {
		return err
	}
	if err := s.pricing.RemovePriceListItem(r.Context(), p.Tenant.ID, listID, skuID, actor); err != nil {
		return refNotFound(err, "sku_id")
	}
	noContent(w)
	return nil
}
