package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The seller's order pages, for TestPagesRender: with rows, so that the
// loops and branches of the templates are rendered too.
func init() {
	at := time.Date(2026, 5, 13, 1, 0, 0, 0, time.UTC)
	line := sales.Line{No: 1, Code: "RED-1", ProductName: "本枯れ鰹節", Variant: "500g", Unit: "袋", Quantity: 3,
		UnitPrice: 200, PriceRule: "定価", TaxRate: 8, Amount: 600, ShippedQty: 1}
	o := sales.Order{ID: 9, Number: "O-2026-000009", BuyerID: 3, BuyerName: "株式会社まるやま商店", Status: sales.StatusPartiallyShipped,
		Proxy: true, ShipTo: sales.ShipTo{Label: "本社", PostalCode: "530-0001", Address: "大阪府大阪市北区梅田1-1"},
		DesiredDate: pricing.Date{Year: 2026, Month: 5, Day: 20}, PONumber: "FAX-1", Note: "至急", TaxRounding: pricing.RoundFloor,
		Totals:    sales.Totals{ByRate: []sales.RateTotal{{Rate: 8, Subtotal: 600, Tax: 48}}, Subtotal: 600, Tax: 48, Total: 648},
		LineCount: 1, PlacedAt: at, UpdatedAt: at, Lines: []sales.Line{line}}
	sh := sales.Shipment{ShippedOn: pricing.Date{Year: 2026, Month: 5, Day: 14}, Carrier: "ヤマト運輸", TrackingNumber: "1234",
		Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 1}}, CreatedAt: at}
	show := orderShowView{Order: o, PlacedBy: "桜井 一郎", CanShip: true, CanCancel: true, Reason: "x",
		Actions:   []orderAction{{Path: "/orders/9/approve", Label: "承認する", Primary: true, Confirm: "この注文を完了にします"}},
		Shipments: []shipmentRow{{Shipment: sh, By: "桜井 一郎", Lines: []shipmentLineRow{{No: 1, Code: "RED-1", Name: "本枯れ鰹節", Quantity: 1}}}},
		Timeline:  []timelineRow{{Label: "出荷", At: at, Actor: "桜井 一郎", Auto: true, Reason: "r", Ship: "2026-05-14"}}}
	b := buyers.Buyer{ID: 3, Code: "B001", Name: "株式会社まるやま商店", Kana: "マルヤマ"}
	lv := sales.LineView{Known: true, SKU: sales.SKU{ProductName: "本枯れ鰹節"}, Quantity: 3, Priced: true, UnitPrice: 200,
		Amount: 600, TaxRate: 8, PriceRule: "定価", Problems: []string{"在庫がありません"}}
	form := proxyForm{BuyerID: 3, ShipToID: "4", Key: "k", Rows: []proxyRow{{No: 1, Code: "RED-1", Qty: "3", Error: "e"}}}
	for name, data := range map[string]any{
		"admin/orders/index": orderListView{Orders: []orderRow{newOrderRow("/sakura/admin", "", true, o)}, Next: "/n", First: "/f",
			Tabs:    []orderTab{{Label: "受付", URL: "/x", Count: "3", Current: true}, {Label: "すべて", URL: "/y"}},
			Results: []bulkRow{{ID: 9, Number: "O-1", OK: true}, {ID: 8, Message: "m"}}, Approved: 1, Failed: 1, Message: "m",
			Filter: orderFilterForm{Status: "received", Buyer: "B001"}},
		"admin/orders/show": show,
		"admin/orders/ship": orderShipView{Order: o, Lines: []shipLineRow{{Line: line, Qty: "2", Error: "e"}}, ShippedOn: "2026-05-14"},
		"admin/orders/new": proxyView{Buyer: b, ShipTos: []buyers.ShipTo{{ID: 4, Label: "本社", IsDefault: true}}, Form: form,
			Earliest: "2026-05-14", Searched: true, Buyers: []buyers.Buyer{b}},
		"admin/orders/review": proxyView{Buyer: b, Form: form, Preview: sales.Preview{Lines: []sales.LineView{lv},
			Totals: o.Totals, Orderable: true}, Lines: []reviewLine{{LineView: lv, No: 1}}},
		"admin/sales/settings": salesSettingsView{Roundings: []buyerOption{{Value: "floor", Label: "切り捨て", Selected: true}}, UpdatedAt: at},
	} {
		v := pageViews[name]
		v.data, v.areas = data, []string{"admin"}
		pageViews[name] = v
	}
}
