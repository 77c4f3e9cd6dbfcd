package sales

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// systemActor records what the platform does on the seller's behalf
// (自動承認).
var systemActor = audit.Actor{Realm: audit.RealmSystem}

// preparePlacement checks everything that can be checked before the
// transaction and builds the fully priced order with its status, audit
// events and sales events.
func (s *Service) preparePlacement(ctx context.Context, in PlaceInput, fp string) (Placement, error) {
	u, actor, err := s.placer(ctx, in)
	if err != nil {
		return Placement{}, err
	}
	o, b, err := s.orderHeadBuyer(ctx, in)
	if err != nil {
		return Placement{}, err
	}
	lines, err := s.placeLines(ctx, in)
	if err != nil {
		return Placement{}, err
	}
	// Read once: the order keeps the rounding its totals were made with.
	st, err := s.Settings(ctx, in.Tenant)
	if err != nil {
		return Placement{}, err
	}
	views, totals, err := s.evaluateWith(ctx, in.Tenant, in.BuyerID, lines, st)
	if err != nil {
		return Placement{}, err
	}
	if err := lineErrors(views); err != nil {
		return Placement{}, err
	}
	o.TaxRounding, o.Totals, o.LineCount = st.TaxRounding, totals, len(views)
	o.PlacedBy, o.PlacedByRealm = u.ID, actor.Realm
	o.Lines = make([]Line, len(views))
	for i, v := range views {
		o.Lines[i] = Line{No: i + 1, SKUID: v.SKU.ID, Code: v.SKU.Code, JAN: v.SKU.JAN, ProductName: v.SKU.ProductName,
			Variant: v.SKU.Variant, Unit: v.SKU.Unit, CaseQty: v.SKU.CaseQty, Quantity: v.Quantity, UnitPrice: v.UnitPrice,
			PriceRule: v.PriceRule, TaxRate: v.TaxRate, Amount: v.Amount, Reserved: v.SKU.TrackStock}
	}
	pl := Placement{Order: o, UserID: u.ID, IdemKey: in.IdemKey, Fingerprint: fp,
		FromCart: in.FromCart, CartRevision: in.CartRevision}
	if err := s.decideStatus(ctx, in, b, u, actor, &pl); err != nil {
		return Placement{}, err
	}
	return pl, nil
}

// orderHead checks the buyer company and the ship-to and starts the order.
func (s *Service) orderHead(ctx context.Context, in PlaceInput) (Order, error) {
	o, _, err := s.orderHeadBuyer(ctx, in)
	return o, err
}

// orderHeadBuyer is orderHead that also returns the buyer company read
// (its credit limit is checked later).
func (s *Service) orderHeadBuyer(ctx context.Context, in PlaceInput) (Order, buyers.Buyer, error) {
	b, err := s.Store.Buyer(ctx, in.Tenant, in.BuyerID)
	if err != nil {
		return Order{}, buyers.Buyer{}, fmt.Errorf("order for buyer %s: %w", in.BuyerID, err)
	}
	if !b.Active() {
		return Order{}, buyers.Buyer{}, oroshi.Invalid("buyer_id", "この取引先は取引停止中のため注文できません")
	}
	st, err := s.Store.ShipTo(ctx, in.Tenant, in.BuyerID, in.ShipToID)
	if errors.Is(err, oroshi.ErrNotFound) {
		return Order{}, buyers.Buyer{}, oroshi.Invalid("ship_to_id", "納品先が見つかりません。登録済みの納品先から選んでください")
	}
	if err != nil {
		return Order{}, buyers.Buyer{}, fmt.Errorf("ship-to %s: %w", in.ShipToID, err)
	}
	return Order{Tenant: in.Tenant, BuyerID: b.ID, BuyerName: b.Name, Proxy: in.Proxy, QuoteID: in.QuoteID,
		ShipTo: ShipTo{ID: st.ID, Label: st.Label, Recipient: st.Recipient, PostalCode: st.PostalCode,
			Address: st.Address, Phone: st.Phone},
		DesiredDate: in.DesiredDate, PONumber: in.PONumber, Note: in.Note}, b, nil
}

