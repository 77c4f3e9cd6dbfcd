package audit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// The history as people browse it: filters, pages newest first, and the
// check of one entry against its hash.

// HistoryLimit bounds a page of the history.
const HistoryLimit = 50

// ExportAction is recorded when someone downloads the history as CSV.
const ExportAction = "操作履歴（出力）"

// Filter narrows the history; zero fields do not filter. All given
// fields must match.
type Filter struct {
	ActorID    oroshi.ID
	Action     string
	TargetType string
	TargetID   string
	From, To   time.Time // at ≥ From and at < To (zero: open)
	// BuyerID, when set, keeps only events whose actor is a shop user of
	// that buyer company: a buyer admin's view of its own company.
	BuyerID oroshi.ID
	// Before is the keyset cursor: only entries older than it (zero:
	// from the newest).
	Before Cursor
	Limit  int // page size; 0 or more than HistoryLimit means HistoryLimit
}

// PageLimit is f's page size, within 1…HistoryLimit.
func (f Filter) PageLimit() int {
	if f.Limit <= 0 || f.Limit > HistoryLimit {
		return HistoryLimit
	}
	return f.Limit
}

// Entry is an event with its actor's name as the tenant knows it ("" when
// the actor is not a user of the tenant: an operator, the system, a
// deleted key).
type Entry struct {
	Event
	ActorName string
}

// Page is one page of entries, newest first; Next is the cursor of the
// next page (zero on the last).
type Page struct {
	Entries []Entry
	Next    Cursor
}

// Cursor is a place in the history, newest first: by time, then by seq
// (entries of one microsecond keep their recorded order).
type Cursor struct {
	At  time.Time
	Seq int64
}

// IsZero tells whether c is the start (the newest entry).
func (c Cursor) IsZero() bool { return c.Seq == 0 }

// CursorOf is the cursor just past e.
func CursorOf(e Event) Cursor { return Cursor{At: e.At, Seq: e.Seq} }

// String is the cursor as a URL parameter: "<unix µs>.<seq>".
func (c Cursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.Seq, 10)
}

// ParseCursor reads Cursor.String; "" is the zero cursor.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	us, seq, ok := strings.Cut(s, ".")
	t, err1 := strconv.ParseInt(us, 10, 64)
	n, err2 := strconv.ParseInt(seq, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 {
		return Cursor{}, fmt.Errorf("history cursor %q is not valid", s)
	}
	return Cursor{At: time.UnixMicro(t).UTC(), Seq: n}, nil
}

// Check is what a per-entry check found: whether the entry's content still
// matches its hash and whether its prev_hash is the hash of the entry
// before it (Linked; true for the first entry).
type Check struct {
	Sealed bool
	Linked bool
}

// OK tells whether the entry checked out.
func (c Check) OK() bool { return c.Sealed && c.Linked }

// CheckEntry checks one stored event: detail is its stored detail text and
// prevHash the hash stored on the entry before it ("" for seq 1). It is
// the cheap, local form of Verify: a whole-chain walk also finds deleted
// entries and a moved head.
func CheckEntry(key []byte, e Event, detail []byte, prevHash string) Check {
	canon, err := CanonicalDetail(detail)
	sealed := err == nil && len(key) > 0 && hmacEqual(Sum(key, e, canon), e.Hash)
	return Check{Sealed: sealed, Linked: e.PrevHash == prevHash}
}

// RealmLabel is the Japanese name of an actor realm.
func RealmLabel(realm string) string {
	switch realm {
	case RealmOps:
		return "運営者"
	case RealmAdmin:
		return "管理画面"
	case RealmShop:
		return "取引先"
	case RealmAPI:
		return "API"
	case RealmSystem:
		return "システム"
	}
	return realm
}
