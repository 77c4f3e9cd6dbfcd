package api

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Orders (受注): /api/v1/orders, their lifecycle actions, and the ordering
// settings of a buyer company.

// OrderSummary is an order without its lines, as lists show it.
type OrderSummary struct {
	ID                  string           `json:"id" doc:"注文ID"`
	Number              string           `json:"number" doc:"注文番号（例: O-2026-000123。契約者内で一意、再利用されない）"`
	Status              string           `json:"status" doc:"状態: buyer_approval（社内承認待ち）, received（受付）, approved（承認）, partially_shipped（一部出荷）, shipped（出荷済）, invoiced（請求済）, completed（完了）, cancelled（キャンセル）"`
	StatusLabel         string           `json:"status_label" doc:"状態の表示名（日本語）"`
	AllowedActions      []string         `json:"allowed_actions" doc:"今の状態でできる操作: approve, cancel_approval, ship, invoice, complete, cancel"`
	BuyerID             string           `json:"buyer_id" doc:"取引先ID"`
	BuyerName           string           `json:"buyer_name" doc:"取引先名"`
	Proxy               bool             `json:"proxy" doc:"代理注文（販売側が取引先に代わって入力）か"`
	PlacedByRealm       string           `json:"placed_by_realm" doc:"注文した主体: shop（取引先ユーザー）, admin（販売側担当者）, api（APIキー）"`
	PlacedBy            string           `json:"placed_by" doc:"注文したユーザーまたはAPIキーのID"`
	QuoteID             *string          `json:"quote_id" doc:"元の見積のID（見積からの注文でなければ null）"`
	ShipTo              OrderShipTo      `json:"ship_to" doc:"納品先（注文時点の内容）"`
	DesiredDeliveryDate *string          `json:"desired_delivery_date" doc:"希望納品日 YYYY-MM-DD（日本時間。指定なしは null）"`
	PONumber            string           `json:"po_number" doc:"取引先の発注番号"`
	Note                string           `json:"note" doc:"備考"`
	TaxRounding         string           `json:"tax_rounding" doc:"消費税の端数処理: floor（切り捨て）, half_up（四捨五入）, ceil（切り上げ）"`
	Subtotal            int64            `json:"subtotal" doc:"小計（税抜、円）"`
	Tax                 int64            `json:"tax" doc:"消費税（税率ごとに1回計算した合計、円）"`
	Total               int64            `json:"total" doc:"合計（税込、円）"`
	TaxByRate           []OrderRateTotal `json:"tax_by_rate" doc:"税率ごとの小計と消費税（明細のある税率のみ、高い税率が先）"`
	LineCount           int              `json:"line_count" doc:"明細の行数"`
	CancelReason        string           `json:"cancel_reason" doc:"キャンセル理由（キャンセル時のみ）"`
	PlacedAt            time.Time        `json:"placed_at" doc:"注文日時（RFC 3339）"`
	UpdatedAt           time.Time        `json:"updated_at" doc:"更新日時（RFC 3339）"`
}

// Order is one order with its lines, shipments and timeline.
type Order struct {
	OrderSummary
	Lines     []OrderLine     `json:"lines" doc:"明細（注文時点の商品名・単価）"`
	Shipments []OrderShipment `json:"shipments" doc:"出荷（古い順）"`
	Events    []OrderEvent    `json:"events" doc:"経過（古い順）"`
}

// OrderShipTo is the delivery address as it was when the order was placed.
type OrderShipTo struct {
	ID         string `json:"id" doc:"元の納品先ID"`
	Label      string `json:"label" doc:"納品先名"`
	Recipient  string `json:"recipient" doc:"宛名"`
	PostalCode string `json:"postal_code" doc:"郵便番号"`
	Address    string `json:"address" doc:"住所"`
	Phone      string `json:"phone" doc:"電話番号"`
}

// OrderRateTotal is the part of an order at one tax rate.
type OrderRateTotal struct {
	Rate     int   `json:"rate" doc:"税率（%）: 10 または 8（軽減税率）"`
	Subtotal int64 `json:"subtotal" doc:"この税率の小計（税抜、円）"`
	Tax      int64 `json:"tax" doc:"この税率の消費税（小計に対して1回計算、円）"`
}

// OrderLine is one order line, a snapshot of the SKU and its price.
type OrderLine struct {
	LineNo      int    `json:"line_no" doc:"行番号（1から）"`
	SKUID       string `json:"sku_id" doc:"品番（SKU）のID"`
	ProductCode string `json:"product_code" doc:"品番"`
	JAN         string `json:"jan" doc:"JANコード"`
	ProductName string `json:"product_name" doc:"商品名"`
	Variant     string `json:"variant" doc:"規格"`
	Unit        string `json:"unit" doc:"単位"`
	CaseQty     int    `json:"case_qty" doc:"入数"`
	Quantity    int64  `json:"quantity" doc:"数量"`
	UnitPrice   int64  `json:"unit_price" doc:"単価（税抜、円）"`
	PriceRule   string `json:"price_rule" doc:"単価の根拠（例: 個別単価、価格表）"`
	TaxRate     int    `json:"tax_rate" doc:"税率（%）"`
	Amount      int64  `json:"amount" doc:"金額（数量×単価、税抜、円）"`
	ShippedQty  int64  `json:"shipped_quantity" doc:"出荷済の数量"`
}

