package sales

import (
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// TestNextEveryPair tries every (status, action) pair against the lifecycle
// written out independently here: anything not listed must be refused.
func TestNextEveryPair(t *testing.T) {
	allowed := map[Status]map[Action]Status{
		StatusBuyerApproval: {ActionBuyerApprove: StatusReceived, ActionBuyerReject: StatusCancelled, ActionCancel: StatusCancelled},
		StatusReceived:      {ActionApprove: StatusApproved, ActionCancel: StatusCancelled},
		StatusApproved: {ActionCancelApproval: StatusReceived, ActionShip: StatusPartiallyShipped,
			ActionCancel: StatusCancelled},
		StatusPartiallyShipped: {ActionShip: StatusPartiallyShipped},
		StatusShipped:          {ActionInvoice: StatusInvoiced},
		StatusInvoiced:         {ActionComplete: StatusCompleted},
	}
	if len(Statuses) != 8 || len(Actions) != 8 {
		t.Fatalf("%d statuses, %d actions; the matrix below expects 8 × 8", len(Statuses), len(Actions))
	}
	n := 0
	for _, from := range Statuses {
		for _, a := range Actions {
			n++
			got, err := Next(from, a)
			want, ok := allowed[from][a]
			switch {
			case ok && (err != nil || got != want):
				t.Errorf("Next(%s, %s) = %q, %v; want %q", from, a, got, err, want)
			case !ok && err == nil:
				t.Errorf("Next(%s, %s) = %q; want refused", from, a, got)
			case !ok:
				var te *TransitionError
				if !errors.As(err, &te) || !errors.Is(err, oroshi.ErrConflict) || te.Message() == "" {
					t.Errorf("Next(%s, %s) error %v: want a *TransitionError matching ErrConflict", from, a, err)
				}
			}
		}
	}
	if n != 64 {
		t.Fatalf("tried %d pairs", n)
	}
	if _, err := Next(StatusCompleted, ActionCancel); err == nil || err.Error() != "「完了」の注文は「キャンセル」できません" {
		t.Errorf("message: %v", err)
	}
}

func TestLabels(t *testing.T) {
	want := map[Status]string{StatusBuyerApproval: "社内承認待ち", StatusReceived: "受付", StatusApproved: "承認",
		StatusPartiallyShipped: "一部出荷", StatusShipped: "出荷済", StatusInvoiced: "請求済", StatusCompleted: "完了",
		StatusCancelled: "キャンセル"}
	for _, s := range Statuses {
		if s.Label() != want[s] || !s.Valid() {
			t.Errorf("%s: label %q valid %v", s, s.Label(), s.Valid())
		}
	}
	if Status("x").Valid() || StatusBuyerApproval.SellerVisible() || !StatusReceived.SellerVisible() {
		t.Error("Valid/SellerVisible")
	}
	if got := Allowed(StatusApproved); len(got) != 3 || got[0] != ActionCancelApproval {
		t.Errorf("Allowed(approved) = %v", got)
	}
}
