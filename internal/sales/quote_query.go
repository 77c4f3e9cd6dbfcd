package sales

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// QuoteFilter selects quotes for a list (most recently changed first).
type QuoteFilter struct {
	Status  QuoteStatus // "" for all; QuoteExpired and QuoteIssued by today's date
	BuyerID oroshi.ID   // seller lists only; buyer lists are always their own
	Number  string      // 見積番号, substring
	Limit   int         // 0: DefaultPageSize
	Cursor  string      // NextCursor of the previous page
}

// QuoteList is one page of quotes (without versions).
type QuoteList struct {
	Quotes     []Quote
	NextCursor string
}

// Today is the current JST date by the service's clock (what expiry is
// judged on).
func (s *QuoteService) Today() pricing.Date { return s.Sales.today() }

// Quote returns one quote with every version: the seller's view.
func (s *QuoteService) Quote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Quote, error) {
	q, err := s.Store.Quote(ctx, t, id)
	if err != nil {
		return Quote{}, fmt.Errorf("quote %s: %w", id, err)
	}
	return q, nil
}

// BuyerQuote returns one of the buyer company's quotes as the buyer may
// see it: the issued versions, and the request itself while it is 依頼中;
// a draft staff are still editing is left out. Another company's quote
// answers as missing (oroshi.ErrNotFound).
func (s *QuoteService) BuyerQuote(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (Quote, error) {
	q, err := s.Quote(ctx, t, id)
	if err != nil {
		return Quote{}, err
	}
	if q.BuyerID != buyerID || buyerID == 0 {
		return Quote{}, fmt.Errorf("quote %s of buyer %s: %w", id, buyerID, oroshi.ErrNotFound)
	}
	if q.Status == QuoteRequested {
		return q, nil
	}
	var shown []QuoteVersion
	for _, v := range q.Versions {
		if v.Issued {
			shown = append(shown, v)
		}
	}
	q.Versions = shown
	return q, nil
}

// Quotes lists quotes for seller staff.
func (s *QuoteService) Quotes(ctx context.Context, t oroshi.TenantID, f QuoteFilter) (QuoteList, error) {
	return s.list(ctx, t, f)
}

// BuyerQuotes lists one buyer company's quotes.
func (s *QuoteService) BuyerQuotes(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, f QuoteFilter) (QuoteList, error) {
	if buyerID == 0 {
		return QuoteList{}, fmt.Errorf("buyer quotes: no buyer: %w", oroshi.ErrForbidden)
	}
	f.BuyerID = buyerID
	return s.list(ctx, t, f)
}

func (s *QuoteService) list(ctx context.Context, t oroshi.TenantID, f QuoteFilter) (QuoteList, error) {
	q, err := s.quoteQueryOf(f)
	if err != nil {
		return QuoteList{}, err
	}
	quotes, err := s.Store.Quotes(ctx, t, q)
	if err != nil {
		return QuoteList{}, fmt.Errorf("quotes: %w", err)
	}
	var out QuoteList
	if len(quotes) > q.Limit-1 {
		quotes = quotes[:q.Limit-1]
		last := quotes[len(quotes)-1]
		out.NextCursor = EncodeCursor(Key{PlacedAt: last.UpdatedAt, ID: last.ID})
	}
	out.Quotes = quotes
	return out, nil
}

// quoteQueryOf checks a filter and asks one row more than the page.
func (s *QuoteService) quoteQueryOf(f QuoteFilter) (QuoteQuery, error) {
	v := &oroshi.ValidationError{}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "状態の指定が正しくありません")
	}
	q := QuoteQuery{Status: f.Status, Today: s.Sales.today(), BuyerID: f.BuyerID, Number: strings.TrimSpace(f.Number)}
	if utf8.RuneCountInString(q.Number) > 100 {
		v.Add("number", "検索語は100文字以内で入力してください")
	}
	if f.Cursor != "" {
		k, err := DecodeCursor(f.Cursor)
		if err != nil {
			v.Add("cursor", "ページの指定が正しくありません。一覧を開き直してください")
		}
		q.After = &QuoteKey{UpdatedAt: k.PlacedAt, ID: k.ID}
	}
	switch {
	case f.Limit <= 0:
		q.Limit = DefaultPageSize
	case f.Limit > MaxPageSize:
		q.Limit = MaxPageSize
	default:
		q.Limit = f.Limit
	}
	q.Limit++
	return q, v.Err()
}
