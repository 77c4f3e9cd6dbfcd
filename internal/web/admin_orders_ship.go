package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// shipLineRow is a line of the shipment form: the order line with the
// quantity to ship now (its remaining quantity unless typed otherwise).
type shipLineRow struct {
	sales.Line
	Qty   string
	Error string
}

type orderShipView struct {
	Order       sales.Order
	Lines       []shipLineRow // lines with something left to ship
	ShippedOn   string
	Carrier     string
	Tracking    string
	StatusClass string
}

// orderShipForm: GET /orders/{id}/ship. An order the lifecycle does not
// let ship shows its detail page with the reason.
func (s *Server) orderShipForm(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Sales.Order(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	if _, err := sales.Next(o.Status, sales.ActionShip); err != nil {
		msg, _ := refusal(err)
		return s.renderOrderShow(w, r, http.StatusConflict, orderFailure{Msg: msg, Field: "action"})
	}
	v := orderShipView{Order: o, ShippedOn: s.Sales.Today().String(), StatusClass: adminOrderClass(o.Status)}
	for _, l := range o.Lines {
		if l.Remaining() > 0 {
			v.Lines = append(v.Lines, shipLineRow{Line: l, Qty: strconv.FormatInt(l.Remaining(), 10)})
		}
	}
	return s.render(w, r, http.StatusOK, "admin/orders/ship", &Page{Title: "出荷登録", Data: v})
}

// orderShip: POST /orders/{id}/ship, line=No & qty=N per line, shipped_on,
// carrier, tracking_number. Lines left at 0 do not ship this time.
func (s *Server) orderShip(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, errs, err := shipmentInput(r)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		_, err = s.Sales.Ship(r.Context(), rc.tenant.ID, id, in, buyerActor(r))
		fields, invalid := asFieldErrors(err)
		switch {
		case err == nil:
			setFlash(w, "出荷を登録しました。")
			http.Redirect(w, r, rc.base()+"/orders/"+id.String(), http.StatusSeeOther)
			return nil
		case invalid:
			errs = fields
		default:
			return s.shipRefused(w, r, err)
		}
	}
	return s.renderShipAgain(w, r, id, in, errs)
}

// shipmentInput reads the shipment form; what cannot be read comes back
// as field messages, a form not made by the page as errBadRequest.
func shipmentInput(r *http.Request) (sales.ShipmentInput, map[string]string, error) {
	nos, qtys := r.PostForm["line"], r.PostForm["qty"]
	if len(nos) != len(qtys) || len(nos) > sales.MaxLines {
		return sales.ShipmentInput{}, nil, fmt.Errorf("shipment form: %d lines, %d quantities: %w", len(nos), len(qtys), errBadRequest)
	}
	in := sales.ShipmentInput{Carrier: r.PostFormValue("carrier"), TrackingNumber: r.PostFormValue("tracking_number")}
	errs := map[string]string{}
	if d := strings.TrimSpace(r.PostFormValue("shipped_on")); d != "" {
		var err error
		if in.ShippedOn, err = pricing.ParseDate(d); err != nil {
			errs["shipped_on"] = "出荷日は「2026-04-01」の形で入力してください"
		}
	}
	for i := range nos {
		no, err := strconv.Atoi(nos[i])
		if err != nil {
			return sales.ShipmentInput{}, nil, fmt.Errorf("shipment form line %q: %w", nos[i], errBadRequest)
		}
		q, err := strconv.ParseInt(strings.TrimSpace(qtys[i]), 10, 64)
		if err != nil {
			errs[fmt.Sprintf("lines[%d].quantity", i)] = "数量は0以上の整数で入力してください"
		}
		in.Lines = append(in.Lines, sales.ShipmentLine{LineNo: no, Quantity: q})
	}
	return in, errs, nil
}

// shipRefused shows the detail page for a shipment the order's status or a
// concurrent change refuses; other errors are returned.
func (s *Server) shipRefused(w http.ResponseWriter, r *http.Request, err error) error {
	msg, ok := refusal(err)
	if !ok || errors.Is(err, oroshi.ErrNotFound) {
		return err
	}
	return s.renderOrderShow(w, r, statusOf(err), orderFailure{Msg: msg, Field: "action"})
}

// renderShipAgain shows the shipment form as it was sent, with errs; the
// quantities' messages (lines[i].quantity, i the form's row) go to their
// rows.
func (s *Server) renderShipAgain(w http.ResponseWriter, r *http.Request, id oroshi.ID, in sales.ShipmentInput,
	errs map[string]string) error {
	o, err := s.Sales.Order(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	typed := map[int]int{} // line No → form row
	for i, l := range in.Lines {
		typed[l.LineNo] = i
	}
	v := orderShipView{Order: o, ShippedOn: r.PostFormValue("shipped_on"), Carrier: in.Carrier,
		Tracking: in.TrackingNumber, StatusClass: adminOrderClass(o.Status)}
	qtys := r.PostForm["qty"]
	for _, l := range o.Lines {
		i, ok := typed[l.No]
		if !ok && l.Remaining() <= 0 {
			continue
		}
		row := shipLineRow{Line: l, Qty: "0"}
		if ok && i < len(qtys) {
			row.Qty, row.Error = qtys[i], errs[fmt.Sprintf("lines[%d].quantity", i)]
		}
		v.Lines = append(v.Lines, row)
	}
	return s.render(w, r, http.StatusUnprocessableEntity, "admin/orders/ship", &Page{Title: "出荷登録", Data: v, Errors: errs})
}
