package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// 個別単価: the prices agreed with one buyer, picked by 取引先コード
// (?buyer=B001, which the buyer's page can link to).

type buyerPricesView struct {
	Tabs      []pricingTab
	Code      string // the buyer code asked for
	Found     bool
	Buyer     buyers.Buyer
	GroupName string
	Self      string // this page for this buyer
	CheckURL  string // the price check for this buyer
	Rows      []buyerPriceRow
	First     string
	Next      string
	Form      buyerPriceForm
	Stale     bool
}

// buyerPriceRow is one buyer price as the list shows it.
type buyerPriceRow struct {
	pricing.BuyerPriceWithRefs
	Name       string // product name and variant
	PeriodText string
	BreaksText string
	State      string
	StateLabel string
	EditURL    string
}

// buyerPriceForm creates a buyer price or edits one (its SKU then fixed).
type buyerPriceForm struct {
	Action   string
	Editing  bool
	ID       oroshi.ID // the price edited
	SKU      string    // 品番
	Name     string    // the SKU's name when editing
	Version  string
	From, To string
	Rows     []priceBreakRow
}

// buyerPricesState is what a handler knows when it shows the page.
type buyerPricesState struct {
	Code   string
	Buyer  *buyers.Buyer
	Form   *buyerPriceForm // a failed form, shown again
	Stale  bool
	Errors map[string]string
}

// buyerPrices: GET /prices/buyers?buyer=CODE[&after=品番&after_id=ID][&edit=ID]
func (s *Server) buyerPrices(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("buyer")
	if strings.TrimSpace(code) == "" {
		return s.renderBuyerPrices(w, r, http.StatusOK, buyerPricesState{})
	}
	b, msg, err := s.pricingBuyer(r, code)
	if err != nil {
		return err
	}
	if msg != "" {
		st := buyerPricesState{Code: code, Errors: map[string]string{"buyer": msg}}
		return s.renderBuyerPrices(w, r, http.StatusUnprocessableEntity, st)
	}
	return s.renderBuyerPrices(w, r, http.StatusOK, buyerPricesState{Buyer: &b})
}

func (s *Server) renderBuyerPrices(w http.ResponseWriter, r *http.Request, status int, st buyerPricesState) error {
	base := reqCtx(r).base()
	v := buyerPricesView{Tabs: pricingTabs(base, "個別単価"), Code: st.Code, Stale: st.Stale}
	p := &Page{Title: "個別単価", Data: &v, Errors: st.Errors}
	if st.Buyer == nil {
		return s.render(w, r, status, "admin/prices/buyers", p)
	}
	b := *st.Buyer
	v.Found, v.Buyer, v.Code = true, b, b.Code
	v.Self = base + "/prices/buyers?" + url.Values{"buyer": {b.Code}}.Encode()
	v.CheckURL = base + "/prices/check?" + url.Values{"buyer": {b.Code}}.Encode()
	var err error
	if v.GroupName, err = s.pricingGroupName(r, b); err != nil {
		return err
	}
	v.Form = buyerPriceForm{Action: base + "/prices/buyers", Rows: priceBreakRows(nil)}
	if err := s.buyerPricesPage(r, b, &v); err != nil {
		return err
	}
	if st.Form != nil {
		v.Form = *st.Form
	}
	v.Form.Rows = priceRowErrors(v.Form.Rows, st.Errors)
	return s.render(w, r, status, "admin/prices/buyers", p)
}

// buyerPricesPage loads one page of the buyer's prices, and fills the form
// from ?edit= when that price is the buyer's.
func (s *Server) buyerPricesPage(r *http.Request, b buyers.Buyer, v *buyerPricesView) error {
	q, base := r.URL.Query(), reqCtx(r).base()
	self := base + "/prices/buyers?" + url.Values{"buyer": {b.Code}}.Encode()
	pg := pricing.Page{Limit: priceItemsPerPage + 1}
	if r.Method == http.MethodGet && q.Get("after") != "" {
		pg.After, v.First = []string{q.Get("after"), q.Get("after_id")}, self
	}
	rows, err := s.Pricing.BuyerPrices(r.Context(), b.Tenant, b.ID, pg)
	if errors.As(err, new(*oroshi.ValidationError)) {
		return fmt.Errorf("buyer %s prices after %q: %w", b.Code, pg.After, oroshi.ErrNotFound)
	}
	if err != nil {
		return err
	}
	if len(rows) > priceItemsPerPage {
		rows = rows[:priceItemsPerPage]
		last := rows[len(rows)-1]
		v.Next = self + "&" + url.Values{"after": {last.SKU.Code}, "after_id": {last.ID.String()}}.Encode()
	}
	today := s.pricingToday()
	for _, bp := range rows {
		state := pricePeriodState(bp.Valid, today)
		v.Rows = append(v.Rows, buyerPriceRow{BuyerPriceWithRefs: bp, Name: skuName(bp.SKU),
			PeriodText: pricePeriodText(bp.Valid), BreaksText: priceBreaksText(bp.Breaks),
			State: state, StateLabel: pricePeriodLabel(state),
			EditURL: self + "&edit=" + bp.ID.String() + "#price-form"})
		if r.Method == http.MethodGet && bp.ID.String() == q.Get("edit") {
			v.Form = buyerPriceEditForm(base, bp)
		}
	}
	return nil
}

