package billing

import (
	"context"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Store is what billing needs from the database. Every method is scoped to
// one tenant; changes record their audit events in their own transaction.
type Store interface {
	BillingSettings(ctx context.Context, t oroshi.TenantID) (Settings, error) // DefaultSettings when never saved
	SaveBillingSettings(ctx context.Context, t oroshi.TenantID, st Settings, ev audit.Event) error
	SalesSettings(ctx context.Context, t oroshi.TenantID) (sales.Settings, error)
	Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Buyer, error)
	// BillingBuyers lists every buyer of the tenant (closing day, terms,
	// code and name are what closing needs), by code.
	BillingBuyers(ctx context.Context, t oroshi.TenantID) ([]buyers.Buyer, error)
	// ClosedBuyers are the buyers already closed for date.
	ClosedBuyers(ctx context.Context, t oroshi.TenantID, date pricing.Date) (map[oroshi.ID]bool, error)

	// CloseBilling bills one buyer (monthly) or one order (per-order) in one
	// transaction, see Closing.
	CloseBilling(ctx context.Context, c Closing) (Outcome, error)
	// ShippedUninvoiced lists fully shipped orders (出荷済) that have no
	// per-order invoice yet and shipped on or before upTo.
	ShippedUninvoiced(ctx context.Context, t oroshi.TenantID, upTo pricing.Date) ([]oroshi.ID, error)
	// OrderInvoice finds the per-order invoice of an order.
	OrderInvoice(ctx context.Context, t oroshi.TenantID, orderID oroshi.ID) (Invoice, error)

	Invoice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Invoice, error) // with lines and payments
	Invoices(ctx context.Context, t oroshi.TenantID, f Filter) ([]Invoice, error)

	// RecordPayment adds a payment to its invoice. Unless p.Overpayment,
	// it refuses with ErrOverpayment when the invoice's balance (read in
	// the same transaction) is smaller than p.Applied().
	RecordPayment(ctx context.Context, t oroshi.TenantID, p Payment, ev audit.Event) (Payment, error)
	// CancelPayment takes a payment back (ErrPaymentCancelled if it was).
	CancelPayment(ctx context.Context, t oroshi.TenantID, id oroshi.ID, note string, ev audit.Event) (Payment, error)
	Payment(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Payment, error)
	Payments(ctx context.Context, t oroshi.TenantID, f PaymentFilter) ([]Payment, error)

	// Balance is a buyer's position: invoiced, paid, open orders.
	Balance(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (Balance, error)
	// OpenItems lists invoices with a positive balance, by buyer code.
	OpenItems(ctx context.Context, t oroshi.TenantID) ([]OpenItem, error)

	RecordAudit(ctx context.Context, e audit.Event) error

	CreditStore // 返還請求書 (credit.go)
	RunStore    // queued closing runs (runs.go)
}

// Closing is one unit of billing for the store. The store reads, in its
// transaction, the buyer's unbilled shipment lines (monthly: every
// shipment of the buyer's orders shipped on or before Date; per-order:
// the order's shipments), the last monthly invoice's total and what the
// buyer owed; Build turns them into the invoice. Monthly, the store first
// records the (buyer, Date) closing, which fails with ErrAlreadyClosed
// when it exists. An Empty invoice is not stored. Otherwise the store
// numbers and inserts it with its lines, marks the shipments billed and
// records Audit (target: the invoice). With MarkOrders it also moves the
// invoice's fully shipped orders whose every shipment is now billed to
// 請求済 (monthly closing bills thousands of orders at once, so it does
// not go through sales.Service one order at a time): one OrderEvent per
// order (timeline, mails, webhooks) and one OrderAudit on the invoice
// naming the orders.
type Closing struct {
	Tenant     oroshi.TenantID
	BuyerID    oroshi.ID
	Kind       Mode
	Date       pricing.Date // closing date (monthly) or issue date (per-order)
	OrderID    oroshi.ID    // per-order
	Build      func(lines []Line, previous, outstanding oroshi.Yen) (Invoice, error)
	Audit      audit.Event
	MarkOrders bool
	OrderAudit audit.Event
	OrderEvent sales.Event
	// QueueDocument queues the new invoice's 請求書 PDF as a job in the
	// invoice's transaction instead of rendering it in the closing.
	QueueDocument bool
}

// Outcome is what a Closing did.
type Outcome struct {
	Invoice        Invoice // zero when none was issued
	Issued         bool
	OrdersInvoiced int
}

// Filter selects invoices for a list; the zero value lists the newest.
type Filter struct {
	BuyerID  oroshi.ID
	From, To pricing.Date // closing/issue date, inclusive; zero: open
	Status   Status       // "": any
	After    *Key         // keyset: invoices older than this one
	Limit    int
}

// Key is an invoice's place in list order (newest first).
type Key struct {
	IssueDate pricing.Date
	ID        oroshi.ID
}

// PaymentFilter selects payments (export, lists).
type PaymentFilter struct {
	BuyerID   oroshi.ID
	InvoiceID oroshi.ID
	From, To  pricing.Date // received on, inclusive; zero: open
	AfterID   oroshi.ID    // keyset by ID ascending
	Limit     int
}

// Balance is a buyer's billing position.
type Balance struct {
	BuyerID    oroshi.ID
	Invoiced   oroshi.Yen // all charges of all invoices (tax included)
	Paid       oroshi.Yen // all payments and fees not cancelled
	Credited   oroshi.Yen // all credit notes (返還請求書), tax included
	OpenOrders oroshi.Yen // open orders' amount not yet invoiced (tax included)
}

// Outstanding is what the buyer owes on its invoices (negative: 前受金).
func (b Balance) Outstanding() oroshi.Yen { return b.Invoiced - b.Paid - b.Credited }

// Exposure is what the credit limit is compared with: outstanding plus
// open orders.
func (b Balance) Exposure() oroshi.Yen { return b.Outstanding() + b.OpenOrders }
