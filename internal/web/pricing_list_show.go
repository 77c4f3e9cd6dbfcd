package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// The page of one price list: its settings, and for a fixed list the
// prices of its SKUs with quantity breaks.

// priceItemsPerPage is the number of SKUs a list page shows.
const priceItemsPerPage = 50

type priceListShowView struct {
	List     priceListRow
	Group    buyers.PriceGroup
	Form     priceListForm
	Version  string // of the list the edit form was filled from
	EditOpen bool   // the edit form failed: show it open
	Stale    bool
	Items    []priceItemRow
	First    string // URL of the first page, when not on it
	Next     string // URL of the next page, when there is one
	Item     priceItemForm
}

// priceItemRow is one SKU's prices in a fixed list.
type priceItemRow struct {
	pricing.ItemWithSKU
	BreaksText string
	EditURL    string
}

// priceItemForm is the form that sets one SKU's prices in a list.
type priceItemForm struct {
	Code    string // 品番 as typed
	Name    string // the SKU's name, when the form edits a known item
	Editing bool
	Rows    []priceBreakRow
}

// priceListShowState is what a failed form adds to the page.
type priceListShowState struct {
	Form   map[string]string // the list form as sent
	Stale  bool
	Item   *priceItemForm
	Errors map[string]string
}

// priceListShow: GET /prices/lists/{id}?after=品番&edit=品番
func (s *Server) priceListShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderPriceListShow(w, r, http.StatusOK, priceListShowState{})
}

func (s *Server) renderPriceListShow(w http.ResponseWriter, r *http.Request, status int, st priceListShowState) error {
	rc := reqCtx(r)
	ctx, t := r.Context(), rc.tenant.ID
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.Pricing.PriceList(ctx, t, id)
	if err != nil {
		return err
	}
	groups, err := s.Buyers.PriceGroups(ctx, t)
	if err != nil {
		return err
	}
	v := priceListShowView{List: priceListRow{PriceList: l, State: pricePeriodState(l.Valid, s.pricingToday())},
		Version: priceVersion(l), EditOpen: st.Form != nil || st.Stale, Stale: st.Stale}
	for _, g := range groups {
		if g.ID == l.GroupID {
			v.Group = g
		}
	}
	form := st.Form
	if form == nil {
		form = priceListValues(l)
	}
	v.Form = priceListFormOf(form, groups)
	if l.Kind == pricing.KindFixed {
		if err := s.priceItemsPage(r, l, &v); err != nil {
			return err
		}
	}
	if st.Item != nil {
		v.Item = *st.Item
	}
	v.Item.Rows = priceRowErrors(v.Item.Rows, st.Errors)
	return s.render(w, r, status, "admin/prices/show", &Page{Title: "価格表", Data: v, Errors: st.Errors})
}

// priceItemsPage loads one page of a fixed list's items, and fills the item
// form from ?edit= when that SKU is on the page.
func (s *Server) priceItemsPage(r *http.Request, l pricing.PriceList, v *priceListShowView) error {
	q := r.URL.Query()
	self := reqCtx(r).base() + "/prices/lists/" + l.ID.String()
	p := pricing.Page{Limit: priceItemsPerPage + 1}
	if after := q.Get("after"); after != "" {
		p.After, v.First = []string{after}, self
	}
	items, err := s.Pricing.PriceListItems(r.Context(), l.Tenant, l.ID, p)
	if errors.As(err, new(*oroshi.ValidationError)) {
		return fmt.Errorf("price list %s page after %q: %w", l.ID, p.After, oroshi.ErrNotFound) // a forged cursor
	}
	if err != nil {
		return err
	}
	if len(items) > priceItemsPerPage {
		items = items[:priceItemsPerPage]
		v.Next = self + "?after=" + url.QueryEscape(items[len(items)-1].SKU.Code)
	}
	v.Item = priceItemForm{Rows: priceBreakRows(nil)}
	for _, it := range items {
		edit := url.Values{"edit": {it.SKU.Code}}
		if p.After != nil {
			edit.Set("after", p.After[0])
		}
		v.Items = append(v.Items, priceItemRow{ItemWithSKU: it, BreaksText: priceBreaksText(it.Breaks),
			EditURL: self + "?" + edit.Encode() + "#item-form"})
		if it.SKU.Code == q.Get("edit") {
			v.Item = priceItemForm{Code: it.SKU.Code, Name: skuName(it.SKU), Editing: true, Rows: priceBreakRows(it.Breaks)}
		}
	}
	return nil
}

