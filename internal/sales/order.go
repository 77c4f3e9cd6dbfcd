package sales

import (
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Limits of an order.
const (
	MaxLines          = 5000 // lines per order (pricing.MaxCartLines); 1,000 are tested
	MaxPONumberLen    = 50   // 発注番号
	MaxNoteLen        = 1000 // 備考
	MaxIdemKeyLen     = 100
	MaxReasonLen      = 500 // cancel and rejection reasons
	MaxCarrierLen     = 50
	MaxTrackingLen    = 100
	MaxQuickOrderRows = 500 // lines of one quick-order paste
)

// ShipTo is the delivery address as it was when the order was placed.
type ShipTo struct {
	ID         oroshi.ID // the buyers.ShipTo it came from
	Label      string
	Recipient  string
	PostalCode string
	Address    string
	Phone      string
}

// Line is one order line: a snapshot of the SKU and its price at order time.
type Line struct {
	No          int // 1-based position in the order
	SKUID       oroshi.ID
	Code        string // 品番
	JAN         string
	ProductName string
	Variant     string
	Unit        string
	CaseQty     int // 入数
	Quantity    int64
	UnitPrice   oroshi.Yen // tax excluded
	PriceRule   string     // the pricing rule's label (e.g. 個別単価), for the seller
	TaxRate     int        // 10 or 8
	Amount      oroshi.Yen // Quantity × UnitPrice
	Reserved    bool       // stock was taken at order time (tracked SKU)
	ShippedQty  int64
}

// Remaining is what is still to ship on the line.
func (l Line) Remaining() int64 { return l.Quantity - l.ShippedQty }

// Order is a placed order. Lines, Shipments and Events are filled by
// Order and BuyerOrder, not by the lists.
type Order struct {
	ID            oroshi.ID
	Tenant        oroshi.TenantID
	Number        string // O-2026-000123
	BuyerID       oroshi.ID
	BuyerName     string // filled by reads
	Status        Status
	Version       int64     // bumped by every change; transitions check it
	PlacedBy      oroshi.ID // the buyer user, or the seller staff for a proxy order
	PlacedByRealm string    // audit.RealmShop or audit.RealmAdmin
	Proxy         bool      // 代理注文: entered by seller staff
	QuoteID       oroshi.ID // the accepted quote, 0 if none
	ShipTo        ShipTo
	DesiredDate   pricing.Date // 希望納品日, zero when not asked
	PONumber      string       // the buyer's 発注番号
	Note          string
	TaxRounding   pricing.Rounding
	Totals        Totals
	LineCount     int
	CancelReason  string
	CreditHold    string // why the order waits for the seller (与信限度額超過); "" when it does not
	PlacedAt      time.Time
	UpdatedAt     time.Time
	Lines         []Line
	Shipments     []Shipment
	Events        []Event // the timeline, oldest first
}

// FullyShipped reports whether every line has shipped in full.
func (o Order) FullyShipped() bool {
	for _, l := range o.Lines {
		if l.Remaining() > 0 {
			return false
		}
	}
	return len(o.Lines) > 0
}

// Shipment is one delivery of some or all of an order's lines.
type Shipment struct {
	ID             oroshi.ID
	OrderID        oroshi.ID
	ShippedOn      pricing.Date
	Carrier        string // 運送会社
	TrackingNumber string // 送り状番号
	Lines          []ShipmentLine
	CreatedBy      oroshi.ID
	CreatedAt      time.Time
}

// ShipmentLine is the quantity of one order line (by No) in a shipment.
type ShipmentLine struct {
	LineNo   int
	Quantity int64
}

// EventType names a sales event; dispatchers (mail, webhooks, notices)
// choose by it. The values are stored and sent to webhook receivers.
type EventType string

// Event types.
const (
	EventOrderCreated                EventType = "order.created" // the seller has a new order (受付)
	EventOrderApproved               EventType = "order.approved"
	EventOrderApprovalCancelled      EventType = "order.approval_cancelled"
	EventOrderShipped                EventType = "order.shipped" // each shipment, partial or last
	EventOrderInvoiced               EventType = "order.invoiced"
	EventOrderCompleted              EventType = "order.completed"
	EventOrderCancelled              EventType = "order.cancelled"
	EventOrderBuyerApprovalRequested EventType = "order.buyer_approval_requested"
	EventOrderBuyerRejected          EventType = "order.buyer_rejected"
	EventOrderBuyerApproved          EventType = "order.buyer_approved"
)

// Label is the Japanese name for a timeline: the order's, or the quote's
// for quote events (so 発行, not 見積発行).
func (t EventType) Label() string {
	switch t {
	case EventOrderCreated:
		return "受付"
	case EventOrderApproved:
		return "承認"
	case EventOrderApprovalCancelled:
		return "承認取消"
	case EventOrderShipped:
		return "出荷"
	case EventOrderInvoiced:
		return "請求済"
	case EventOrderCompleted:
		return "完了"
	case EventOrderCancelled:
		return "キャンセル"
	case EventOrderBuyerApprovalRequested:
		return "社内承認依頼"
	case EventOrderBuyerRejected:
		return "社内否認"
	case EventOrderBuyerApproved:
		return "社内承認"
	case EventQuoteRequested:
		return "見積依頼"
	case EventQuoteIssued:
		return "発行"
	case EventQuoteAccepted:
		return "受諾（注文）"
	}
	return string(t)
}

// Event is one sales event: a row of the order's timeline and the hook for
// mails, webhooks and notices (dispatched by a job after commit).
type Event struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	OrderID    oroshi.ID // 0 for a quote event
	QuoteID    oroshi.ID // 0 for an order event
	Type       EventType
	OccurredAt time.Time
	ActorRealm string
	ActorID    oroshi.ID
	Detail     map[string]any // e.g. {"from":"received","to":"approved"}, a reason, a shipment
}
