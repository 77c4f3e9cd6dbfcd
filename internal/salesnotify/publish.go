package salesnotify

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// WebhookPublisher is what Publisher needs of webhooks.Service.
type WebhookPublisher interface {
	Publish(ctx context.Context, t oroshi.TenantID, ev webhooks.Event) (int, error)
}

// Publisher sends order and quote events to the seller's webhook endpoints (a
// jobs.Dispatcher). The webhook event ID is the sales event's ID, and
// deliveries are unique per endpoint and event ID, so a retried job makes
// no second delivery.
type Publisher struct {
	Store    Store
	Webhooks WebhookPublisher
}

// webhookTypes maps the sales events that endpoints can subscribe to.
var webhookTypes = map[sales.EventType]string{
	sales.EventOrderCreated:           webhooks.OrderCreated,
	sales.EventOrderApproved:          webhooks.OrderApproved,
	sales.EventOrderApprovalCancelled: webhooks.OrderApprovalCancelled,
	sales.EventOrderShipped:           webhooks.OrderShipped,
	sales.EventOrderCancelled:         webhooks.OrderCancelled,
	sales.EventQuoteIssued:            webhooks.QuoteIssued,
	sales.EventQuoteAccepted:          webhooks.QuoteAccepted,
}

// Dispatch publishes the event when it is one endpoints subscribe to.
func (p *Publisher) Dispatch(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID) error {
	e, err := readEvent(ctx, p.Store, t, eventID)
	if err != nil {
		return err
	}
	typ, ok := webhookTypes[e.Type]
	switch {
	case !ok:
		return nil
	case e.QuoteID != 0:
		return p.publishQuote(ctx, e, typ)
	case e.OrderID == 0:
		return nil
	}
	h, err := load(ctx, p.Store, e)
	if err != nil {
		return err
	}
	if h.Order.Status == sales.StatusBuyerApproval || !sellerSaw(h) {
		return nil // the seller never received this order: nothing to tell its systems
	}
	buyer, err := p.Store.Buyer(ctx, t, h.Order.BuyerID)
	if err != nil {
		return fmt.Errorf("webhook of sales event %s: buyer: %w", eventID, err)
	}
	_, err = p.Webhooks.Publish(ctx, t, webhooks.Event{ID: eventID.String(), Type: typ,
		OccurredAt: h.Event.OccurredAt, Data: orderPayload(h, buyer.Code)})
	if err != nil {
		return fmt.Errorf("webhook of sales event %s: %w", eventID, err)
	}
	return nil
}

// sellerSaw: a cancellation of an order still waiting for the buyer's own
// approval never reached the seller.
func sellerSaw(h happening) bool {
	from, _ := h.Event.Detail["from"].(string)
	return h.Event.Type != sales.EventOrderCancelled || sales.Status(from).SellerVisible()
}

// OrderData is the "data" of an order.* webhook event.
type OrderData struct {
	ID           string         `json:"id"`
	Number       string         `json:"number"`
	Status       string         `json:"status"`
	Buyer        BuyerData      `json:"buyer"`
	PlacedAt     string         `json:"placed_at"`
	PONumber     string         `json:"po_number"`
	DesiredDate  string         `json:"desired_date"`
	Note         string         `json:"note"`
	Proxy        bool           `json:"proxy"`
	ShipTo       ShipToData     `json:"ship_to"`
	Subtotal     int64          `json:"subtotal"`
	Tax          int64          `json:"tax"`
	Total        int64          `json:"total"`
	TaxByRate    []RateData     `json:"tax_by_rate"`
	Lines        []LineData     `json:"lines"`
	CancelReason string         `json:"cancel_reason,omitempty"`
	Shipment     *ShipmentData  `json:"shipment,omitempty"` // order.shipped: this shipment
	Shipments    []ShipmentData `json:"shipments"`
}

// BuyerData names the buyer company.
type BuyerData struct {
	ID   string `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// ShipToData is the delivery address of the order.
type ShipToData struct {
	Label      string `json:"label"`
	Recipient  string `json:"recipient"`
	PostalCode string `json:"postal_code"`
	Address    string `json:"address"`
	Phone      string `json:"phone"`
}

// RateData is the part of the order at one tax rate.
type RateData struct {
	Rate     int   `json:"rate"`
	Subtotal int64 `json:"subtotal"`
	Tax      int64 `json:"tax"`
}

// LineData is one order line.
type LineData struct {
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
	ShippedQty  int64  `json:"shipped_quantity"`
}

// ShipmentData is one shipment.
type ShipmentData struct {
	ID             string             `json:"id"`
	ShippedOn      string             `json:"shipped_on"`
	Carrier        string             `json:"carrier"`
	TrackingNumber string             `json:"tracking_number"`
	Lines          []ShipmentLineData `json:"lines"`
}

// ShipmentLineData is the quantity of one order line in a shipment.
type ShipmentLineData struct {
	LineNo   int   `json:"line_no"`
	Quantity int64 `json:"quantity"`
}
