package web

import (
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// One order of the buyer company: its page, the page shown right after
// placing it, and 再注文.

// shopOrderView is an order's page (and the order-placed page).
type shopOrderView struct {
	ID, Number, PlacedAt, PONumber, Note string
	Status                               shopStatus
	Pending                              bool // 社内承認待ち
	AutoApproved                         bool
	Desired                              string
	ShipTo                               shopShipTo
	Lines                                []shopLine
	Totals                               shopTotals
	Shipments                            []shopShipment
	Events                               []shopEvent
	CancelReason                         string
	Proxy                                bool
	URL, ListURL, ReorderURL             string
	ApprovalsURL                         string // buyer admins, while pending
	ProductsURL                          string
	Documents                            []docLink // issued to the company (documents_pages.go)
}

// shopShipment is one delivery with what it held.
type shopShipment struct {
	ShippedOn, Carrier, Tracking string
	Items                        []shopShipmentItem
}

type shopShipmentItem struct {
	Name, Code, Quantity, Unit string
}

// shopEvent is one step of the order's timeline.
type shopEvent struct {
	At, Label, Who, Reason string
}

func newShopOrderView(base, lang string, o sales.Order, admin bool) shopOrderView {
	url := base + "/orders/" + o.ID.String()
	v := shopOrderView{ID: o.ID.String(), Number: o.Number, PlacedAt: jstText(o.PlacedAt), PONumber: o.PONumber,
		Note: o.Note, Status: newShopStatus(o.Status), Pending: o.Status == sales.StatusBuyerApproval,
		Desired: dateLabel(o.DesiredDate, lang, true), Lines: newOrderLines(o.Lines), Totals: newShopTotals(o.Totals),
		CancelReason: o.CancelReason, Proxy: o.Proxy, URL: url, ListURL: base + "/orders", ReorderURL: url + "/reorder",
		ProductsURL: base + "/products",
		ShipTo: shopShipTo{Label: o.ShipTo.Label, Recipient: o.ShipTo.Recipient, PostalCode: o.ShipTo.PostalCode,
			Address: o.ShipTo.Address, Tel: o.ShipTo.Phone}}
	if v.Pending && admin {
		v.ApprovalsURL = base + "/approvals"
	}
	byNo := make(map[int]sales.Line, len(o.Lines))
	for _, l := range o.Lines {
		byNo[l.No] = l
	}
	for _, sh := range o.Shipments {
		ss := shopShipment{ShippedOn: dateLabel(sh.ShippedOn, lang, true), Carrier: sh.Carrier, Tracking: sh.TrackingNumber}
		for _, sl := range sh.Lines {
			l := byNo[sl.LineNo]
			ss.Items = append(ss.Items, shopShipmentItem{Name: lineName(l), Code: l.Code, Quantity: groupThousands(sl.Quantity), Unit: l.Unit})
		}
		v.Shipments = append(v.Shipments, ss)
	}
	for _, e := range o.Events {
		v.Events = append(v.Events, newShopEvent(e))
		if e.Type == sales.EventOrderApproved && e.ActorRealm == audit.RealmSystem {
			v.AutoApproved = true
		}
	}
	return v
}

func newShopEvent(e sales.Event) shopEvent {
	ev := shopEvent{At: jstText(e.OccurredAt), Label: e.Type.Label()}
	switch e.ActorRealm {
	case audit.RealmShop:
		ev.Who = "貴社"
	case audit.RealmAdmin:
		ev.Who = "発注先"
	case audit.RealmSystem:
		ev.Who = "自動"
	}
	if r, ok := e.Detail["reason"].(string); ok {
		ev.Reason = r
	}
	return ev
}

// shopOrder: GET /{tenant}/orders/{id}
func (s *Server) shopOrder(w http.ResponseWriter, r *http.Request) error {
	return s.renderShopOrder(w, r, "shop/orders/show", "注文詳細")
}

// shopOrderPlaced: GET /{tenant}/orders/{id}/placed, where checkout ends.
func (s *Server) shopOrderPlaced(w http.ResponseWriter, r *http.Request) error {
	return s.renderShopOrder(w, r, "shop/checkout/placed", "ご注文ありがとうございました")
}

func (s *Server) renderShopOrder(w http.ResponseWriter, r *http.Request, page, title string) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Sales.BuyerOrder(r.Context(), u.Tenant, u.BuyerID, id)
	if err != nil {
		return err
	}
	rc := reqCtx(r)
	v := newShopOrderView(rc.base(), rc.lang, o, rc.user.Role == identity.RoleBuyerAdmin)
	if v.Documents, err = s.sourceDocs(r.Context(), rc.base(), u.Tenant, documents.SourceOrder, o.ID, u.BuyerID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, page, &Page{Title: title, Data: v})
}

// shopOrderReorder: POST /{tenant}/orders/{id}/reorder puts the order's
// lines into the cart. When some can no longer be ordered, the cart page
// says which, at once (a flash could not name them).
func (s *Server) shopOrderReorder(w http.ResponseWriter, r *http.Request) error {
	u, err := s.shopBuyer(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := s.Sales.Reorder(r.Context(), u, id)
	if fields, ok := asFieldErrors(err); ok {
		return s.renderCart(w, r, http.StatusUnprocessableEntity, cartState{alert: firstMessage(fields)})
	}
	if err != nil {
		return fmt.Errorf("reorder %s: %w", id, err)
	}
	if len(res.Skipped) > 0 {
		alert := "一部の商品は現在ご注文いただけないため、カートに入れませんでした。"
		if res.Added == 0 {
			alert = "この注文の商品は、現在すべてご注文いただけません。"
		}
		return s.renderCart(w, r, http.StatusOK, cartState{alert: alert, skipped: res.Skipped})
	}
	setFlash(w, "前回のご注文の商品をカートに入れました。")
	http.Redirect(w, r, reqCtx(r).base()+"/cart", http.StatusSeeOther)
	return nil
}

// lineName is a line's product name with its variant (本醸造しょうゆ 1.8L),
// as shipments list them.
func lineName(l sales.Line) string {
	if l.Variant == "" {
		return l.ProductName
	}
	return l.ProductName + " " + l.Variant
}
