package salesnotify

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// publishQuote sends quote event e (quote.issued, quote.accepted) to the
// endpoints subscribed to typ.
func (p *Publisher) publishQuote(ctx context.Context, e sales.Event, typ string) error {
	h, err := loadQuote(ctx, p.Store, e)
	if err != nil {
		return fmt.Errorf("webhook of sales event %s: %w", e.ID, err)
	}
	buyer, err := p.Store.Buyer(ctx, e.Tenant, h.Quote.BuyerID)
	if err != nil {
		return fmt.Errorf("webhook of sales event %s: buyer: %w", e.ID, err)
	}
	_, err = p.Webhooks.Publish(ctx, e.Tenant, webhooks.Event{ID: e.ID.String(), Type: typ,
		OccurredAt: e.OccurredAt, Data: quotePayload(h, buyer.Code)})
	if err != nil {
		return fmt.Errorf("webhook of sales event %s: %w", e.ID, err)
	}
	return nil
}

// quotePayload is the event's version of the quote as webhook receivers
// get it. Version, lines and totals are the event's (issued versions never
// change); Status and IssuedVersion are the quote's as the job runs, as
// order payloads are, so a late retry tells a receiver that a later
// version superseded this one.
func quotePayload(h quoteHappening, buyerCode string) QuoteData {
	q, v := h.Quote, h.Version
	d := QuoteData{ID: q.ID.String(), Number: q.Number, Version: v.Version, Status: string(q.Status),
		IssuedVersion: q.IssuedVersion, Buyer: BuyerData{ID: q.BuyerID.String(), Code: buyerCode, Name: q.BuyerName},
		ValidUntil: v.ValidUntil.String(), Notes: v.Notes, RequestNote: q.RequestNote,
		Subtotal: int64(v.Totals.Subtotal), Tax: int64(v.Totals.Tax), Total: int64(v.Totals.Total),
		TaxByRate: []RateData{}, Lines: make([]QuoteLineData, 0, len(v.Lines))}
	if !v.IssuedAt.IsZero() {
		d.IssuedAt = v.IssuedAt.UTC().Format(time.RFC3339)
	}
	for _, r := range v.Totals.ByRate {
		d.TaxByRate = append(d.TaxByRate, RateData{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
	}
	for _, l := range v.Lines {
		d.Lines = append(d.Lines, QuoteLineData{No: l.No, Code: l.Code, JAN: l.JAN, ProductName: l.ProductName,
			Variant: l.Variant, Unit: l.Unit, Quantity: l.Quantity, UnitPrice: int64(l.UnitPrice), TaxRate: l.TaxRate,
			Amount: int64(l.Amount)})
	}
	if h.Event.Type == sales.EventQuoteAccepted {
		d.OrderID, _ = h.Event.Detail["order_id"].(string)
		d.OrderNumber = h.orderNumber()
	}
	return d
}

// QuoteData is the "data" of a quote.* webhook event.
type QuoteData struct {
	ID            string          `json:"id"`
	Number        string          `json:"number"`
	Version       int             `json:"version"`        // the version issued or accepted
	Status        string          `json:"status"`         // the quote's status now
	IssuedVersion int             `json:"issued_version"` // the latest issued version now
	Buyer         BuyerData       `json:"buyer"`
	IssuedAt      string          `json:"issued_at"`
	ValidUntil    string          `json:"valid_until"` // JST date, inclusive
	Notes         string          `json:"notes"`
	RequestNote   string          `json:"request_note"`
	Subtotal      int64           `json:"subtotal"`
	Tax           int64           `json:"tax"`
	Total         int64           `json:"total"`
	TaxByRate     []RateData      `json:"tax_by_rate"`
	Lines         []QuoteLineData `json:"lines"`
	OrderID       string          `json:"order_id,omitempty"`     // quote.accepted: the order made
	OrderNumber   string          `json:"order_number,omitempty"` // quote.accepted
}

// QuoteLineData is one line of a quote version.
type QuoteLineData struct {
	No          int    `json:"no"`
	Code        string `json:"code"`
	JAN         string `json:"jan"`
	ProductName string `json:"product_name"`
	Variant     string `json:"variant"`
	Unit        string `json:"unit"`
	Quantity    int64  `json:"quantity"`
	UnitPrice   int64  `json:"unit_price"`
	TaxRate     int    `json:"tax_rate"`
	Amount      int64  `json:"amount"`
}
