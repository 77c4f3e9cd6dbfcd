// Package documents issues the business documents (帳票) of a seller —
// 見積書, 注文請書 and 納品書 — as PDFs from quotes, orders and shipments,
// keeps every issued one unchanged with its SHA-256 (a re-issue is a new
// version referring to the one before), holds the tenant's versioned
// layout settings, and lets seller staff and the buyer it was issued to
// find and download them (電子帳簿保存法: search by date, amount and
// counterparty). Nothing here deletes a document: they are kept for the
// tenant's retention period and go only with the tenant at contract end.
package documents

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Kind is a kind of document. The values are stored and used by the API.
type Kind string

// Kinds.
const (
	KindQuote             Kind = "quote"              // 見積書
	KindOrderConfirmation Kind = "order_confirmation" // 注文請書
	KindDeliverySlip      Kind = "delivery_slip"      // 納品書
	KindInvoice           Kind = "invoice"            // 請求書 of a billing invoice (invoice.go)
	KindCreditNote        Kind = "credit_note"        // 返還請求書 of a credit note (credit.go)
)

// IssuedKinds are the kinds this package issues, in display order.
var IssuedKinds = []Kind{KindQuote, KindOrderConfirmation, KindDeliverySlip, KindInvoice, KindCreditNote}

// GreetingKinds are the kinds whose greeting the layout keeps, in display
// order: the issued ones and the 請求書.
var GreetingKinds = []Kind{KindQuote, KindOrderConfirmation, KindDeliverySlip, KindInvoice}

// Label is the document's Japanese title.
func (k Kind) Label() string {
	switch k {
	case KindQuote:
		return "見積書"
	case KindOrderConfirmation:
		return "注文請書"
	case KindDeliverySlip:
		return "納品書"
	case KindInvoice:
		return "請求書"
	case KindCreditNote:
		return "返還請求書"
	}
	return string(k)
}

// Valid reports whether k is one of IssuedKinds.
func (k Kind) Valid() bool {
	for _, x := range IssuedKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Qualified tells whether a document of kind k is a qualified invoice
// (適格請求書) by itself and so needs the issuer's registration number.
func (k Kind) Qualified() bool {
	return k == KindDeliverySlip || k == KindInvoice || k == KindCreditNote
}

// Action is the operation-history label of issuing a document of kind k.
func (k Kind) Action() string { return k.Label() + "（発行）" }

// Audit actions besides issuing, and the target type of documents.
const (
	ActionDownload     = "帳票（ダウンロード）"
	ActionLayoutUpdate = "帳票設定（更新）"
	TargetDocument     = "document"
	TargetLayout       = "document_layout"
)

// Source types: what a document was made from.
const (
	SourceQuote    = "quote"    // SourceVersion is the quote's version
	SourceOrder    = "order"    // 注文請書
	SourceShipment = "shipment" // 納品書: SourceID is the shipment, OrderID its order
	SourceInvoice  = "invoice"  // 請求書: SourceID is the billing invoice (OrderID its order when per-order)
	SourceCredit   = "credit_note"
)

// Document is an issued document's record; the PDF itself is read apart
// (Store.DocumentPDF) and never changes.
type Document struct {
	ID            oroshi.ID
	Tenant        oroshi.TenantID
	Kind          Kind
	Number        string // the source's number: Q-2026-000012, O-2026-000123, O-2026-000123-1
	SourceType    string
	SourceID      oroshi.ID
	SourceVersion int       // quote version; 0 otherwise
	OrderID       oroshi.ID // the order of an order confirmation or delivery slip
	Version       int       // 1 first, +1 per re-issue
	Supersedes    oroshi.ID // the version before, 0 for the first
	LayoutVersion int
	BuyerID       oroshi.ID // the counterparty (取引先)
	BuyerName     string    // as printed
	DocDate       pricing.Date
	Total         oroshi.Yen // tax included
	SHA256        string     // hex of the PDF
	Size          int
	IssuedAt      time.Time
	IssuedBy      oroshi.ID
	IssuedRealm   string
}

// FileName is the Japanese download name: 納品書_O-2026-000123-1_v2.pdf.
func (d Document) FileName() string {
	return d.Kind.Label() + "_" + d.Number + "_v" + itoa(d.Version) + ".pdf"
}

// Query selects documents for a search; zero fields do not filter. Dates
// are the transaction dates (取引年月日), both ends inclusive; amounts are
// totals with tax, both ends inclusive.
type Query struct {
	Kind       Kind
	BuyerID    oroshi.ID
	From, To   pricing.Date
	MinTotal   *oroshi.Yen
	MaxTotal   *oroshi.Yen
	SourceType string
	SourceID   oroshi.ID
	OrderID    oroshi.ID
	After      *Key // keyset: strictly after (older than) this one
	Limit      int
	LatestOnly bool // leave out versions superseded by a re-issue
}

// Key is a document's place in list order (newest issue first).
type Key struct {
	IssuedAt time.Time
	ID       oroshi.ID
}

// Store is what documents need from the database. Writes record their
// audit event in the same transaction.
type Store interface {
	// DocumentLayout is the latest layout; Version 0 when never saved.
	DocumentLayout(ctx context.Context, t oroshi.TenantID) (Layout, error)
	DocumentLayoutVersion(ctx context.Context, t oroshi.TenantID, version int) (Layout, error)
	// SaveDocumentLayout stores l as the next version (the store numbers it).
	SaveDocumentLayout(ctx context.Context, t oroshi.TenantID, l Layout, ev audit.Event) (Layout, error)
	// InsertDocument stores an issued document with its PDF (d.ID set by
	// the caller, from NewID) and queues mails telling of it, in one
	// transaction. A document of the same source and version already there
	// wraps oroshi.ErrConflict.
	InsertDocument(ctx context.Context, d Document, pdf []byte, ev audit.Event, mails ...notify.Mail) (Document, error)
	NewID() oroshi.ID
	Document(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Document, error)
	DocumentPDF(ctx context.Context, t oroshi.TenantID, id oroshi.ID) ([]byte, error)
	Documents(ctx context.Context, t oroshi.TenantID, q Query) ([]Document, error)
	RecordAudit(ctx context.Context, e audit.Event) error

	// Rows of other areas that documents are made from.
	Order(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Order, error)
	Quote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Quote, error)
	Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Buyer, error)
	Tenant(ctx context.Context, id oroshi.TenantID) (tenancy.Tenant, error)
	SalesSettings(ctx context.Context, t oroshi.TenantID) (sales.Settings, error)
	Invoice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.Invoice, error)       // with lines
	CreditNote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.CreditNote, error) // with lines
	// Who hears of an issued document.
	User(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (identity.User, error)
	BuyerUsers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error)
}