// OrderShipment is one delivery of some of an order's lines.
type OrderShipment struct {
	ID             string              `json:"id" doc:"出荷ID"`
	ShippedOn      string              `json:"shipped_on" doc:"出荷日 YYYY-MM-DD"`
	Carrier        string              `json:"carrier" doc:"運送会社"`
	TrackingNumber string              `json:"tracking_number" doc:"送り状番号"`
	Lines          []OrderShipmentLine `json:"lines" doc:"出荷した明細と数量"`
	CreatedAt      time.Time           `json:"created_at" doc:"登録日時（RFC 3339）"`
}

// OrderShipmentLine is the quantity of one order line in a shipment.
type OrderShipmentLine struct {
	LineNo   int   `json:"line_no" doc:"注文の行番号"`
	Quantity int64 `json:"quantity" doc:"出荷数量"`
}

// OrderEvent is one row of an order's timeline.
type OrderEvent struct {
	ID         string         `json:"id" doc:"イベントID"`
	Type       string         `json:"type" doc:"種別（例: order.created, order.approved, order.shipped）"`
	Label      string         `json:"label" doc:"種別の表示名（日本語）"`
	OccurredAt time.Time      `json:"occurred_at" doc:"日時（RFC 3339）"`
	ActorRealm string         `json:"actor_realm" doc:"操作した主体: shop, admin, api, system"`
	ActorID    *string        `json:"actor_id" doc:"操作したユーザーまたはAPIキーのID（システムは null）"`
	Detail     map[string]any `json:"detail" doc:"内容（状態の変化、理由、出荷など）"`
}

// OrderCreate is the body of POST /api/v1/orders: a proxy order (代理注文)
// entered by the API key for a buyer, at the buyer's prices of today.
type OrderCreate struct {
	BuyerID             string           `json:"buyer_id" doc:"取引先ID"`
	ShipToID            string           `json:"ship_to_id" doc:"納品先ID（その取引先の納品先）"`
	DesiredDeliveryDate string           `json:"desired_delivery_date,omitempty" doc:"希望納品日 YYYY-MM-DD（翌営業日以降、1年以内。省略可）"`
	PONumber            string           `json:"po_number,omitempty" doc:"取引先の発注番号（50文字以内）"`
	Note                string           `json:"note,omitempty" doc:"備考（1000文字以内）"`
	Lines               []OrderLineInput `json:"lines" doc:"明細（1行以上。エラーは fields の lines[i].sku_id、lines[i].product_code、lines[i].quantity（i は0から））"`
}

// OrderLineInput is a line to order: a SKU by ID or by 品番.
type OrderLineInput struct {
	SKUID       string `json:"sku_id,omitempty" doc:"品番（SKU）のID（product_code とどちらか一方）"`
	ProductCode string `json:"product_code,omitempty" doc:"品番（sku_id とどちらか一方）"`
	Quantity    int64  `json:"quantity" doc:"数量（最小発注数量以上、発注単位の倍数、在庫管理する品番は在庫以内）"`
}

// ShipmentCreate is the body of POST /api/v1/orders/{id}/shipments.
type ShipmentCreate struct {
	ShippedOn      string               `json:"shipped_on,omitempty" doc:"出荷日 YYYY-MM-DD（省略時は今日、日本時間）"`
	Carrier        string               `json:"carrier,omitempty" doc:"運送会社（50文字以内）"`
	TrackingNumber string               `json:"tracking_number,omitempty" doc:"送り状番号（100文字以内）"`
	All            bool                 `json:"all,omitempty" doc:"true: 全明細の残数をすべて出荷（lines は送らない）"`
	Lines          []ShipmentLineCreate `json:"lines,omitempty" doc:"出荷する明細と数量（各明細の残数以内）"`
}

// ShipmentLineCreate is the quantity of one order line to ship.
type ShipmentLineCreate struct {
	LineNo   int   `json:"line_no" doc:"注文の行番号（1から）"`
	Quantity int64 `json:"quantity" doc:"出荷数量"`
}

// OrderCancel is the body of POST /api/v1/orders/{id}/cancel.
type OrderCancel struct {
	Reason string `json:"reason" doc:"キャンセル理由（必須、500文字以内）"`
}

// BuyerOrderSettings are a buyer company's ordering settings.
type BuyerOrderSettings struct {
	BuyerID        string     `json:"buyer_id" doc:"取引先ID"`
	AutoApprove    bool       `json:"auto_approve" doc:"自動承認: この取引先の注文を受付と同時に承認する"`
	BuyerApproval  bool       `json:"buyer_approval" doc:"社内承認: 発注上限額を超える発注担当者の注文は取引先の管理者の承認を待つ"`
	ApproverUserID *string    `json:"approver_user_id" doc:"承認担当者（販売側担当者のユーザーID。未設定は null）"`
	UpdatedAt      *time.Time `json:"updated_at" doc:"更新日時（一度も保存していなければ null）"`
}