// buyerPriceEditForm is the edit form filled from a stored buyer price.
func buyerPriceEditForm(base string, bp pricing.BuyerPriceWithRefs) buyerPriceForm {
	return buyerPriceForm{Action: base + "/prices/buyers/" + bp.ID.String(), Editing: true, ID: bp.ID,
		SKU: bp.SKU.Code, Name: skuName(bp.SKU), Version: priceVersion(bp.BuyerPrice),
		From: bp.Valid.From.String(), To: bp.Valid.To.String(), Rows: priceBreakRows(bp.Breaks)}
}

// postedBuyerPrice reads the period and breaks of the buyer price form.
func postedBuyerPrice(r *http.Request, f buyerPriceForm) (buyerPriceForm, pricing.Period, priceBreaksPosted) {
	pb := parsePriceBreaks(r)
	period, dates := pricePeriod(r)
	f.From, f.To, f.Rows = dates["valid_from"], dates["valid_to"], pb.Rows
	return f, period, pb
}

// buyerPriceCreate: POST /prices/buyers (buyer=CODE, sku=品番, period, breaks)
func (s *Server) buyerPriceCreate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	b, msg, err := s.pricingBuyer(r, r.PostFormValue("buyer"))
	if err != nil {
		return err
	}
	if msg != "" {
		st := buyerPricesState{Code: r.PostFormValue("buyer"), Errors: map[string]string{"buyer": msg}}
		return s.renderBuyerPrices(w, r, http.StatusUnprocessableEntity, st)
	}
	form, period, pb := postedBuyerPrice(r, buyerPriceForm{Action: rc.base() + "/prices/buyers", SKU: r.PostFormValue("sku")})
	sku, skuMsg, err := s.pricingSKU(r, form.SKU)
	if err != nil {
		return err
	}
	bp := pricing.BuyerPrice{BuyerID: b.ID, SKUID: sku.ID, Valid: period, Breaks: pb.Breaks}
	if skuMsg != "" {
		err = pricing.ValidateBuyerPrice(bp) // every other problem too, at once
	} else {
		_, err = s.Pricing.CreateBuyerPrice(r.Context(), rc.tenant.ID, bp, buyerActor(r))
	}
	if errs, ok := asFieldErrors(err); ok {
		errs = pb.fieldErrors(priceRenamed(errs, map[string]string{"sku_id": "sku", "buyer_id": "buyer"}))
		if skuMsg != "" {
			errs["sku"] = skuMsg
		}
		st := buyerPricesState{Buyer: &b, Form: &form, Errors: errs}
		return s.renderBuyerPrices(w, r, http.StatusUnprocessableEntity, st)
	}
	if err != nil {
		return err
	}
	setFlash(w, "個別単価を登録しました。")
	http.Redirect(w, r, rc.base()+"/prices/buyers?"+url.Values{"buyer": {b.Code}}.Encode(), http.StatusSeeOther)
	return nil
}

// buyerPriceUpdate: POST /prices/buyers/{id} replaces the period and
// breaks; buyer and SKU stay. A price changed since the form was filled
// is not saved: the latest one is shown instead.
func (s *Server) buyerPriceUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	cur, b, err := s.buyerPriceOf(r)
	if err != nil {
		return err
	}
	latest := buyerPriceEditForm(rc.base(), cur)
	stale := buyerPricesState{Buyer: &b, Form: &latest, Stale: true}
	if r.PostFormValue("version") != latest.Version {
		return s.renderBuyerPrices(w, r, http.StatusConflict, stale)
	}
	form, period, pb := postedBuyerPrice(r, latest)
	_, err = s.Pricing.UpdateBuyerPrice(r.Context(), rc.tenant.ID, pricing.BuyerPrice{ID: cur.ID, Valid: period, Breaks: pb.Breaks}, buyerActor(r))
	errs, invalid := asFieldErrors(err)
	switch {
	case errors.Is(err, oroshi.ErrConflict):
		return s.renderBuyerPrices(w, r, http.StatusConflict, stale)
	case invalid:
		st := buyerPricesState{Buyer: &b, Form: &form, Errors: pb.fieldErrors(errs)}
		return s.renderBuyerPrices(w, r, http.StatusUnprocessableEntity, st)
	case err != nil:
		return err
	}
	setFlash(w, "個別単価を更新しました。")
	http.Redirect(w, r, rc.base()+"/prices/buyers?"+url.Values{"buyer": {b.Code}}.Encode(), http.StatusSeeOther)
	return nil
}

// buyerPriceDelete: POST /prices/buyers/{id}/delete
func (s *Server) buyerPriceDelete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	cur, b, err := s.buyerPriceOf(r)
	if err != nil {
		return err
	}
	if err := s.Pricing.DeleteBuyerPrice(r.Context(), rc.tenant.ID, cur.ID, buyerActor(r)); err != nil {
		return err
	}
	setFlash(w, "個別単価を削除しました。")
	http.Redirect(w, r, rc.base()+"/prices/buyers?"+url.Values{"buyer": {b.Code}}.Encode(), http.StatusSeeOther)
	return nil
}

// buyerPriceOf loads the buyer price of the path with its buyer company.
func (s *Server) buyerPriceOf(r *http.Request) (pricing.BuyerPriceWithRefs, buyers.Buyer, error) {
	t := reqCtx(r).tenant.ID
	id, err := pathID(r, "id")
	if err != nil {
		return pricing.BuyerPriceWithRefs{}, buyers.Buyer{}, err
	}
	cur, err := s.Pricing.BuyerPrice(r.Context(), t, id)
	if err != nil {
		return pricing.BuyerPriceWithRefs{}, buyers.Buyer{}, err
	}
	b, err := s.Buyers.Buyer(r.Context(), t, cur.BuyerID)
	return cur, b, err
}
