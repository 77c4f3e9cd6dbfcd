package sales

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// change is one status change to apply.
type change struct {
	action   Action
	auditAct string
	event    EventType
	reason   string    // cancel and rejection
	ship     *Shipment // ship
	// to overrides Next's answer (ship → shipped, buyer approval →
	// approved); "" keeps it.
	to Status
	// extra are further sales events of the same change (a buyer approval
	// also means the seller has received the order).
	extra []EventType
	// auto adds the 自動承認 audit event (buyer approval with auto-approve).
	auto bool
}

// apply loads the order, checks the lifecycle allows the change and has the
// store make it, guarded by the order's status and version.
func (s *Service) apply(ctx context.Context, t oroshi.TenantID, o Order, ch change, actor audit.Actor) (Order, error) {
	to, err := Next(o.Status, ch.action)
	if err != nil {
		return Order{}, fmt.Errorf("order %s: %w", o.Number, err)
	}
	if ch.to != "" {
		to = ch.to
	}
	ev := event(actor, t, ch.auditAct, TargetOrder, o.ID)
	ev.Detail = statusDetail(o.Number, o.Status, to)
	detail := map[string]any{"number": o.Number, "from": string(o.Status), "to": string(to)}
	if ch.reason != "" {
		ev.Detail["reason"], detail["reason"] = ch.reason, ch.reason
	}
	if ch.ship != nil {
		sd := shipmentDetail(*ch.ship)
		ev.Detail["shipment"], detail["shipment"] = sd, sd
	}
	tr := Transition{OrderID: o.ID, From: o.Status, To: to, Version: o.Version, Shipment: ch.ship,
		Release: to == StatusCancelled, Audit: []audit.Event{ev}, Events: []Event{salesEvent(actor, ch.event, detail)}}
	for _, typ := range ch.extra {
		tr.Events = append(tr.Events, salesEvent(actor, typ, detail))
	}
	if ch.auto {
		auto := event(systemActor, t, ActionOrderAutoApprove, TargetOrder, o.ID)
		auto.Detail = statusDetail(o.Number, StatusReceived, StatusApproved)
		tr.Audit = append(tr.Audit, auto)
		tr.Events = append(tr.Events, salesEvent(systemActor, EventOrderApproved, map[string]any{"auto": true, "number": o.Number}))
	}
	if ch.reason != "" && to == StatusCancelled {
		tr.CancelReason = ch.reason
	}
	if err := s.Store.ApplyTransition(ctx, t, tr); err != nil {
		return Order{}, fmt.Errorf("order %s %s: %w", o.Number, ch.action, err)
	}
	return s.Order(ctx, t, o.ID)
}

// do loads the order and applies ch to it.
func (s *Service) do(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ch change, actor audit.Actor) (Order, error) {
	o, err := s.Order(ctx, t, id)
	if err != nil {
		return Order{}, err
	}
	return s.apply(ctx, t, o, ch, actor)
}

// Approve approves a received order (受付 → 承認).
func (s *Service) Approve(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Order, error) {
	return s.do(ctx, t, id, change{action: ActionApprove, auditAct: ActionOrderApprove, event: EventOrderApproved}, actor)
}

// CancelApproval takes an approval back (承認 → 受付).
func (s *Service) CancelApproval(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Order, error) {
	return s.do(ctx, t, id, change{action: ActionCancelApproval, auditAct: ActionOrderCancelApproval,
		event: EventOrderApprovalCancelled}, actor)
}

// MarkInvoiced marks a shipped order invoiced (出荷済 → 請求済).
func (s *Service) MarkInvoiced(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Order, error) {
	return s.do(ctx, t, id, change{action: ActionInvoice, auditAct: ActionOrderInvoice, event: EventOrderInvoiced}, actor)
}

