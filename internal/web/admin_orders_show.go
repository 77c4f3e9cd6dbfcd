package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

type orderShowView struct {
	Order     sales.Order
	Desired   string // 希望納品日 as 2026/05/20, "" when not asked
	PlacedBy  string
	Shipments []shipmentRow
	Timeline  []timelineRow
	Actions   []orderAction // buttons of the actions the status allows
	CanShip   bool
	CanCancel bool
	Reason    string    // the cancel reason typed, shown again after a refusal
	Documents []docLink // 注文請書 and 納品書 issued from the order (documents_pages.go)
	// Confirmation is the latest 注文請書, nil before the first.
	Confirmation *docLink
	CanIssue     bool // documents are wired and the order may have a 注文請書
}

func (v orderShowView) StatusClass() string { return adminOrderClass(v.Order.Status) }

type orderAction struct {
	Path, Label, Confirm string
	Primary              bool
}

type shipmentRow struct {
	sales.Shipment
	On    string // the shipping date as 2026/05/14
	By    string
	Lines []shipmentLineRow
	Slip  *docLink // the latest 納品書 of the shipment, nil before the first
}

type shipmentLineRow struct {
	No       int
	Code     string
	Name     string
	Quantity int64
}

type timelineRow struct {
	Label  string
	At     time.Time
	Actor  string
	Auto   bool
	Reason string
	Ship   string // 出荷日・運送会社・送り状番号 of a shipment event
}

// orderShow: GET /orders/{id}
func (s *Server) orderShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderOrderShow(w, r, http.StatusOK, orderFailure{})
}

// orderFailure is an action that was refused: the message, the form field
// it is about ("reason" for the cancel form, else "action") and the cancel
// reason typed, shown again.
type orderFailure struct {
	Msg, Field, Reason string
}

// renderOrderShow shows the order, with the refusal of the last action.
func (s *Server) renderOrderShow(w http.ResponseWriter, r *http.Request, status int, fail orderFailure) error {
	rc := reqCtx(r)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.Sales.Order(r.Context(), rc.tenant.ID, id)
	if err != nil {
		return err
	}
	v := orderShowView{Order: o, Desired: dateText(o.DesiredDate), Reason: fail.Reason}
	ppl := s.people(r.Context(), rc.tenant.ID)
	if v.PlacedBy, err = ppl.name(o.PlacedByRealm, o.PlacedBy); err != nil {
		return err
	}
	if v.Shipments, err = shipmentRows(o, ppl); err != nil {
		return err
	}
	if v.Timeline, err = timelineRows(o.Events, ppl); err != nil {
		return err
	}
	v.Actions, v.CanShip, v.CanCancel = orderActions(o)
	docs, err := s.orderDocs(r.Context(), rc.base(), rc.tenant.ID, o.ID)
	if err != nil {
		return err
	}
	v.Documents, v.Confirmation = docs.All, docs.Confirmation
	for i := range v.Shipments {
		if d, ok := docs.Slips[v.Shipments[i].ID]; ok {
			v.Shipments[i].Slip = &d
		}
	}
	v.CanIssue = s.Documents != nil && o.Status != sales.StatusBuyerApproval && o.Status != sales.StatusCancelled
	errs := map[string]string{}
	if fail.Msg != "" {
		errs[fail.Field] = fail.Msg
	}
	return s.render(w, r, status, "admin/orders/show", &Page{Title: "受注詳細", Data: v, Errors: errs})
}

// orderActions lists the seller's actions the order's status allows, by
// the lifecycle's own table (sales.Allowed): buttons, the shipment form
// and the cancel form. The buyer's own approval actions are not the
// seller's.
func orderActions(o sales.Order) (buttons []orderAction, ship, cancel bool) {
	base := "/orders/" + o.ID.String()
	for _, a := range sales.Allowed(o.Status) {
		switch a {
		case sales.ActionApprove:
			buttons = append(buttons, orderAction{Path: base + "/approve", Label: "承認する", Primary: true})
		case sales.ActionCancelApproval:
			buttons = append(buttons, orderAction{Path: base + "/cancel-approval", Label: "承認を取り消す",
				Confirm: "この注文の承認を取り消し、受付に戻します"})
		case sales.ActionInvoice:
			buttons = append(buttons, orderAction{Path: base + "/invoice", Label: "請求済にする", Primary: true,
				Confirm: "この注文を請求済にします"})
		case sales.ActionComplete:
			buttons = append(buttons, orderAction{Path: base + "/complete", Label: "完了にする", Primary: true,
				Confirm: "この注文を完了にします"})
		case sales.ActionShip:
			ship = true
		case sales.ActionCancel:
			cancel = true
		}
	}
	return buttons, ship, cancel
}

