package sales

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// ShipmentInput is a shipment to record.
type ShipmentInput struct {
	ShippedOn      pricing.Date // zero: today (JST)
	Carrier        string       // 運送会社
	TrackingNumber string       // 送り状番号
	// Lines are the quantities shipped per order line; with All, every
	// line's remaining quantity ships and Lines must be empty.
	Lines []ShipmentLine
	All   bool
}

// Ship records a shipment of an approved or partly shipped order. Each
// quantity may not exceed what the line has left. The order becomes 出荷済
// when every line has shipped in full, else 一部出荷. Stock is not touched:
// it was taken when the order was placed.
func (s *Service) Ship(ctx context.Context, t oroshi.TenantID, id oroshi.ID, in ShipmentInput, actor audit.Actor) (Order, error) {
	o, err := s.Order(ctx, t, id)
	if err != nil {
		return Order{}, err
	}
	if _, err := Next(o.Status, ActionShip); err != nil {
		return Order{}, fmt.Errorf("order %s: %w", o.Number, err)
	}
	sh, err := s.checkShipment(o, in)
	if err != nil {
		return Order{}, err
	}
	sh.CreatedBy = actor.ID
	to := StatusPartiallyShipped
	if shipsAll(o, sh) {
		to = StatusShipped
	}
	return s.apply(ctx, t, o, change{action: ActionShip, auditAct: ActionOrderShip, event: EventOrderShipped,
		ship: &sh, to: to}, actor)
}

// checkShipment validates in against the order's lines.
func (s *Service) checkShipment(o Order, in ShipmentInput) (Shipment, error) {
	v := &oroshi.ValidationError{}
	sh := Shipment{OrderID: o.ID, ShippedOn: in.ShippedOn, Carrier: strings.TrimSpace(in.Carrier),
		TrackingNumber: strings.TrimSpace(in.TrackingNumber)}
	if sh.ShippedOn.IsZero() {
		sh.ShippedOn = s.today()
	} else if !sh.ShippedOn.Valid() {
		v.Add("shipped_on", "出荷日が正しくありません")
	}
	if utf8.RuneCountInString(sh.Carrier) > MaxCarrierLen {
		v.Add("carrier", fmt.Sprintf("運送会社は%d文字以内で入力してください", MaxCarrierLen))
	}
	if utf8.RuneCountInString(sh.TrackingNumber) > MaxTrackingLen {
		v.Add("tracking_number", fmt.Sprintf("送り状番号は%d文字以内で入力してください", MaxTrackingLen))
	}
	if in.All {
		if len(in.Lines) > 0 {
			v.Add("lines", "全量出荷では明細の数量を指定できません")
		}
		for _, l := range o.Lines {
			if l.Remaining() > 0 {
				sh.Lines = append(sh.Lines, ShipmentLine{LineNo: l.No, Quantity: l.Remaining()})
			}
		}
	} else {
		sh.Lines = checkShipLines(v, o, in.Lines)
	}
	if len(sh.Lines) == 0 {
		v.Add("lines", "出荷する数量を入力してください")
	}
	return sh, v.Err()
}

// checkShipLines keeps the lines with a quantity, each at most once and
// within what its order line has left.
func checkShipLines(v *oroshi.ValidationError, o Order, in []ShipmentLine) []ShipmentLine {
	byNo := make(map[int]Line, len(o.Lines))
	for _, l := range o.Lines {
		byNo[l.No] = l
	}
	seen := map[int]bool{}
	var out []ShipmentLine
	for i, sl := range in {
		field := lineField(i, "quantity")
		l, ok := byNo[sl.LineNo]
		switch {
		case !ok || seen[sl.LineNo]:
			v.Add(lineField(i, "line_no"), "明細が見つかりません")
		case sl.Quantity < 0:
			v.Add(field, "数量は0以上で入力してください")
		case sl.Quantity > l.Remaining():
			v.Add(field, fmt.Sprintf("出荷数量が残数（%d）を超えています", l.Remaining()))
		case sl.Quantity > 0:
			out = append(out, sl)
		}
		seen[sl.LineNo] = true
	}
	return out
}

// shipsAll reports whether sh ships everything the order has left.
func shipsAll(o Order, sh Shipment) bool {
	shipped := make(map[int]int64, len(sh.Lines))
	for _, l := range sh.Lines {
		shipped[l.LineNo] += l.Quantity
	}
	for _, l := range o.Lines {
		if l.Remaining() > shipped[l.No] {
			return false
		}
	}
	return true
}

func shipmentDetail(sh Shipment) map[string]any {
	lines := make([]map[string]any, len(sh.Lines))
	for i, l := range sh.Lines {
		lines[i] = map[string]any{"line_no": l.LineNo, "quantity": l.Quantity}
	}
	return map[string]any{"shipped_on": sh.ShippedOn.String(), "carrier": sh.Carrier,
		"tracking_number": sh.TrackingNumber, "lines": lines}
}