// Complete completes an invoiced order (請求済 → 完了).
func (s *Service) Complete(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) (Order, error) {
	return s.do(ctx, t, id, change{action: ActionComplete, auditAct: ActionOrderComplete, event: EventOrderCompleted}, actor)
}

// Cancel cancels an order not yet shipped, with a required reason; the
// stock it reserved is given back in the same transaction.
func (s *Service) Cancel(ctx context.Context, t oroshi.TenantID, id oroshi.ID, reason string, actor audit.Actor) (Order, error) {
	reason, err := checkReason(reason, "キャンセル理由")
	if err != nil {
		return Order{}, err
	}
	return s.do(ctx, t, id, change{action: ActionCancel, auditAct: ActionOrderCancel, event: EventOrderCancelled,
		reason: reason}, actor)
}

func checkReason(reason, what string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxReasonLen {
		return "", oroshi.Invalid("reason", fmt.Sprintf("%sを%d文字以内で入力してください", what, MaxReasonLen))
	}
	return reason, nil
}

// BulkResult is the outcome of one order of a bulk action.
type BulkResult struct {
	ID    oroshi.ID
	Order Order // when Err is nil
	Err   error
}

// ApproveMany approves several orders, each on its own (and audited on its
// own); one failing does not stop the others.
func (s *Service) ApproveMany(ctx context.Context, t oroshi.TenantID, ids []oroshi.ID, actor audit.Actor) []BulkResult {
	out := make([]BulkResult, 0, len(ids))
	for _, id := range ids {
		o, err := s.Approve(ctx, t, id, actor)
		out = append(out, BulkResult{ID: id, Order: o, Err: err})
	}
	return out
}

// buyerAdmin checks that actor is an active buyer admin of buyerID.
func (s *Service) buyerAdmin(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, actor audit.Actor) error {
	u, err := s.Store.User(ctx, t, actor.ID)
	if err != nil {
		return fmt.Errorf("buyer approval by user %s: %w", actor.ID, err)
	}
	if u.Realm != identity.RealmShop || u.BuyerID != buyerID || u.Role != identity.RoleBuyerAdmin ||
		u.Status != identity.StatusActive {
		return fmt.Errorf("user %s is not an admin of buyer %s: %w", actor.ID, buyerID, oroshi.ErrForbidden)
	}
	return nil
}

// BuyerApprove is the buyer admin's approval (社内承認) of an order waiting
// for it: the seller then receives it (and approves it at once when it
// auto-approves the company's orders).
func (s *Service) BuyerApprove(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, actor audit.Actor) (Order, error) {
	if err := s.buyerAdmin(ctx, t, buyerID, actor); err != nil {
		return Order{}, err
	}
	o, err := s.BuyerOrder(ctx, t, buyerID, id)
	if err != nil {
		return Order{}, err
	}
	bs, err := s.BuyerSettings(ctx, t, buyerID)
	if err != nil {
		return Order{}, err
	}
	ch := change{action: ActionBuyerApprove, auditAct: ActionOrderBuyerApprove, event: EventOrderBuyerApproved,
		extra: []EventType{EventOrderCreated}}
	if bs.AutoApprove {
		ch.to, ch.auto = StatusApproved, true
	}
	return s.apply(ctx, t, o, ch, actor)
}

// BuyerReject is the buyer admin's refusal (社内否認) with a reason: the
// order is cancelled and its stock given back.
func (s *Service) BuyerReject(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, reason string, actor audit.Actor) (Order, error) {
	reason, err := checkReason(reason, "否認理由")
	if err != nil {
		return Order{}, err
	}
	if err := s.buyerAdmin(ctx, t, buyerID, actor); err != nil {
		return Order{}, err
	}
	o, err := s.BuyerOrder(ctx, t, buyerID, id)
	if err != nil {
		return Order{}, err
	}
	return s.apply(ctx, t, o, change{action: ActionBuyerReject, auditAct: ActionOrderBuyerReject,
		event: EventOrderBuyerRejected, reason: reason}, actor)
}
