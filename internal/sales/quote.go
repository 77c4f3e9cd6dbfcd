package sales

import (
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Quotes (見積). A buyer requests one from its cart, or seller staff start
// one; staff edit the draft (lines, unit prices, quantities, validity,
// notes) and issue it. Every issued version is frozen and kept; a revision
// is a new draft made from the latest version, and issuing it supersedes
// the versions before. The buyer accepts the latest issued version before
// its validity ends, which places an order at the quoted prices through
// the same placement as checkout (see QuoteService.Accept).

// QuoteStatus is where a quote is. Expired is never stored: an issued
// quote whose validity date (JST) has passed is expired (Quote.StatusOn).
type QuoteStatus string

// Quote statuses.
const (
	QuoteRequested QuoteStatus = "requested" // 依頼中: asked by the buyer, not yet worked on
	QuoteDraft     QuoteStatus = "draft"     // 作成中: staff are editing (a new quote or a revision)
	QuoteIssued    QuoteStatus = "issued"    // 発行済: the buyer may accept the latest version
	QuoteAccepted  QuoteStatus = "accepted"  // 受注済: became an order
	QuoteWithdrawn QuoteStatus = "withdrawn" // 取下げ
	QuoteExpired   QuoteStatus = "expired"   // 期限切れ: derived, see StatusOn
)

// QuoteStatuses lists every status (for filters and tests).
var QuoteStatuses = []QuoteStatus{QuoteRequested, QuoteDraft, QuoteIssued, QuoteAccepted, QuoteWithdrawn, QuoteExpired}

// Label is the Japanese name shown on screens.
func (s QuoteStatus) Label() string {
	switch s {
	case QuoteRequested:
		return "依頼中"
	case QuoteDraft:
		return "作成中"
	case QuoteIssued:
		return "発行済"
	case QuoteAccepted:
		return "受注済"
	case QuoteWithdrawn:
		return "取下げ"
	case QuoteExpired:
		return "期限切れ"
	}
	return string(s)
}

// Valid reports whether s is one of QuoteStatuses.
func (s QuoteStatus) Valid() bool {
	for _, x := range QuoteStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// QuoteAction is something done to a quote.
type QuoteAction string

// Quote actions.
const (
	QuoteEdit     QuoteAction = "edit"     // save the draft
	QuoteIssue    QuoteAction = "issue"    // freeze the draft as the next version
	QuoteRevise   QuoteAction = "revise"   // start a new draft from the latest version
	QuoteWithdraw QuoteAction = "withdraw" // 取下げ
	QuoteAccept   QuoteAction = "accept"   // the buyer orders at the quoted prices
)

// QuoteActions lists every action (for tests).
var QuoteActions = []QuoteAction{QuoteEdit, QuoteIssue, QuoteRevise, QuoteWithdraw, QuoteAccept}

// Label is the Japanese name of the action, as buttons show it.
func (a QuoteAction) Label() string {
	switch a {
	case QuoteEdit:
		return "編集"
	case QuoteIssue:
		return "発行"
	case QuoteRevise:
		return "改訂"
	case QuoteWithdraw:
		return "取下げ"
	case QuoteAccept:
		return "受諾"
	}
	return string(a)
}

// quoteTransitions is the whole life of a quote; anything missing is not
// allowed. A revision takes an issued or expired quote back to 作成中
// (the buyer cannot accept while the seller is changing it).
var quoteTransitions = map[QuoteStatus]map[QuoteAction]QuoteStatus{
	QuoteRequested: {QuoteEdit: QuoteDraft, QuoteIssue: QuoteIssued, QuoteWithdraw: QuoteWithdrawn},
	QuoteDraft:     {QuoteEdit: QuoteDraft, QuoteIssue: QuoteIssued, QuoteWithdraw: QuoteWithdrawn},
	QuoteIssued:    {QuoteRevise: QuoteDraft, QuoteWithdraw: QuoteWithdrawn, QuoteAccept: QuoteAccepted},
	QuoteExpired:   {QuoteRevise: QuoteDraft, QuoteWithdraw: QuoteWithdrawn},
}

// QuoteTransitionError says an action is not possible in the quote's
// status. It matches oroshi.ErrConflict.
type QuoteTransitionError struct {
	From   QuoteStatus
	Action QuoteAction
}

func (e *QuoteTransitionError) Error() string {
	if e.Action == QuoteAccept {
		switch e.From {
		case QuoteExpired:
			return "この見積は有効期限が切れているため受諾できません"
		case QuoteWithdrawn:
			return "この見積は取り下げられたため受諾できません"
		case QuoteAccepted:
			return "この見積は既に受注済です"
		case QuoteDraft, QuoteRequested:
			return "この見積は発行されていないため受諾できません（改訂中の場合は再発行をお待ちください）"
		}
	}
	return fmt.Sprintf("「%s」の見積は「%s」できません", e.From.Label(), e.Action.Label())
}

// Is makes errors.Is(err, oroshi.ErrConflict) true.
func (e *QuoteTransitionError) Is(target error) bool { return target == oroshi.ErrConflict }

// Message is the Japanese text for people.
func (e *QuoteTransitionError) Message() string { return e.Error() }

// NextQuote is the status after doing a in from, or a
// *QuoteTransitionError when the quote's life does not allow it.
func NextQuote(from QuoteStatus, a QuoteAction) (QuoteStatus, error) {
	to, ok := quoteTransitions[from][a]
	if !ok {
		return "", &QuoteTransitionError{From: from, Action: a}
	}
	return to, nil
}

// QuoteAllowed lists the actions possible in s, in QuoteActions order.
func QuoteAllowed(s QuoteStatus) []QuoteAction {
	var out []QuoteAction
	for _, a := range QuoteActions {
		if _, ok := quoteTransitions[s][a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// QuoteLine is one line of a quote version: a snapshot of the SKU, the
// quantity and the unit price set by staff (tax excluded).
type QuoteLine struct {
	No          int // 1-based
	SKUID       oroshi.ID
	Code        string // 品番
	JAN         string
	ProductName string
	Variant     string
	Unit        string
	CaseQty     int
	Quantity    int64
	UnitPrice   oroshi.Yen
	PriceRule   string // where the price came from: 見積単価 (set by staff) or the pricing rule's label
	TaxRate     int
	Amount      oroshi.Yen
}

// QuoteVersion is one version of a quote. A version not Issued is the
// draft being edited; once issued it never changes.
type QuoteVersion struct {
	Version     int
	Lines       []QuoteLine
	ValidUntil  pricing.Date // 有効期限 (JST, inclusive); zero in a draft not yet dated
	Notes       string       // 備考 printed on the quote
	TaxRounding pricing.Rounding
	Totals      Totals
	Issued      bool
	IssuedAt    time.Time
	IssuedBy    oroshi.ID
	UpdatedAt   time.Time
}

// Quote is a quote with, when read one at a time, every version (oldest
// first) and its events.
type Quote struct {
	ID              oroshi.ID
	Tenant          oroshi.TenantID
	Number          string // Q-2026-000012
	BuyerID         oroshi.ID
	BuyerName       string      // filled by reads
	Status          QuoteStatus // as stored: never QuoteExpired, see StatusOn
	RowVersion      int64       // bumped by every change; changes check it
	LatestVersion   int         // the highest version number (the draft while one is open)
	IssuedVersion   int         // the latest issued version, 0 when none
	ValidUntil      pricing.Date
	Total           oroshi.Yen // the latest version's total, tax included
	RequestedBy     oroshi.ID  // the buyer user who asked, 0 when staff started it
	RequestNote     string     // the buyer's note with the request
	CreatedBy       oroshi.ID  // the staff member who started it, 0 for a request
	WithdrawReason  string
	OrderID         oroshi.ID // the order made by accepting, 0 if none
	AcceptedVersion int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Versions        []QuoteVersion
	Events          []Event
}

// StatusOn is the status as people see it on day today (JST): an issued
// quote whose validity date has passed is expired.
func (q Quote) StatusOn(today pricing.Date) QuoteStatus {
	if q.Status == QuoteIssued && !q.ValidUntil.IsZero() && q.ValidUntil.Compare(today) < 0 {
		return QuoteExpired
	}
	return q.Status
}

// Version returns version n (false when the quote has no such version or
// its versions were not read).
func (q Quote) Version(n int) (QuoteVersion, bool) {
	for _, v := range q.Versions {
		if v.Version == n {
			return v, true
		}
	}
	return QuoteVersion{}, false
}

// Draft is the version being edited, if any.
func (q Quote) Draft() (QuoteVersion, bool) {
	v, ok := q.Version(q.LatestVersion)
	return v, ok && !v.Issued
}

// Superseded tells whether issued version n has a later issued version.
func (q Quote) Superseded(n int) bool { return n < q.IssuedVersion }

// Quote event types (sales events with QuoteID set).
const (
	EventQuoteRequested EventType = "quote.requested"
	EventQuoteIssued    EventType = "quote.issued"
	EventQuoteAccepted  EventType = "quote.accepted"
)

// Audit actions of quotes and their target type.
const (
	ActionQuoteRequest  = "見積（依頼）"
	ActionQuoteCreate   = "見積（作成）"
	ActionQuoteUpdate   = "見積（更新）"
	ActionQuoteIssue    = "見積（発行）"
	ActionQuoteRevise   = "見積（改訂）"
	ActionQuoteWithdraw = "見積（取下げ）"
	ActionQuoteAccept   = "見積（受諾）"

	TargetQuote = "quote"
)

// Limits of a quote.
const (
	MaxQuoteLines    = 500
	MaxQuoteNotesLen = 2000
	MaxRequestLen    = 1000 // the buyer's note with a request
	// QuotePriceLabel names the price of an order line that came from a
	// quote (Line.PriceRule).
	QuotePriceLabel = "見積単価"
)
