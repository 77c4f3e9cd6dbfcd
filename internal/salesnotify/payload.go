package salesnotify

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/sales"
)

// orderPayload is the order as webhook receivers get it: as it is when the
// job runs (so a late retry tells the latest state), with the event's own
// shipment for order.shipped.
func orderPayload(h happening, buyerCode string) OrderData {
	o := h.Order
	d := OrderData{ID: o.ID.String(), Number: o.Number, Status: string(o.Status),
		Buyer:    BuyerData{ID: o.BuyerID.String(), Code: buyerCode, Name: o.BuyerName},
		PlacedAt: o.PlacedAt.UTC().Format(time.RFC3339), PONumber: o.PONumber, Note: o.Note, Proxy: o.Proxy,
		ShipTo: ShipToData{Label: o.ShipTo.Label, Recipient: o.ShipTo.Recipient, PostalCode: o.ShipTo.PostalCode,
			Address: o.ShipTo.Address, Phone: o.ShipTo.Phone},
		Subtotal: int64(o.Totals.Subtotal), Tax: int64(o.Totals.Tax), Total: int64(o.Totals.Total),
		TaxByRate: []RateData{}, Lines: make([]LineData, 0, len(o.Lines)), Shipments: []ShipmentData{},
		CancelReason: o.CancelReason}
	if !o.DesiredDate.IsZero() {
		d.DesiredDate = o.DesiredDate.String()
	}
	for _, r := range o.Totals.ByRate {
		d.TaxByRate = append(d.TaxByRate, RateData{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
	}
	for _, l := range o.Lines {
		d.Lines = append(d.Lines, LineData{No: l.No, Code: l.Code, JAN: l.JAN, ProductName: l.ProductName,
			Variant: l.Variant, Unit: l.Unit, Quantity: l.Quantity, UnitPrice: int64(l.UnitPrice), TaxRate: l.TaxRate,
			Amount: int64(l.Amount), ShippedQty: l.ShippedQty})
	}
	var this *ShipmentData
	for _, sh := range o.Shipments {
		sd := shipmentData(sh)
		d.Shipments = append(d.Shipments, sd)
		// The event's shipment is the last one made by the event's moment.
		if !sh.CreatedAt.After(h.Event.OccurredAt) {
			this = &sd
		}
	}
	if h.Event.Type == sales.EventOrderShipped {
		d.Shipment = this
	}
	return d
}

func shipmentData(sh sales.Shipment) ShipmentData {
	sd := ShipmentData{ID: sh.ID.String(), ShippedOn: sh.ShippedOn.String(), Carrier: sh.Carrier,
		TrackingNumber: sh.TrackingNumber, Lines: make([]ShipmentLineData, 0, len(sh.Lines))}
	for _, l := range sh.Lines {
		sd.Lines = append(sd.Lines, ShipmentLineData{LineNo: l.LineNo, Quantity: l.Quantity})
	}
	return sd
}
