package api

import (
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Price quotes: /api/v1/price-quotes, the seller's price check as an API.

// quoteQuery is what a price quote asks.
type quoteQuery struct {
	buyer, sku oroshi.ID
	qty        int
	date       pricing.Date
}

// parseQuote reads ?buyer_id=&sku_id=[&quantity=1][&date=]; problems are
// 400 naming the parameter.
func (s *server) parseQuote(r *http.Request) (quoteQuery, error) {
	q, err := queryOf(r)
	if err != nil {
		return quoteQuery{}, err
	}
	var qq quoteQuery
	if qq.buyer, err = queryID(q, "buyer_id"); err != nil {
		return quoteQuery{}, err
	}
	if qq.sku, err = queryID(q, "sku_id"); err != nil {
		return quoteQuery{}, err
	}
	switch {
	case qq.buyer == 0:
		return quoteQuery{}, badParam("buyer_id", "buyer_id を指定してください")
	case qq.sku == 0:
		return quoteQuery{}, badParam("sku_id", "sku_id を指定してください")
	}
	if qq.qty, err = queryInt(q, "quantity", 1); err != nil {
		return quoteQuery{}, err
	}
	if qq.date, err = s.quoteDate(q.Get("date")); err != nil {
		return quoteQuery{}, err
	}
	return qq, nil
}

// getPriceQuote answers GET /api/v1/price-quotes: the unit price, the rule
// that set it and every candidate considered. Another tenant's buyer or
// SKU is 404.
func (s *server) getPriceQuote(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	qq, err := s.parseQuote(r)
	if err != nil {
		return err
	}
	res, err := s.pricing.Price(r.Context(), p.Tenant.ID, qq.buyer, qq.sku, qq.qty, qq.date)
	if err != nil {
		return err
	}
	out := PriceQuote{BuyerID: qq.buyer.String(), SKUID: qq.sku.String(), Quantity: qq.qty, Date: qq.date.String(),
		UnitPrice: int64(res.UnitPrice), Rule: string(res.Rule), RuleLabel: res.Rule.Label(),
		SourceID: optID(res.SourceID), BreakMinQty: res.BreakMinQty,
		Explanation: make([]PriceStep, 0, len(res.Explanation))}
	for _, st := range res.Explanation {
		out.Explanation = append(out.Explanation, stepOut(st))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// quoteDate is the day asked, or today in Japan by the pricing service's
// clock, so that the answer can name the day it priced.
func (s *server) quoteDate(raw string) (pricing.Date, error) {
	if raw == "" {
		now := time.Now
		if s.pricing.Now != nil {
			now = s.pricing.Now
		}
		return pricing.DateOf(now()), nil
	}
	d, err := pricing.ParseDate(raw)
	if err != nil || !d.Valid() {
		return pricing.Date{}, badParam("date", "date は YYYY-MM-DD の形式で、実在する日を指定してください")
	}
	return d, nil
}
