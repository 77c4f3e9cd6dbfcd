package sales

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Store is what ordering needs from the database. Every method is scoped to
// one tenant; changes record their audit events and sales events in their
// own transaction (and enqueue one job per sales event).
type Store interface {
	SalesSettings(ctx context.Context, t oroshi.TenantID) (Settings, error) // DefaultSettings when never saved
	SaveSalesSettings(ctx context.Context, t oroshi.TenantID, st Settings, ev audit.Event) error
	// BuyerSettings returns zero settings (all off) when none were saved.
	BuyerSettings(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (BuyerSettings, error)
	SaveBuyerSettings(ctx context.Context, t oroshi.TenantID, bs BuyerSettings, ev audit.Event) error
	UserLimit(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (UserLimit, error) // 0 when never set
	SaveUserLimit(ctx context.Context, t oroshi.TenantID, ul UserLimit, ev audit.Event) error

	// Rows of other areas that ordering reads.
	User(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (identity.User, error)
	Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Buyer, error)
	ShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (buyers.ShipTo, error)
	// BuyerSKUs and BuyerSKUsByCode return the SKUs among ids (codes) that
	// the buyer may order: published, visible to the buyer by the catalogue's
	// one visibility rule. Others are simply missing from the result.
	BuyerSKUs(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, ids []oroshi.ID) ([]SKU, error)
	BuyerSKUsByCode(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, codes []string) ([]SKU, error)

	// Cart returns the user's cart; an empty one at revision 0 when none.
	Cart(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (Cart, error)
	// CartSize is the number of lines in the user's cart (0 without one).
	CartSize(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error)
	// ChangeCart runs fn on the cart's lines inside one transaction that
	// holds the cart, stores what fn returns and bumps the revision. fn's
	// error changes nothing.
	ChangeCart(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID,
		fn func(lines []CartLine) ([]CartLine, error)) (Cart, error)

	// OrderRequest finds an earlier placement by (user, idempotency key).
	OrderRequest(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, key string) (Request, error)
	// PlaceOrder is checkout's atomic part, see Placement. A shortfall of
	// stock wraps *StockError; a stale cart ErrStaleCart; a concurrent
	// placement with the same key ErrDuplicateRequest. Nothing is written
	// then.
	PlaceOrder(ctx context.Context, p Placement) (Order, error)
	// ApplyTransition changes an order's status, see Transition.
	ApplyTransition(ctx context.Context, t oroshi.TenantID, tr Transition) error

	// Order returns one order with lines, shipments and events.
	Order(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Order, error)
	// Orders lists orders without lines, newest first.
	Orders(ctx context.Context, t oroshi.TenantID, q Query) ([]Order, error)
	// CountOrders counts the tenant's orders of status st, stopping at
	// upTo (an index walk of at most upTo entries).
	CountOrders(ctx context.Context, t oroshi.TenantID, st Status, upTo int) (int, error)
	// SalesEvent returns one event, for the dispatchers.
	SalesEvent(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Event, error)
}

// Request is a stored placement request (idempotency).
type Request struct {
	UserID      oroshi.ID
	Key         string
	Fingerprint string
	OrderID     oroshi.ID
}

// Placement is a checked, fully priced order for the store to write in one
// transaction: record the request (UserID, IdemKey, Fingerprint); when
// FromCart, check the cart is still at CartRevision; take the stock of
// every Reserved line with one guarded UPDATE per SKU; allocate the order
// number; insert the order and its lines; empty the cart (FromCart); record
// Audit and Events with the new order's ID as their target.
type Placement struct {
	Order        Order // without ID, Number and PlacedAt: the store sets them
	UserID       oroshi.ID
	IdemKey      string
	Fingerprint  string
	FromCart     bool
	CartRevision int64
	Audit        []audit.Event
	Events       []Event
	// Quote, when the order accepts a quote: the store marks it accepted
	// in the same transaction (see QuoteAcceptance).
	Quote *QuoteAcceptance
}

// The order's CreditHold (credit.go), when set, is stored with the order
// in the placing transaction and read back by Order.

// Transition is a checked status change for the store: the order must still
// be at From and Version (else ErrChanged); it moves to To with
// CancelReason (when set) and, in the same transaction, Shipment is
// recorded (each line's shipped quantity may not pass its quantity),
// Release gives back the reserved and unshipped stock, and Audit and
// Events are recorded.
type Transition struct {
	OrderID      oroshi.ID
	From, To     Status
	Version      int64
	CancelReason string
	Shipment     *Shipment
	Release      bool
	Audit        []audit.Event
	Events       []Event
}

// Query selects orders for a list; the zero value lists the newest of all.
type Query struct {
	Status           Status
	BuyerID          oroshi.ID
	HideBuyerPending bool         // leave out buyer_approval (seller lists)
	From, To         pricing.Date // JST placement dates, inclusive; zero: open
	Product          string       // catalogue search words, matched on the lines' SKUs
	PONumber         string       // prefix of the buyer's 発注番号
	Number           string       // prefix of the order number
	After            *Key         // keyset: orders strictly after (older than) this one
	Limit            int
	Brief            bool // only the fields a list page shows (Filter.Brief)
}

// Key is an order's place in list order (newest first).
type Key struct {
	PlacedAt time.Time
	ID       oroshi.ID
}

// Store errors.
var (
	// ErrStaleCart: the cart changed after the review page was shown.
	ErrStaleCart = errors.New("cart changed")
	// ErrDuplicateRequest: another transaction placed with the same key.
	ErrDuplicateRequest = fmt.Errorf("duplicate order request: %w", oroshi.ErrConflict)
	// ErrChanged: the order was changed by someone else meanwhile.
	ErrChanged = fmt.Errorf("order changed meanwhile: %w", oroshi.ErrConflict)
	// ErrOverShipped: a shipment would ship more than a line has left.
	ErrOverShipped = fmt.Errorf("shipment exceeds remaining quantity: %w", oroshi.ErrConflict)
)

// StockError lists the lines whose stock ran out at placement.
type StockError struct {
	Shortages []Shortage
}

// Shortage is one line short of stock.
type Shortage struct {
	LineNo int // 1-based
	SKUID  oroshi.ID
	Left   int64 // stock left when the order was placed
}

func (e *StockError) Error() string {
	parts := make([]string, len(e.Shortages))
	for i, s := range e.Shortages {
		parts[i] = fmt.Sprintf("line %d sku %s left %d", s.LineNo, s.SKUID, s.Left)
	}
	return "out of stock: " + strings.Join(parts, ", ")
}
