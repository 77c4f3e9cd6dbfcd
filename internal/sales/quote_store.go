package sales

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// QuoteStore is what quotes need from the database besides Store. Every
// change is one transaction that also records its audit event and sales
// events (each with the quote as target).
type QuoteStore interface {
	// CreateQuote allocates the quote's number from the tenant's 'quote'
	// counter and writes the quote with its first version (a draft).
	CreateQuote(ctx context.Context, q Quote, first QuoteVersion, ev audit.Event, events []Event) (Quote, error)
	// ChangeQuote applies a checked change, see QuoteChange.
	ChangeQuote(ctx context.Context, t oroshi.TenantID, ch QuoteChange) error
	// Quote returns one quote with every version (oldest first), their
	// lines and the quote's events.
	Quote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Quote, error)
	// Quotes lists quotes without versions, most recently changed first.
	Quotes(ctx context.Context, t oroshi.TenantID, q QuoteQuery) ([]Quote, error)
}

// QuoteChange is a checked change for the store: the quote must still be
// at From and RowVersion (else ErrQuoteChanged). In one transaction it
// moves to To and, when set: Draft replaces (or adds) the draft version
// Draft.Version with its lines; Issue freezes version Issue (at IssuedAt,
// by IssuedBy) and makes it the quote's issued version; WithdrawReason is
// kept. Audit and Events are recorded with the quote as target.
type QuoteChange struct {
	QuoteID        oroshi.ID
	From, To       QuoteStatus
	RowVersion     int64
	Draft          *QuoteVersion
	Issue          int
	IssuedBy       oroshi.ID
	WithdrawReason string
	Audit          []audit.Event
	Events         []Event
}

// QuoteAcceptance is the quote side of a placement that accepts a quote:
// in the order's transaction the store marks the quote accepted — only if
// it is still issued at RowVersion with Version as its latest issued
// version valid on Today — links it to the new order and records Audit
// and Events (the quote as target, the order named in them). Anything
// else fails with ErrQuoteChanged and nothing is written.
type QuoteAcceptance struct {
	QuoteID    oroshi.ID
	Version    int
	RowVersion int64
	Today      pricing.Date
	Audit      audit.Event
	Events     []Event
}

// QuoteQuery selects quotes for a list.
type QuoteQuery struct {
	// Status filters; QuoteExpired means issued with ValidUntil before
	// Today, QuoteIssued then means issued and still valid.
	Status  QuoteStatus
	Today   pricing.Date
	BuyerID oroshi.ID
	Number  string    // substring of the quote number
	After   *QuoteKey // keyset: quotes strictly after (older than) this one
	Limit   int
}

// QuoteKey is a quote's place in list order (most recently changed first).
type QuoteKey struct {
	UpdatedAt time.Time
	ID        oroshi.ID
}

// ErrQuoteChanged: the quote was changed by someone else meanwhile (or
// is no longer acceptable when accepting).
var ErrQuoteChanged = fmt.Errorf("quote changed meanwhile: %w", oroshi.ErrConflict)
