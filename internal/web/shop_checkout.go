package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Checkout (ご注文手続き): the entry form (ship-to, desired date, 発注番号,
// 備考) → the review page (prices resolved now, tax per rate, total; the
// form carries the cart revision and a fresh idempotency key) → placing
// the order → the order-placed page, by POST-redirect-GET. A double click
// or a retried POST sends the same key and gets the same order; a second
// tab's review was for an older cart revision and is refused as stale.

// checkoutForm is what the buyer entered, as typed.
type checkoutForm struct {
	ShipToID, DesiredDate, PONumber, Note string
}

func readCheckoutForm(r *http.Request) checkoutForm {
	return checkoutForm{ShipToID: strings.TrimSpace(r.FormValue("ship_to_id")),
		DesiredDate: strings.TrimSpace(r.FormValue("desired_date")),
		PONumber:    r.FormValue("po_number"), Note: r.FormValue("note")}
}

// query carries the entries back to the form (修正する).
func (f checkoutForm) query() string {
	return url.Values{"ship_to_id": {f.ShipToID}, "desired_date": {f.DesiredDate},
		"po_number": {f.PONumber}, "note": {f.Note}}.Encode()
}

// input turns the entries into a cart checkout; what cannot be read is a
// field error, as the service words its own.
func (f checkoutForm) input(u sales.BuyerUser) (sales.PlaceInput, map[string]string) {
	in := sales.PlaceInput{Tenant: u.Tenant, BuyerID: u.BuyerID, UserID: u.UserID, FromCart: true,
		PONumber: f.PONumber, Note: f.Note}
	errs := map[string]string{}
	if f.ShipToID != "" {
		id, err := oroshi.ParseID(f.ShipToID)
		if err != nil {
			errs["ship_to_id"] = "納品先を選んでください"
		}
		in.ShipToID = id
	}
	if f.DesiredDate != "" {
		d, err := pricing.ParseDate(f.DesiredDate)
		if err != nil {
			errs["desired_date"] = "希望納品日が正しくありません"
		}
		in.DesiredDate = d
	}
	return in, errs
}

// shopCheckoutView is the entry form and the review page.
type shopCheckoutView struct {
	Form         checkoutForm
	ShipTos      []shopShipTo
	ShipTo       shopShipTo // the chosen one (review)
	Earliest     string     // 2026-11-27, the date input's min
	EarliestText string     // 11月27日（金）
	DesiredText  string     // review
	MaxDate      string
	Lines        []shopLine
	Totals       shopTotals
	Revision     int64
	Key          string
	Alert        string
	BackURL      string // the form with the entries (修正する)
	CartURL      string
	ReviewURL    string
	PlaceURL     string
	MaxPO        int
	MaxNote      int
}

// shopShipTo is a ship-to choice with its address.
type shopShipTo struct {
	ID                                         string
	Label, Recipient, PostalCode, Address, Tel string
	Selected                                   bool
}

// shopCheckout: GET /{tenant}/checkout (entries may come back in the query).
func (s *Server) shopCheckout(w http.ResponseWriter, r *http.Request) error {
	return s.renderCheckout(w, r, http.StatusOK, readCheckoutForm(r), nil, "")
}

// renderCheckout shows the entry form; an empty cart, or one with lines
// that cannot be ordered, sends the buyer back to the cart.
func (s *Server) renderCheckout(w http.ResponseWriter, r *http.Request, status int, f checkoutForm, errs map[string]string, alert string) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	cv, err := s.Sales.Cart(r.Context(), u)
	if err != nil {
		return err
	}
	base := reqCtx(r).base()
	if !cv.Orderable && alert == "" {
		if len(cv.Lines) > 0 {
			setFlash(w, "注文できない商品がカートにあります。内容を確認してください。")
		}
		http.Redirect(w, r, base+"/cart", http.StatusSeeOther)
		return nil
	}
	v, err := s.checkoutView(r, u, cv, f)
	if err != nil {
		return err
	}
	v.Alert = alert
	return s.render(w, r, status, "shop/checkout/form", &Page{Title: "ご注文手続き", Data: v, Errors: errs})
}

