package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The order lifecycle through the API (承認, 承認取消, 出荷, 請求済, 完了,
// キャンセル) and a buyer company's ordering settings. The sales service
// decides which change is possible; this file only reads requests and
// explains refusals.

// CodeInvalidTransition is the code of a change the order's status does
// not allow (409); the message names the current status.
const CodeInvalidTransition = "invalid_transition"

// orderError gives the service's refusals their API form: a transition not
// allowed is 409 invalid_transition, and a refusal that carries a Japanese
// message (sales.Problem) keeps it; anything else passes unchanged.
func orderError(err error) error {
	var te *sales.TransitionError
	var pr *sales.Problem
	switch {
	case errors.As(err, &te):
		return &apiError{status: http.StatusConflict, code: CodeInvalidTransition,
			message: te.Message()}
	case errors.Is(err, sales.ErrOverShipped):
		return newError(http.StatusConflict, "出荷数量が明細の残数を超えています（他で出荷が登録されました）。注文を取得し直してください")
	case errors.Is(err, sales.ErrChanged):
		return newError(http.StatusConflict, "注文が他で変更されました。注文を取得し直してから再試行してください")
	case errors.As(err, &pr):
		return newError(statusOf(err), pr.Message())
	}
	return err
}

// orderAction is a lifecycle change of the order in the path.
type orderAction func(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (sales.Order, error)

// transition answers a lifecycle endpoint with the changed order.
func (s *server) transition(w http.ResponseWriter, r *http.Request, do orderAction) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	o, err := do(r.Context(), p.Tenant.ID, id, actor)
	if err != nil {
		return orderError(err)
	}
	writeJSON(w, http.StatusOK, orderOut(o))
	return nil
}

// approveOrder answers POST /api/v1/orders/{id}/approve (受付 → 承認).
func (s *server) approveOrder(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, s.sales.Approve)
}

// cancelOrderApproval answers POST /api/v1/orders/{id}/cancel-approval
// (承認 → 受付).
func (s *server) cancelOrderApproval(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, s.sales.CancelApproval)
}

// markOrderInvoiced answers POST /api/v1/orders/{id}/invoiced (出荷済 → 請求済).
func (s *server) markOrderInvoiced(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, s.sales.MarkInvoiced)
}

// completeOrder answers POST /api/v1/orders/{id}/complete (請求済 → 完了).
func (s *server) completeOrder(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, s.sales.Complete)
}

// cancelOrder answers POST /api/v1/orders/{id}/cancel with a reason; the
// reserved stock is given back.
func (s *server) cancelOrder(w http.ResponseWriter, r *http.Request) error {
	var in OrderCancel
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	return s.transition(w, r, func(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (sales.Order, error) {
		return s.sales.Cancel(ctx, t, id, in.Reason, actor)
	})
}

// shipOrder answers POST /api/v1/orders/{id}/shipments: a shipment of some
// or all of what is left; the order is 出荷済 once every line has shipped.
func (s *server) shipOrder(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var body ShipmentCreate
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	in := sales.ShipmentInput{Carrier: body.Carrier, TrackingNumber: body.TrackingNumber, All: body.All}
	if body.ShippedOn != "" {
		if in.ShippedOn, err = pricing.ParseDate(body.ShippedOn); err != nil {
			return oroshi.Invalid("shipped_on", "出荷日は YYYY-MM-DD の形式で、実在する日を指定してください")
		}
	}
	for _, l := range body.Lines {
		in.Lines = append(in.Lines, sales.ShipmentLine{LineNo: l.LineNo, Quantity: l.Quantity})
	}
	o, err := s.sales.Ship(r.Context(), p.Tenant.ID, id, in, actor)
	if err != nil {
		return orderError(err)
	}
	writeJSON(w, http.StatusCreated, orderOut(o))
	return nil
}

// getBuyerOrderSettings answers GET /api/v1/buyers/{id}/order-settings.
func (s *server) getBuyerOrderSettings(w http.ResponseWriter, r *http.Request) error {
	p, _, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	// Settings of a buyer never saved read as all off: ask for the buyer
	// first, so that another tenant's or a made-up ID is 404.
	if _, err := s.buyers.Buyer(r.Context(), p.Tenant.ID, id); err != nil {
		return err
	}
	bs, err := s.sales.BuyerSettings(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, buyerOrderSettingsOut(bs))
	return nil
}

// putBuyerOrderSettings answers PUT /api/v1/buyers/{id}/order-settings:
// every setting is replaced.
func (s *server) putBuyerOrderSettings(w http.ResponseWriter, r *http.Request) error {
	p, actor, err := callerOf(r)
	if err != nil {
		return err
	}
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	var in BuyerOrderSettingsInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v := &oroshi.ValidationError{}
	bs := sales.BuyerSettings{BuyerID: id, AutoApprove: in.AutoApprove, BuyerApproval: in.BuyerApproval}
	if in.ApproverUserID != nil {
		bs.ApproverUserID = bodyID(v, "approver_user_id", *in.ApproverUserID, "承認担当者のユーザーIDが正しくありません")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.sales.SaveBuyerSettings(r.Context(), p.Tenant.ID, bs, actor); err != nil {
		return err
	}
	saved, err := s.sales.BuyerSettings(r.Context(), p.Tenant.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, buyerOrderSettingsOut(saved))
	return nil
}