func shipmentRows(o sales.Order, ppl *people) ([]shipmentRow, error) {
	byNo := make(map[int]sales.Line, len(o.Lines))
	for _, l := range o.Lines {
		byNo[l.No] = l
	}
	out := make([]shipmentRow, len(o.Shipments))
	for i, sh := range o.Shipments {
		by, err := ppl.name(audit.RealmAdmin, sh.CreatedBy)
		if err != nil {
			return nil, err
		}
		row := shipmentRow{Shipment: sh, On: dateText(sh.ShippedOn), By: by}
		for _, sl := range sh.Lines {
			l := byNo[sl.LineNo]
			row.Lines = append(row.Lines, shipmentLineRow{No: sl.LineNo, Code: l.Code, Name: lineName(l), Quantity: sl.Quantity})
		}
		out[i] = row
	}
	return out, nil
}

func timelineRows(events []sales.Event, ppl *people) ([]timelineRow, error) {
	out := make([]timelineRow, 0, len(events))
	for _, e := range events {
		actor, err := ppl.name(e.ActorRealm, e.ActorID)
		if err != nil {
			return nil, err
		}
		row := timelineRow{Label: e.Type.Label(), At: e.OccurredAt, Actor: actor}
		row.Auto, _ = e.Detail["auto"].(bool)
		row.Reason, _ = e.Detail["reason"].(string)
		if sh, ok := e.Detail["shipment"].(map[string]any); ok {
			row.Ship = shipmentSummary(sh)
		}
		out = append(out, row)
	}
	return out, nil
}

// shipmentSummary is one line about a shipment event: date, carrier and
// tracking number, as far as they were given.
func shipmentSummary(sh map[string]any) string {
	text := ""
	for _, k := range []string{"shipped_on", "carrier", "tracking_number"} {
		v, _ := sh[k].(string)
		if d, err := pricing.ParseDate(v); k == "shipped_on" && err == nil {
			v = dateText(d)
		}
		if v != "" {
			if text != "" {
				text += " ／ "
			}
			text += v
		}
	}
	return text
}

// orderStep runs one action on the order of the path and goes back to its
// page; a refusal shows the page again with the reason in Japanese.
func (s *Server) orderStep(w http.ResponseWriter, r *http.Request, flash string,
	do func(id oroshi.ID) (sales.Order, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := do(id); err != nil {
		msg, ok := refusal(err)
		if !ok || errors.Is(err, oroshi.ErrNotFound) {
			return err
		}
		fail := orderFailure{Msg: msg, Field: "action", Reason: r.PostFormValue("reason")}
		if fields, ok := asFieldErrors(err); ok && fields["reason"] != "" {
			fail.Field = "reason"
		}
		return s.renderOrderShow(w, r, statusOf(err), fail)
	}
	setFlash(w, flash)
	http.Redirect(w, r, reqCtx(r).base()+"/orders/"+id.String(), http.StatusSeeOther)
	return nil
}

// orderApprove: POST /orders/{id}/approve
func (s *Server) orderApprove(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.orderStep(w, r, "注文を承認しました。", func(id oroshi.ID) (sales.Order, error) {
		return s.Sales.Approve(r.Context(), rc.tenant.ID, id, buyerActor(r))
	})
}

// orderCancelApproval: POST /orders/{id}/cancel-approval
func (s *Server) orderCancelApproval(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.orderStep(w, r, "承認を取り消しました。", func(id oroshi.ID) (sales.Order, error) {
		return s.Sales.CancelApproval(r.Context(), rc.tenant.ID, id, buyerActor(r))
	})
}

// orderInvoice: POST /orders/{id}/invoice
func (s *Server) orderInvoice(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.orderStep(w, r, "注文を請求済にしました。", func(id oroshi.ID) (sales.Order, error) {
		return s.Sales.MarkInvoiced(r.Context(), rc.tenant.ID, id, buyerActor(r))
	})
}

// orderComplete: POST /orders/{id}/complete
func (s *Server) orderComplete(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.orderStep(w, r, "注文を完了にしました。", func(id oroshi.ID) (sales.Order, error) {
		return s.Sales.Complete(r.Context(), rc.tenant.ID, id, buyerActor(r))
	})
}

// orderCancel: POST /orders/{id}/cancel, reason= (required)
func (s *Server) orderCancel(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	return s.orderStep(w, r, "注文をキャンセルしました。", func(id oroshi.ID) (sales.Order, error) {
		return s.Sales.Cancel(r.Context(), rc.tenant.ID, id, r.PostFormValue("reason"), buyerActor(r))
	})
}

// HasReduced reports whether a line is at the reduced rate (the ※ note).
func (v orderShowView) HasReduced() bool { return v.Order.Totals.Rate(sales.TaxReduced).Subtotal != 0 }