// checkoutView fills what the form and the review page share.
func (s *Server) checkoutView(r *http.Request, u sales.BuyerUser, cv sales.CartView, f checkoutForm) (shopCheckoutView, error) {
	rc := reqCtx(r)
	base := rc.base()
	sts, err := s.Buyers.ShipTos(r.Context(), u.Tenant, u.BuyerID)
	if err != nil {
		return shopCheckoutView{}, err
	}
	earliest := s.Sales.EarliestDelivery()
	v := shopCheckoutView{Form: f, Earliest: earliest.String(), EarliestText: dateLabel(earliest, rc.lang, false),
		MaxDate: pricing.DateOf(s.salesNow()).AddDays(366).String(),
		Lines:   newCartLines(base, cv.Lines, nil), Totals: newShopTotals(cv.Totals), Revision: cv.Revision,
		CartURL: base + "/cart", ReviewURL: base + "/checkout/review", PlaceURL: base + "/checkout",
		BackURL: base + "/checkout?" + f.query(), MaxPO: sales.MaxPONumberLen, MaxNote: sales.MaxNoteLen}
	for _, st := range sts {
		c := newShopShipTo(st)
		c.Selected = c.ID == f.ShipToID || f.ShipToID == "" && st.IsDefault
		if c.Selected {
			v.ShipTo = c
		}
		v.ShipTos = append(v.ShipTos, c)
	}
	if d, err := pricing.ParseDate(f.DesiredDate); err == nil {
		v.DesiredText = dateLabel(d, rc.lang, true)
	}
	return v, nil
}

// salesNow is the sales service's clock (fixed in tests).
func (s *Server) salesNow() time.Time {
	if s.Sales.Now != nil {
		return s.Sales.Now()
	}
	return time.Now()
}

func newShopShipTo(st buyers.ShipTo) shopShipTo {
	return shopShipTo{ID: st.ID.String(), Label: st.Label, Recipient: st.Recipient, PostalCode: st.PostalCode,
		Address: st.Address, Tel: st.Phone}
}

// shopCheckoutReview: POST /{tenant}/checkout/review checks the entries
// and shows the order as it would be placed now.
func (s *Server) shopCheckoutReview(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	f := readCheckoutForm(r)
	in, errs := f.input(u)
	if len(errs) == 0 {
		tidy, err := s.Sales.CheckCheckout(r.Context(), in)
		if fields, ok := asFieldErrors(err); ok {
			errs = fields
		} else if err != nil {
			return err
		}
		f.PONumber, f.Note = tidy.PONumber, tidy.Note
	}
	if len(errs) > 0 {
		return s.renderCheckout(w, r, http.StatusUnprocessableEntity, f, errs, "")
	}
	cv, err := s.Sales.Cart(r.Context(), u)
	if err != nil {
		return err
	}
	if !cv.Orderable {
		http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
		return nil
	}
	v, err := s.checkoutView(r, u, cv, f)
	if err != nil {
		return err
	}
	// The key names this one review: a retried or doubled POST of it makes
	// one order; reviewing again makes a new key.
	v.Key = newIdemKey()
	return s.render(w, r, http.StatusOK, "shop/checkout/review", &Page{Title: "ご注文内容の確認", Data: v})
}

func newIdemKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return "web-" + base64.RawURLEncoding.EncodeToString(b)
}

// shopCheckoutPlace: POST /{tenant}/checkout places the order reviewed.
func (s *Server) shopCheckoutPlace(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	f := readCheckoutForm(r)
	in, errs := f.input(u)
	if len(errs) > 0 {
		return s.renderCheckout(w, r, http.StatusUnprocessableEntity, f, errs, "")
	}
	in.IdemKey, in.ClientAddr = r.PostFormValue("idempotency_key"), clientAddr(r)
	in.CartRevision, err = strconv.ParseInt(r.PostFormValue("cart_revision"), 10, 64)
	if err != nil {
		return errBadRequest
	}
	placed, err := s.Sales.PlaceOrder(r.Context(), in)
	var problem *sales.Problem
	switch {
	case errors.Is(err, sales.ErrStaleCart):
		return s.renderCart(w, r, http.StatusConflict, cartState{alert: sales.MsgStaleCart})
	case errors.As(err, &problem):
		return s.renderCheckout(w, r, http.StatusConflict, f, nil, problem.Message())
	case err != nil:
		fields, ok := asFieldErrors(err)
		if !ok {
			return err
		}
		return s.renderCheckout(w, r, http.StatusUnprocessableEntity, f, fields, checkoutAlert(fields))
	}
	http.Redirect(w, r, reqCtx(r).base()+"/orders/"+placed.Order.ID.String()+"/placed", http.StatusSeeOther)
	return nil
}

// checkoutAlert is the message for refusals that are not about the form's
// own fields: a line's problem found at placement (stock sold meanwhile).
func checkoutAlert(fields map[string]string) string {
	for k, m := range fields {
		if strings.HasPrefix(k, "lines") {
			return "ご注文を確定できませんでした。カートの内容を確認してください。（" + m + "）"
		}
	}
	return ""
}