// BuyerOrderSettingsInput is the body of PUT
// /api/v1/buyers/{id}/order-settings: every setting is replaced.
type BuyerOrderSettingsInput struct {
	AutoApprove    bool    `json:"auto_approve" doc:"自動承認"`
	BuyerApproval  bool    `json:"buyer_approval" doc:"社内承認"`
	ApproverUserID *string `json:"approver_user_id,omitempty" doc:"承認担当者のユーザーID（有効な販売側担当者）。null・空文字・省略で未設定"`
}

// sellerActions are the actions the API offers (buyer-side approval is the
// buyer's own, in the shop).
var sellerActions = map[sales.Action]bool{sales.ActionApprove: true, sales.ActionCancelApproval: true,
	sales.ActionShip: true, sales.ActionInvoice: true, sales.ActionComplete: true, sales.ActionCancel: true}

func orderSummaryOut(o sales.Order) OrderSummary {
	out := OrderSummary{ID: o.ID.String(), Number: o.Number, Status: string(o.Status), StatusLabel: o.Status.Label(),
		AllowedActions: []string{}, BuyerID: o.BuyerID.String(), BuyerName: o.BuyerName, Proxy: o.Proxy,
		PlacedByRealm: o.PlacedByRealm, PlacedBy: o.PlacedBy.String(), QuoteID: optID(o.QuoteID),
		ShipTo: OrderShipTo{ID: o.ShipTo.ID.String(), Label: o.ShipTo.Label, Recipient: o.ShipTo.Recipient,
			PostalCode: o.ShipTo.PostalCode, Address: o.ShipTo.Address, Phone: o.ShipTo.Phone},
		DesiredDeliveryDate: optDate(o.DesiredDate), PONumber: o.PONumber, Note: o.Note,
		TaxRounding: string(o.TaxRounding), Subtotal: int64(o.Totals.Subtotal), Tax: int64(o.Totals.Tax),
		Total: int64(o.Totals.Total), TaxByRate: make([]OrderRateTotal, 0, len(o.Totals.ByRate)),
		LineCount: o.LineCount, CancelReason: o.CancelReason, PlacedAt: utc(o.PlacedAt), UpdatedAt: utc(o.UpdatedAt)}
	for _, a := range sales.Allowed(o.Status) {
		if sellerActions[a] {
			out.AllowedActions = append(out.AllowedActions, string(a))
		}
	}
	for _, r := range o.Totals.ByRate {
		out.TaxByRate = append(out.TaxByRate, OrderRateTotal{Rate: r.Rate, Subtotal: int64(r.Subtotal), Tax: int64(r.Tax)})
	}
	return out
}

func orderOut(o sales.Order) Order {
	out := Order{OrderSummary: orderSummaryOut(o), Lines: make([]OrderLine, 0, len(o.Lines)),
		Shipments: make([]OrderShipment, 0, len(o.Shipments)), Events: make([]OrderEvent, 0, len(o.Events))}
	for _, l := range o.Lines {
		out.Lines = append(out.Lines, OrderLine{LineNo: l.No, SKUID: l.SKUID.String(), ProductCode: l.Code, JAN: l.JAN,
			ProductName: l.ProductName, Variant: l.Variant, Unit: l.Unit, CaseQty: l.CaseQty, Quantity: l.Quantity,
			UnitPrice: int64(l.UnitPrice), PriceRule: l.PriceRule, TaxRate: l.TaxRate, Amount: int64(l.Amount),
			ShippedQty: l.ShippedQty})
	}
	for _, sh := range o.Shipments {
		lines := make([]OrderShipmentLine, 0, len(sh.Lines))
		for _, l := range sh.Lines {
			lines = append(lines, OrderShipmentLine{LineNo: l.LineNo, Quantity: l.Quantity})
		}
		out.Shipments = append(out.Shipments, OrderShipment{ID: sh.ID.String(), ShippedOn: sh.ShippedOn.String(),
			Carrier: sh.Carrier, TrackingNumber: sh.TrackingNumber, Lines: lines, CreatedAt: utc(sh.CreatedAt)})
	}
	for _, e := range o.Events {
		detail := e.Detail
		if detail == nil {
			detail = map[string]any{}
		}
		out.Events = append(out.Events, OrderEvent{ID: e.ID.String(), Type: string(e.Type), Label: e.Type.Label(),
			OccurredAt: utc(e.OccurredAt), ActorRealm: e.ActorRealm, ActorID: optID(e.ActorID), Detail: detail})
	}
	return out
}

func buyerOrderSettingsOut(bs sales.BuyerSettings) BuyerOrderSettings {
	out := BuyerOrderSettings{BuyerID: bs.BuyerID.String(), AutoApprove: bs.AutoApprove,
		BuyerApproval: bs.BuyerApproval, ApproverUserID: optID(bs.ApproverUserID)}
	if !bs.UpdatedAt.IsZero() {
		u := utc(bs.UpdatedAt)
		out.UpdatedAt = &u
	}
	return out
}

// optDate is a civil date that may be absent: null for none.
func optDate(d pricing.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
