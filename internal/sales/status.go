// Package sales is ordering: the buyer's cart, checkout (注文確定), the
// order lifecycle from 受付 to 完了, buyer-side approval (社内承認), order
// numbers, consumption tax per rate, and the sales events that mails,
// webhooks and in-site notices are built on.
//
// The rules live here; the SQL lives in sqlstore behind Store. Every change
// is one store transaction that also records the audit event (操作履歴) and
// a sales event, whose job hands it to the Dispatchers (see internal/jobs).
// Validation errors are *oroshi.ValidationError with Japanese messages; the
// fields of the i-th order or cart line are keyed "lines[i].quantity" and
// so on (i from 0).
package sales

import (
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// Status is where an order is in its life.
type Status string

// Order statuses. The values are stored in the database and the API.
const (
	StatusBuyerApproval    Status = "buyer_approval" // waiting for the buyer company's admin
	StatusReceived         Status = "received"
	StatusApproved         Status = "approved"
	StatusPartiallyShipped Status = "partially_shipped"
	StatusShipped          Status = "shipped"
	StatusInvoiced         Status = "invoiced"
	StatusCompleted        Status = "completed"
	StatusCancelled        Status = "cancelled"
)

// Statuses lists every status in lifecycle order (for filters and tests).
var Statuses = []Status{StatusBuyerApproval, StatusReceived, StatusApproved, StatusPartiallyShipped,
	StatusShipped, StatusInvoiced, StatusCompleted, StatusCancelled}

// Label is the Japanese name shown on screens.
func (s Status) Label() string {
	switch s {
	case StatusBuyerApproval:
		return "社内承認待ち"
	case StatusReceived:
		return "受付"
	case StatusApproved:
		return "承認"
	case StatusPartiallyShipped:
		return "一部出荷"
	case StatusShipped:
		return "出荷済"
	case StatusInvoiced:
		return "請求済"
	case StatusCompleted:
		return "完了"
	case StatusCancelled:
		return "キャンセル"
	}
	return string(s)
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// SellerVisible reports whether seller staff see an order in this status:
// an order waiting for the buyer's own approval is not yet theirs.
func (s Status) SellerVisible() bool { return s != StatusBuyerApproval }

// Action is something done to an order.
type Action string

// Actions. Ship may end in partially_shipped or shipped: Next answers the
// partial outcome and Service.Ship picks shipped once every line is done.
const (
	ActionApprove        Action = "approve"
	ActionCancelApproval Action = "cancel_approval"
	ActionShip           Action = "ship"
	ActionInvoice        Action = "invoice"
	ActionComplete       Action = "complete"
	ActionCancel         Action = "cancel"
	ActionBuyerApprove   Action = "buyer_approve"
	ActionBuyerReject    Action = "buyer_reject"
)

// Actions lists every action (for tests and the API).
var Actions = []Action{ActionApprove, ActionCancelApproval, ActionShip, ActionInvoice, ActionComplete,
	ActionCancel, ActionBuyerApprove, ActionBuyerReject}

// Label is the Japanese name of the action, as buttons show it.
func (a Action) Label() string {
	switch a {
	case ActionApprove:
		return "承認"
	case ActionCancelApproval:
		return "承認取消"
	case ActionShip:
		return "出荷"
	case ActionInvoice:
		return "請求済にする"
	case ActionComplete:
		return "完了"
	case ActionCancel:
		return "キャンセル"
	case ActionBuyerApprove:
		return "社内承認"
	case ActionBuyerReject:
		return "社内否認"
	}
	return string(a)
}

// transitions is the whole lifecycle: from → action → to. Anything missing
// is not allowed. Ship names its partial outcome (see Actions).
var transitions = map[Status]map[Action]Status{
	StatusBuyerApproval: {
		ActionBuyerApprove: StatusReceived, // or approved when the seller auto-approves
		ActionBuyerReject:  StatusCancelled,
		ActionCancel:       StatusCancelled,
	},
	StatusReceived: {
		ActionApprove: StatusApproved,
		ActionCancel:  StatusCancelled,
	},
	StatusApproved: {
		ActionCancelApproval: StatusReceived,
		ActionShip:           StatusPartiallyShipped,
		ActionCancel:         StatusCancelled,
	},
	StatusPartiallyShipped: {ActionShip: StatusPartiallyShipped},
	StatusShipped:          {ActionInvoice: StatusInvoiced},
	StatusInvoiced:         {ActionComplete: StatusCompleted},
}

// TransitionError says an action is not possible in the order's status.
// It matches oroshi.ErrConflict.
type TransitionError struct {
	From   Status
	Action Action
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("「%s」の注文は「%s」できません", e.From.Label(), e.Action.Label())
}

// Is makes errors.Is(err, oroshi.ErrConflict) true.
func (e *TransitionError) Is(target error) bool { return target == oroshi.ErrConflict }

// Message is the Japanese text for people.
func (e *TransitionError) Message() string { return e.Error() }

// Next is the status after doing a in from, or a *TransitionError when the
// lifecycle does not allow it. Ship answers partially_shipped; see Actions.
func Next(from Status, a Action) (Status, error) {
	to, ok := transitions[from][a]
	if !ok {
		return "", &TransitionError{From: from, Action: a}
	}
	return to, nil
}

// Allowed lists the actions possible in s, in Actions order (for buttons).
func Allowed(s Status) []Action {
	var out []Action
	for _, a := range Actions {
		if _, ok := transitions[s][a]; ok {
			out = append(out, a)
		}
	}
	return out
}
