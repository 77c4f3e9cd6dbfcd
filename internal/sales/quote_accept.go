package sales

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// QuoteAcceptInput is a buyer accepting a quote (見積の受諾): like a
// checkout, with the quote's lines at its prices.
type QuoteAcceptInput struct {
	Tenant      oroshi.TenantID
	BuyerID     oroshi.ID
	UserID      oroshi.ID // a shop user of BuyerID who may order
	QuoteID     oroshi.ID
	Version     int // the version the buyer saw: it must be the latest issued one
	ShipToID    oroshi.ID
	DesiredDate pricing.Date
	PONumber    string
	Note        string
	IdemKey     string
	ClientAddr  string
}

// Japanese refusals of an acceptance.
const (
	MsgQuoteSuperseded = "この版は新しい版に置き換えられたため受諾できません。最新の版をご確認ください"
	MsgQuoteNotOpen    = "見積の状態が変わったため受諾できませんでした。画面を開き直してください"
)

// Accept places an order from the latest issued version of one of the
// buyer company's quotes, at the quoted unit prices, through the same
// placement as checkout (ship-to, delivery date, stock reservation,
// idempotency key). In the same transaction the quote becomes 受注済. An
// expired, withdrawn, superseded or already accepted version is refused
// (field "version"); a retry with the same key answers the same order.
func (s *QuoteService) Accept(ctx context.Context, in QuoteAcceptInput) (Placed, error) {
	q, err := s.BuyerQuote(ctx, in.Tenant, in.BuyerID, in.QuoteID)
	if err != nil {
		return Placed{}, err
	}
	qv, ok := q.Version(in.Version)
	if !ok || !qv.Issued {
		return Placed{}, fmt.Errorf("quote %s version %d: %w", q.Number, in.Version, oroshi.ErrNotFound)
	}
	pin := placeInputOf(in, qv)
	tidyPlaceInput(&pin)
	if err := s.Sales.validatePlaceInput(pin); err != nil {
		return Placed{}, err
	}
	fp := fingerprint(pin)
	if p, done, err := s.Sales.replay(ctx, pin, fp); done || err != nil {
		return p, err
	}
	if err := s.acceptable(q, in.Version); err != nil {
		return Placed{}, err
	}
	pl, err := s.Sales.preparePlacement(ctx, pin, fp)
	if err != nil {
		return Placed{}, err
	}
	_, actor, err := s.Sales.placer(ctx, pin)
	if err != nil {
		return Placed{}, err
	}
	acc := &QuoteAcceptance{QuoteID: q.ID, Version: qv.Version, RowVersion: q.RowVersion, Today: s.Sales.today(),
		Audit: event(actor, in.Tenant, ActionQuoteAccept, TargetQuote, q.ID)}
	acc.Audit.Detail = map[string]any{"number": q.Number, "version": qv.Version,
		"status": audit.Change{Before: QuoteIssued.Label(), After: QuoteAccepted.Label()}}
	acc.Events = []Event{salesEvent(actor, EventQuoteAccepted, map[string]any{"number": q.Number, "version": qv.Version})}
	pl.Quote = acc
	return s.place(ctx, pin, fp, pl)
}

// acceptable checks version n of q may be accepted today.
func (s *QuoteService) acceptable(q Quote, n int) error {
	if _, err := NextQuote(q.StatusOn(s.Sales.today()), QuoteAccept); err != nil {
		var te *QuoteTransitionError
		if errors.As(err, &te) {
			return oroshi.Invalid("version", te.Message())
		}
		return err
	}
	if q.Superseded(n) {
		return oroshi.Invalid("version", MsgQuoteSuperseded)
	}
	return nil
}

// placeInputOf is the placement of version qv's lines at its prices.
func placeInputOf(in QuoteAcceptInput, qv QuoteVersion) PlaceInput {
	pin := PlaceInput{Tenant: in.Tenant, BuyerID: in.BuyerID, UserID: in.UserID, ShipToID: in.ShipToID,
		DesiredDate: in.DesiredDate, PONumber: in.PONumber, Note: in.Note, QuoteID: in.QuoteID,
		IdemKey: in.IdemKey, ClientAddr: in.ClientAddr}
	for _, l := range qv.Lines {
		price := l.UnitPrice
		pin.Lines = append(pin.Lines, LineInput{SKUID: l.SKUID, Quantity: l.Quantity, Price: &price,
			PriceLabel: QuotePriceLabel})
	}
	return pin
}

// place has the store write a prepared placement, answering its refusals
// as PlaceOrder does.
func (s *QuoteService) place(ctx context.Context, pin PlaceInput, fp string, pl Placement) (Placed, error) {
	o, err := s.Sales.Store.PlaceOrder(ctx, pl)
	var stock *StockError
	switch {
	case errors.Is(err, ErrDuplicateRequest):
		p, _, err := s.Sales.replay(ctx, pin, fp)
		return p, err
	case errors.Is(err, ErrQuoteChanged):
		return Placed{}, &Problem{Msg: MsgQuoteNotOpen, Kinds: []error{oroshi.ErrConflict, ErrQuoteChanged}}
	case errors.As(err, &stock):
		return Placed{}, stockErrors(stock)
	case err != nil:
		return Placed{}, fmt.Errorf("accept quote %s: %w", pin.QuoteID, err)
	}
	return Placed{Order: o}, nil
}
