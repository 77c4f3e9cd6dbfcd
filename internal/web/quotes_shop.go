package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The buyer's quotes in the shop: the request from the cart, the list,
// and the quote page, where the latest issued version is accepted with a
// ship-to, a desired date and a 発注番号 as at checkout.

// shopQuoteRequest: POST /{tenant}/quotes/request (the cart's form). The
// cart is kept.
func (s *Server) shopQuoteRequest(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	base := reqCtx(r).base()
	q, err := s.Quotes.RequestQuote(r.Context(), u, r.PostFormValue("note"), clientAddr(r))
	if fields, ok := asFieldErrors(err); ok {
		if fields["note"] != "" {
			setFlash(w, "ご要望は1000文字以内で入力してください。")
		} else {
			setFlash(w, "見積を依頼できませんでした。カートの内容を確認してください。")
		}
		http.Redirect(w, r, base+"/cart", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	setFlash(w, "見積を依頼しました。発行されるとこのページでご確認いただけます。")
	http.Redirect(w, r, quoteURL(base, q.ID), http.StatusSeeOther)
	return nil
}

type shopQuotesView struct {
	Rows []quoteRow
	Next string
}

// shopQuotes: GET /{tenant}/quotes?cursor=
func (s *Server) shopQuotes(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	list, err := s.Quotes.BuyerQuotes(r.Context(), u.Tenant, u.BuyerID, sales.QuoteFilter{Cursor: r.URL.Query().Get("cursor")})
	if _, ok := asFieldErrors(err); ok {
		return errBadRequest
	}
	if err != nil {
		return err
	}
	v := shopQuotesView{Rows: newQuoteRows(rc.base(), list.Quotes, s.Quotes.Today(), rc.lang)}
	if list.NextCursor != "" {
		v.Next = rc.base() + "/quotes?cursor=" + list.NextCursor
	}
	return s.render(w, r, http.StatusOK, "shop/quotes/index", &Page{Title: "見積", Data: v})
}

type shopQuoteView struct {
	Number, RequestNote, WithdrawReason string
	Status                              quoteStatusView
	Requested                           bool // still 依頼中: the lines are the buyer's own request
	Versions                            []quoteVersionView
	Shown                               *quoteVersionView
	Latest                              bool   // the shown version is the latest issued one
	Acceptable                          bool   // it may be accepted now
	Reason                              string // why not, for an issued version that cannot be
	CanOrder                            bool   // the user may order (not a viewer)
	OrderURL                            string
	Accept                              *shopCheckoutView
	Version                             int
	AcceptURL                           string
	LatestURL                           string // the latest issued version, when another is shown
	Alert                               string
	LineErrors                          []string  // problems of the quoted lines now (stock, visibility)
	Documents                           []docLink // 見積書 issued to the company (documents_pages.go)
}

// shopQuote: GET /{tenant}/quotes/{id}?v=
func (s *Server) shopQuote(w http.ResponseWriter, r *http.Request) error {
	return s.renderShopQuote(w, r, http.StatusOK, checkoutForm{}, nil, "")
}

func (s *Server) renderShopQuote(w http.ResponseWriter, r *http.Request, status int, f checkoutForm, errs map[string]string, alert string) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := s.Quotes.BuyerQuote(r.Context(), u.Tenant, u.BuyerID, id)
	if err != nil {
		return err
	}
	v, err := s.shopQuoteView(r, u, q, f)
	if err != nil {
		return err
	}
	v.Alert = alert
	for k, msg := range errs {
		if strings.HasPrefix(k, "lines") {
			v.LineErrors = append(v.LineErrors, msg)
		}
	}
	slices.Sort(v.LineErrors)
	return s.render(w, r, status, "shop/quotes/show", &Page{Title: "見積の詳細", Data: v, Errors: errs})
}

func (s *Server) shopQuoteView(r *http.Request, u sales.BuyerUser, q sales.Quote, f checkoutForm) (shopQuoteView, error) {
	rc := reqCtx(r)
	base := rc.base()
	today := s.Quotes.Today()
	v := shopQuoteView{Number: q.Number, RequestNote: q.RequestNote, WithdrawReason: q.WithdrawReason,
		Status: newQuoteStatus(q.StatusOn(today)), Requested: q.Status == sales.QuoteRequested,
		CanOrder:  identity.Can(rc.user.Realm, rc.user.Role, identity.PermShopOrder),
		AcceptURL: quoteURL(base, q.ID) + "/accept"}
	if q.OrderID != 0 {
		v.OrderURL = base + "/orders/" + q.OrderID.String()
	}
	def := q.IssuedVersion
	if def == 0 {
		def = q.LatestVersion
	}
	want, err := chosenVersion(r, def)
	if err != nil {
		return shopQuoteView{}, err
	}
	v.Versions, v.Shown = versionViews(q, want, base, rc.lang)
	if v.Shown == nil && len(q.Versions) > 0 {
		return shopQuoteView{}, oroshi.ErrNotFound
	}
	v.Version = want
	if q.IssuedVersion != 0 && want != q.IssuedVersion {
		v.LatestURL = versionURL(base, q.ID, q.IssuedVersion)
	}
	v.Latest = v.Shown != nil && v.Shown.Issued && want == q.IssuedVersion
	v.Acceptable = v.Latest && q.Status == sales.QuoteIssued && q.StatusOn(today) == sales.QuoteIssued
	if v.Shown != nil && v.Shown.Issued && !v.Acceptable && q.Status != sales.QuoteAccepted {
		v.Reason = shopQuoteReason(q, want, today)
	}
	if v.Documents, err = s.sourceDocs(r.Context(), base, u.Tenant, documents.SourceQuote, q.ID, u.BuyerID); err != nil {
		return shopQuoteView{}, err
	}
	if v.Acceptable && v.CanOrder {
		a, err := s.quoteAcceptForm(r, u, f)
		if err != nil {
			return shopQuoteView{}, err
		}
		v.Accept = &a
	}
	return v, nil
}

// shopQuoteReason says why an issued version cannot be accepted.
func shopQuoteReason(q sales.Quote, n int, today pricing.Date) string {
	if q.Superseded(n) {
		return "" // the page says so beside the version, with a link to the latest
	}
	if _, err := sales.NextQuote(q.StatusOn(today), sales.QuoteAccept); err != nil {
		if msg, ok := quoteRefusal(err); ok {
			return msg
		}
	}
	return ""
}

// quoteAcceptForm is the ship-to, date, 発注番号 and 備考 part, as at
// checkout, with a fresh idempotency key for this one page.
func (s *Server) quoteAcceptForm(r *http.Request, u sales.BuyerUser, f checkoutForm) (shopCheckoutView, error) {
	rc := reqCtx(r)
	sts, err := s.Buyers.ShipTos(r.Context(), u.Tenant, u.BuyerID)
	if err != nil {
		return shopCheckoutView{}, err
	}
	earliest := s.Sales.EarliestDelivery()
	v := shopCheckoutView{Form: f, Earliest: earliest.String(), EarliestText: dateLabel(earliest, rc.lang, false),
		MaxDate: s.Quotes.Today().AddDays(366).String(), MaxPO: sales.MaxPONumberLen, MaxNote: sales.MaxNoteLen,
		Key: r.PostFormValue("idempotency_key")}
	if v.Key == "" {
		v.Key = newIdemKey()
	}
	for _, st := range sts {
		c := newShopShipTo(st)
		c.Selected = c.ID == f.ShipToID || f.ShipToID == "" && st.IsDefault
		v.ShipTos = append(v.ShipTos, c)
	}
	return v, nil
}

// shopQuoteAccept: POST /{tenant}/quotes/{id}/accept places the order at
// the quoted prices; a retried POST (same key) answers the same order.
func (s *Server) shopQuoteAccept(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := readCheckoutForm(r)
	pin, errs := f.input(u)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if len(errs) > 0 {
		return s.renderShopQuote(w, r, http.StatusUnprocessableEntity, f, errs, "")
	}
	in := sales.QuoteAcceptInput{Tenant: u.Tenant, BuyerID: u.BuyerID, UserID: u.UserID, QuoteID: id, Version: version,
		ShipToID: pin.ShipToID, DesiredDate: pin.DesiredDate, PONumber: pin.PONumber, Note: pin.Note,
		IdemKey: r.PostFormValue("idempotency_key"), ClientAddr: clientAddr(r)}
	p, err := s.Quotes.Accept(r.Context(), in)
	if fields, ok := asFieldErrors(err); ok {
		alert := fields["version"]
		if alert == "" {
			alert = "入力内容に誤りがあります。"
		}
		return s.renderShopQuote(w, r, http.StatusUnprocessableEntity, f, fields, alert)
	}
	if msg, ok := quoteRefusal(err); ok && err != nil {
		return s.renderShopQuote(w, r, statusOf(err), f, nil, msg)
	}
	if err != nil {
		return err
	}
	// The quote was asked for from the cart, which is kept: say so, or the
	// buyer may order the same goods again from it.
	if n, err := s.Sales.CartSize(r.Context(), u); err == nil && n > 0 {
		setFlash(w, msgCartKeptAfterQuote)
	}
	http.Redirect(w, r, reqCtx(r).base()+"/orders/"+p.Order.ID.String()+"/placed", http.StatusSeeOther)
	return nil
}

const msgCartKeptAfterQuote = "見積の内容でご注文を承りました。カートには見積を依頼したときの商品が残っています。不要であればカートを空にしてください。"
