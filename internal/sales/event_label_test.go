package sales

import "testing"

// TestEventTypeLabel: every event type has its Japanese timeline label.
func TestEventTypeLabel(t *testing.T) {
	want := map[EventType]string{
		EventOrderCreated: "受付", EventOrderApproved: "承認", EventOrderApprovalCancelled: "承認取消",
		EventOrderShipped: "出荷", EventOrderInvoiced: "請求済", EventOrderCompleted: "完了",
		EventOrderCancelled: "キャンセル", EventOrderBuyerApprovalRequested: "社内承認依頼",
		EventOrderBuyerRejected: "社内否認", EventOrderBuyerApproved: "社内承認",
		EventQuoteRequested: "見積依頼", EventQuoteIssued: "発行", EventQuoteAccepted: "受諾（注文）",
	}
	for typ, label := range want {
		if got := typ.Label(); got != label {
			t.Errorf("%s: label %q, want %q", typ, got, label)
		}
	}
	if got := EventType("order.unknown").Label(); got != "order.unknown" {
		t.Errorf("unknown type labelled %q", got)
	}
}
