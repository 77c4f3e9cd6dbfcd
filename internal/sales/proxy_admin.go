package sales

import (
	"context"
	"errors"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Preview is an order entry checked and priced but not placed: what the
// review page of a proxy order (代理注文) shows before staff confirm it.
type Preview struct {
	ShipTo ShipTo     // the chosen ship-to, when it is one of the company's
	Lines  []LineView // each line with its buyer price and problems
	Totals Totals     // of the priced lines
	// Orderable: the head is valid, there is a line and no line has a
	// problem, so PlaceOrder with the same input is expected to succeed
	// (stock may still run out meanwhile).
	Orderable bool
}

// PreviewOrder checks in as PlaceOrder would and prices its lines for the
// buyer today, without writing anything. Problems of the head (ship-to,
// desired date, 発注番号, 備考) come back as a *oroshi.ValidationError
// together with the filled Preview, so that a review page can show the
// priced lines and the head's messages at once; problems of lines are in
// each LineView. Only entries of given lines (not carts) are previewed.
func (s *Service) PreviewOrder(ctx context.Context, in PlaceInput) (Preview, error) {
	tidyPlaceInput(&in)
	if in.FromCart {
		return Preview{}, oroshi.Invalid("lines", "カートからの注文は確認画面で確認してください")
	}
	if _, _, err := s.placer(ctx, in); err != nil {
		return Preview{}, err
	}
	head := &oroshi.ValidationError{}
	var ve *oroshi.ValidationError
	if err := s.validatePlaceInput(in); errors.As(err, &ve) {
		head = ve
	}
	var pv Preview
	o, err := s.orderHead(ctx, in)
	switch {
	case errors.As(err, &ve):
		for f, m := range ve.Fields {
			head.Add(f, m)
		}
	case err != nil:
		return Preview{}, err
	default:
		pv.ShipTo = o.ShipTo
	}
	if len(in.Lines) > 0 && len(in.Lines) <= MaxLines {
		if pv.Lines, pv.Totals, err = s.evaluate(ctx, in.Tenant, in.BuyerID, in.Lines); err != nil {
			return Preview{}, err
		}
	}
	pv.Orderable = len(head.Fields) == 0 && len(pv.Lines) > 0
	for _, l := range pv.Lines {
		pv.Orderable = pv.Orderable && l.OK()
	}
	return pv, head.Err()
}

// ParseOrderLines reads lines typed or pasted as 「品番 数量」, one per
// line, with the rules of QuickOrder (space, tab or comma between;
// full-width characters accepted; blank lines skipped). A bad row is field
// "rows[i]" (i counting every input line from 0). The 品番 are not looked
// up: PreviewOrder and PlaceOrder check them for the buyer.
func ParseOrderLines(text string) ([]LineInput, error) {
	rows, err := parseQuickOrder(text)
	if err != nil {
		return nil, err
	}
	out := make([]LineInput, len(rows))
	for i, r := range rows {
		out[i] = LineInput{Code: r.code, Quantity: r.qty}
	}
	return out, nil
}

// Today is the current JST date by the service's clock (the default
// shipment date of the seller's forms).
func (s *Service) Today() pricing.Date { return s.today() }