// skuName is a SKU's product name with its variant: 煎茶 100g.
func skuName(k pricing.SKUInfo) string {
	if k.Variant == "" {
		return k.ProductName
	}
	return k.ProductName + " " + k.Variant
}

// priceListUpdate: POST /prices/lists/{id}. The form carries the version
// of the list it was filled from; a list changed since is not saved.
func (s *Server) priceListUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	current, err := s.Pricing.PriceList(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	l, form, own := parsePriceList(r)
	l.ID = id
	if r.PostFormValue("version") != priceVersion(current) {
		return s.renderPriceListShow(w, r, http.StatusConflict, priceListShowState{Stale: true})
	}
	_, err = s.Pricing.UpdatePriceList(r.Context(), rc.tenant.ID, l, buyerActor(r))
	errs, invalid := asFieldErrors(err)
	switch {
	case errors.Is(err, oroshi.ErrConflict):
		return s.renderPriceListShow(w, r, http.StatusConflict, priceListShowState{Stale: true})
	case invalid:
		st := priceListShowState{Form: form, Errors: priceListErrors(errs, own)}
		return s.renderPriceListShow(w, r, http.StatusUnprocessableEntity, st)
	case err != nil:
		return err
	}
	setFlash(w, "価格表を更新しました。")
	http.Redirect(w, r, rc.base()+"/prices/lists/"+id.String(), http.StatusSeeOther)
	return nil
}

// priceListDelete: POST /prices/lists/{id}/delete, with its items.
func (s *Server) priceListDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Pricing.DeletePriceList(r.Context(), rc.tenant.ID, id, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "価格表を削除しました。")
	http.Redirect(w, r, rc.base()+"/prices", http.StatusSeeOther)
	return nil
}

// priceItemSet: POST /prices/lists/{id}/items sets the prices of the SKU
// named by 品番, adding it to the list or replacing its breaks.
func (s *Server) priceItemSet(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pb := parsePriceBreaks(r)
	item := &priceItemForm{Code: r.PostFormValue("sku"), Rows: pb.Rows}
	sku, msg, err := s.pricingSKU(r, item.Code)
	if err != nil {
		return err
	}
	if msg != "" { // still check the prices, to show every problem at once
		breakErrs, _ := asFieldErrors(pricing.ValidateBreaks(pb.Breaks))
		errs := pb.fieldErrors(breakErrs)
		errs["sku"] = msg
		return s.renderPriceListShow(w, r, http.StatusUnprocessableEntity, priceListShowState{Item: item, Errors: errs})
	}
	it := pricing.PriceListItem{ListID: id, SKUID: sku.ID, Breaks: pb.Breaks}
	err = s.Pricing.SetPriceListItem(r.Context(), rc.tenant.ID, it, buyerActor(r))
	if errs, ok := asFieldErrors(err); ok {
		errs = pb.fieldErrors(priceRenamed(errs, map[string]string{"sku_id": "sku"}))
		return s.renderPriceListShow(w, r, http.StatusUnprocessableEntity, priceListShowState{Item: item, Errors: errs})
	}
	if errors.Is(err, oroshi.ErrConflict) {
		errs := map[string]string{"item": "他の担当者が同時に更新しました。内容を確認して、もう一度保存してください。"}
		return s.renderPriceListShow(w, r, http.StatusConflict, priceListShowState{Item: item, Errors: errs})
	}
	if err != nil {
		return err
	}
	setFlash(w, "単価を設定しました。")
	http.Redirect(w, r, rc.base()+"/prices/lists/"+id.String()+"#items", http.StatusSeeOther)
	return nil
}

// priceItemRemove: POST /prices/lists/{id}/items/{sku}/delete
func (s *Server) priceItemRemove(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	skuID, err := pathID(r, "sku")
	if err != nil {
		return err
	}
	if err := s.Pricing.RemovePriceListItem(r.Context(), rc.tenant.ID, id, skuID, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "単価を削除しました。")
	http.Redirect(w, r, rc.base()+"/prices/lists/"+id.String()+"#items", http.StatusSeeOther)
	return nil
}