// placeLines are the lines to order: the cart's (at the revision the
// buyer saw) or the given ones.
func (s *Service) placeLines(ctx context.Context, in PlaceInput) ([]LineInput, error) {
	if !in.FromCart {
		return in.Lines, nil
	}
	c, err := s.Store.Cart(ctx, in.Tenant, in.UserID)
	if err != nil {
		return nil, fmt.Errorf("cart of user %s: %w", in.UserID, err)
	}
	if c.Revision != in.CartRevision {
		return nil, staleCart()
	}
	if len(c.Lines) == 0 {
		return nil, oroshi.Invalid("lines", "カートに商品がありません")
	}
	lines := make([]LineInput, len(c.Lines))
	for i, l := range c.Lines {
		lines[i] = LineInput{SKUID: l.SKUID, Quantity: l.Quantity}
	}
	return lines, nil
}

// decideStatus sets the starting status with its audit and sales events:
// buyer_approval for a purchaser over the limit where the company asks for
// it, approved where the seller auto-approves, else received.
func (s *Service) decideStatus(ctx context.Context, in PlaceInput, b buyers.Buyer, u identity.User, actor audit.Actor, pl *Placement) error {
	bs, err := s.BuyerSettings(ctx, in.Tenant, in.BuyerID)
	if err != nil {
		return err
	}
	o := &pl.Order
	placeAction := ActionOrderPlace
	if in.Proxy {
		placeAction = ActionOrderProxy
	}
	ev := event(actor, in.Tenant, placeAction, TargetOrder, 0)
	ev.Detail = placeDetail(*o)
	pl.Audit = []audit.Event{ev}
	if !in.Proxy && bs.BuyerApproval && u.Role == identity.RolePurchaser {
		lim, err := s.UserLimit(ctx, in.Tenant, u.ID)
		if err != nil {
			return err
		}
		if NeedsBuyerApproval(bs, true, lim.OrderLimit, o.Totals.Total) {
			o.Status = StatusBuyerApproval
			pl.Events = []Event{salesEvent(actor, EventOrderBuyerApprovalRequested,
				map[string]any{"order_limit": int64(lim.OrderLimit), "total": int64(o.Totals.Total)})}
			return nil
		}
	}
	o.Status = StatusReceived
	pl.Events = []Event{salesEvent(actor, EventOrderCreated, map[string]any{"proxy": in.Proxy})}
	if o.CreditHold, err = s.creditHold(ctx, in.Tenant, b, o.Totals.Total); err != nil {
		return err
	}
	if o.CreditHold != "" { // held for the seller: never auto-approved
		pl.Audit[0].Detail["credit_hold"], pl.Events[0].Detail["credit_hold"] = o.CreditHold, o.CreditHold
		return nil
	}
	if bs.AutoApprove {
		o.Status = StatusApproved
		auto := event(systemActor, in.Tenant, ActionOrderAutoApprove, TargetOrder, 0)
		auto.Detail = statusDetail("", StatusReceived, StatusApproved)
		pl.Audit = append(pl.Audit, auto)
		pl.Events = append(pl.Events, salesEvent(systemActor, EventOrderApproved, map[string]any{"auto": true}))
	}
	return nil
}

func placeDetail(o Order) map[string]any {
	return map[string]any{"buyer_id": o.BuyerID.String(), "ship_to": o.ShipTo.Label, "lines": o.LineCount,
		"subtotal": int64(o.Totals.Subtotal), "tax": int64(o.Totals.Tax), "total": int64(o.Totals.Total),
		"po_number": o.PONumber, "desired_date": o.DesiredDate.String(), "proxy": o.Proxy}
}

func salesEvent(actor audit.Actor, typ EventType, detail map[string]any) Event {
	return Event{Type: typ, ActorRealm: actor.Realm, ActorID: actor.ID, Detail: detail}
}

// statusDetail is the audit detail of a status change; number may be ""
// when the store fills it in.
func statusDetail(number string, from, to Status) map[string]any {
	d := map[string]any{"status": audit.Change{Before: from.Label(), After: to.Label()}}
	if number != "" {
		d["number"] = number
	}
	return d
}
