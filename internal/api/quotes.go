package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Quotes (見積): /api/v1/quotes. The seller's side: list, read with every
// version, start a quote, change the draft, issue, revise, withdraw.
// Buyers request and accept quotes in the shop.

// listQuotes answers GET /api/v1/quotes?status=&buyer_id=&number=, the
// most recently changed first.
func (s *server) listQuotes(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	pg, err := parsePage(r)
	if err != nil {
		return err
	}
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	f := sales.QuoteFilter{Status: sales.QuoteStatus(q.Get("status")), Number: q.Get("number"), Limit: pg.Limit}
	if f.Status != "" && !f.Status.Valid() {
		return badParam("status", "status は requested, draft, issued, accepted, withdrawn, expired のいずれかを指定してください")
	}
	if f.BuyerID, err = queryID(q, "buyer_id"); err != nil {
		return err
	}
	if pg.After != nil {
		if _, err := sales.DecodeCursor(pg.After[0]); len(pg.After) != 1 || err != nil {
			return badParam("cursor", "cursor が正しくありません（前のレスポンスの next_cursor をそのまま指定してください）")
		}
		f.Cursor = pg.After[0]
	}
	list, err := s.quotes.Quotes(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return err
	}
	today := s.quotes.Today()
	out := List[QuoteSummary]{Data: make([]QuoteSummary, 0, len(list.Quotes))}
	for _, qt := range list.Quotes {
		out.Data = append(out.Data, quoteSummaryOut(qt, today))
	}
	if list.NextCursor != "" {
		c := encodeCursor([]string{list.NextCursor})
		out.NextCursor = &c
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getQuote answers GET /api/v1/quotes/{id}; another tenant's is 404.
func (s *server) getQuote(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	q, err := s.quotes.Quote(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, quoteOut(q, s.quotes.Today()))
	return nil
}

// createQuote answers POST /api/v1/quotes: a new quote (作成中).
func (s *server) createQuote(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	var in QuoteCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	buyerID, err := oroshi.ParseID(in.BuyerID)
	if err != nil {
		return oroshi.Invalid("buyer_id", "buyer_id に取引先IDを指定してください")
	}
	draft := sales.QuoteDraftInput{Notes: in.Notes}
	if draft.Lines, err = quoteLinesIn(in.Lines); err != nil {
		return err
	}
	if draft.ValidUntil, err = quoteDateIn(in.ValidUntil); err != nil {
		return err
	}
	q, err := s.quotes.CreateQuote(r.Context(), p.Tenant.ID, buyerID, draft, actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, quoteOut(q, s.quotes.Today()))
	return nil
}

// patchQuote answers PATCH /api/v1/quotes/{id}: changes the draft of a
// quote 依頼中 or 作成中 (fields not sent keep their value).
func (s *server) patchQuote(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in QuotePatch
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.quotes.Quote(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	draft, err := patchedDraft(q, in)
	if err != nil {
		return quoteErr(err)
	}
	q, err = s.quotes.UpdateDraft(r.Context(), p.Tenant.ID, id, in.RowVersion, draft, actor)
	if err != nil {
		return quoteErr(err)
	}
	writeJSON(w, http.StatusOK, quoteOut(q, s.quotes.Today()))
	return nil
}

// patchedDraft is the quote's draft with the fields of in applied.
func patchedDraft(q sales.Quote, in QuotePatch) (sales.QuoteDraftInput, error) {
	cur, ok := q.Draft()
	if !ok {
		return sales.QuoteDraftInput{}, &sales.QuoteTransitionError{From: q.Status, Action: sales.QuoteEdit}
	}
	out := sales.QuoteDraftInput{ValidUntil: cur.ValidUntil, Notes: cur.Notes}
	for _, l := range cur.Lines {
		price := l.UnitPrice
		out.Lines = append(out.Lines, sales.QuoteLineInput{SKUID: l.SKUID, Quantity: l.Quantity, UnitPrice: &price})
	}
	var err error
	if in.Lines != nil {
		if out.Lines, err = quoteLinesIn(*in.Lines); err != nil {
			return sales.QuoteDraftInput{}, err
		}
	}
	if in.ValidUntil != nil {
		if out.ValidUntil, err = quoteDateIn(in.ValidUntil); err != nil {
			return sales.QuoteDraftInput{}, err
		}
	}
	set(&out.Notes, in.Notes)
	return out, nil
}

func quoteLinesIn(in []QuoteLineInput) ([]sales.QuoteLineInput, error) {
	v := &oroshi.ValidationError{}
	out := make([]sales.QuoteLineInput, len(in))
	for i, l := range in {
		out[i] = sales.QuoteLineInput{Code: l.ProductCode, Quantity: l.Quantity}
		if l.SKUID != "" {
			id, err := oroshi.ParseID(l.SKUID)
			if err != nil {
				v.Add(fmt.Sprintf("lines[%d].sku_id", i), "sku_id が正しくありません")
			}
			out[i].SKUID = id
		}
		if l.UnitPrice != nil {
			y := oroshi.Yen(*l.UnitPrice)
			out[i].UnitPrice = &y
		}
	}
	return out, v.Err()
}

func quoteDateIn(raw *string) (pricing.Date, error) {
	if raw == nil || *raw == "" {
		return pricing.Date{}, nil
	}
	d, err := pricing.ParseDate(*raw)
	if err != nil {
		return pricing.Date{}, oroshi.Invalid("valid_until", "valid_until は YYYY-MM-DD の形式で、実在する日を指定してください")
	}
	return d, nil
}

// quoteAction answers POST /api/v1/quotes/{id}/issue, /revise, /withdraw.
func (s *server) quoteAction(act func(r *http.Request, t oroshi.TenantID, id oroshi.ID, in QuoteAction, a audit.Actor) (sales.Quote, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, actor, err := callerOf(r)
		if err != nil {
			return err
		}
		id, err := idParam(r, "id")
		if err != nil {
			return err
		}
		var in QuoteAction
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		q, err := act(r, p.Tenant.ID, id, in, actor)
		if err != nil {
			return quoteErr(err)
		}
		writeJSON(w, http.StatusOK, quoteOut(q, s.quotes.Today()))
		return nil
	}
}

func (s *server) issueQuote(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAction(func(r *http.Request, t oroshi.TenantID, id oroshi.ID, in QuoteAction, a audit.Actor) (sales.Quote, error) {
		return s.quotes.Issue(r.Context(), t, id, in.RowVersion, a)
	})(w, r)
}

func (s *server) reviseQuote(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAction(func(r *http.Request, t oroshi.TenantID, id oroshi.ID, in QuoteAction, a audit.Actor) (sales.Quote, error) {
		return s.quotes.Revise(r.Context(), t, id, in.RowVersion, a)
	})(w, r)
}

func (s *server) withdrawQuote(w http.ResponseWriter, r *http.Request) error {
	return s.quoteAction(func(r *http.Request, t oroshi.TenantID, id oroshi.ID, in QuoteAction, a audit.Actor) (sales.Quote, error) {
		return s.quotes.Withdraw(r.Context(), t, id, in.RowVersion, in.Reason, a)
	})(w, r)
}

// quoteErr gives a refusal of the quote's life (a status that does not
// allow the action, a quote changed meanwhile) its Japanese message in the
// 409 answer; other errors pass as they are.
func quoteErr(err error) error {
	var te *sales.QuoteTransitionError
	var pr *sales.Problem
	switch {
	case errors.As(err, &te):
		return &apiError{status: http.StatusConflict, message: te.Message()}
	case errors.As(err, &pr) && errors.Is(err, oroshi.ErrConflict):
		return &apiError{status: http.StatusConflict, message: pr.Message()}
	}
	return err
}
