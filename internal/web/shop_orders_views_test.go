package web

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The buyer ordering pages' views for TestPagesRender (pageViews is
// declared in templates_test.go): filled ones, so that the branches with
// lines, totals, problems and shipments are rendered too.
func init() {
	line := shopLine{SKUID: "7", ProductURL: "/sakura/products/3", Name: "本醸造だし醤油", Variant: "500ml", Code: "SH-500",
		Unit: "本", CaseQty: "12", Lot: "1", MinQty: "1", Quantity: 12, QuantityText: "12", UnitPrice: 870, Amount: 10440,
		Priced: true, TaxRate: 8, Reduced: true, Problems: []string{"最小発注数量は12です"}, Error: "数量を1以上で入力してください",
		UpdateURL: "/sakura/cart/items/7", RemoveURL: "/sakura/cart/items/7/delete"}
	totals := newShopTotals(sales.Totals{ByRate: []sales.RateTotal{{Rate: 10, Subtotal: 315, Tax: 31}, {Rate: 8, Subtotal: 10440, Tax: 835}},
		Subtotal: 10755, Tax: 866, Total: 11621})
	order := shopOrderView{Number: "O-2026-000001", Status: newShopStatus(sales.StatusBuyerApproval), Pending: true,
		Lines: []shopLine{line}, Totals: totals, ApprovalsURL: "/sakura/approvals",
		Shipments: []shopShipment{{ShippedOn: "2026年5月14日（木）", Carrier: "ヤマト運輸", Tracking: "1234-5678-9012",
			Items: []shopShipmentItem{{Name: "本醸造だし醤油", Code: "SH-500", Quantity: "12", Unit: "本"}}}},
		Events: []shopEvent{{At: "2026/05/13 10:00", Label: "受付", Who: "貴社", Reason: "予算超過"}}}
	for name, data := range map[string]any{
		"shop/cart/show": shopCartView{Lines: []shopLine{line}, Totals: totals, Problems: 1, Alert: sales.MsgStaleCart,
			Skipped: []shopLine{line}},
		"shop/cart/quick": shopQuickView{TextErrors: []string{"1行目: 「品番 数量」の形で入力してください"},
			CSVErrors: []string{"行2 「数量」: 数量は1〜1000000の整数で入力してください"}},
		"shop/checkout/form": shopCheckoutView{Lines: []shopLine{line}, Totals: totals,
			ShipTos: []shopShipTo{{ID: "1", Label: "本店", PostalCode: "143-0006", Address: "東京都大田区", Selected: true}}},
		"shop/checkout/review": shopCheckoutView{Lines: []shopLine{line}, Totals: totals, Key: "web-x", Revision: 3},
		"shop/checkout/placed": order,
		"shop/orders/index": shopOrdersView{Orders: []shopOrderRow{{Number: "O-2026-000001", Status: newShopStatus(sales.StatusShipped)}},
			Next: "/sakura/orders?cursor=x", First: "/sakura/orders", Filtered: true},
		"shop/orders/show": order,
		"shop/approvals/index": shopApprovalsView{Enabled: true, Orders: []shopApprovalRow{{ID: "5",
			shopOrderRow: shopOrderRow{Number: "O-2026-000002"}, PlacedBy: "佐藤 美咲"}}},
	} {
		e := pageViews[name]
		e.data, e.areas = data, []string{"shop"}
		pageViews[name] = e
	}
}

func TestDateLabel(t *testing.T) {
	d := pricing.NewDate(2026, 11, 27)
	for _, c := range []struct {
		lang     string
		withYear bool
		want     string
	}{
		{langJA, false, "11月27日（金）"},
		{langJA, true, "2026年11月27日（金）"},
		{langEN, false, "Fri 27 Nov"},
		{langEN, true, "Fri 27 Nov 2026"},
	} {
		if got := dateLabel(d, c.lang, c.withYear); got != c.want {
			t.Errorf("dateLabel(%s, %s, %v) = %q, want %q", d, c.lang, c.withYear, got, c.want)
		}
	}
	if got := dateLabel(pricing.Date{}, langJA, true); got != "" {
		t.Errorf("zero date: %q", got)
	}
}

func TestOrderedMessages(t *testing.T) {
	got := orderedMessages(map[string]string{"rows[10]": "c", "rows[2]": "b", "file.2": "a2", "file": "a1", "rows": "z"})
	want := []string{"a1", "a2", "z", "b", "c"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("orderedMessages (-want +got):\n%s", diff)
	}
}

func TestFormQuantity(t *testing.T) {
	for in, want := range map[string]int64{"12": 12, "１２": 12, " 1,000 ": 1000, "0": 0} {
		if got, ok := formQuantity(in); !ok || got != want {
			t.Errorf("formQuantity(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1.5"} {
		if _, ok := formQuantity(in); ok {
			t.Errorf("formQuantity(%q) accepted", in)
		}
	}
}
