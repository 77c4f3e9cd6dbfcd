package sales

import (
	"fmt"
	"time"
)

// Counters name the per-tenant sequences behind document numbers. A
// counter only grows (it never resets with the year), so a number is never
// given twice even if the year part were the same.
const (
	CounterOrder = "order"
	CounterQuote = "quote"
)

// Number prefixes.
const (
	PrefixOrder = "O"
	PrefixQuote = "Q"
)

// jst is Japan Standard Time (no daylight saving: a fixed zone suffices).
var jst = time.FixedZone("JST", 9*60*60)

// FormatNumber makes a human-readable document number such as
// "O-2026-000123": prefix, the JST year of placement, and the tenant's
// counter value padded to six digits (wider when it outgrows them).
func FormatNumber(prefix string, at time.Time, n int64) string {
	return fmt.Sprintf("%s-%04d-%06d", prefix, at.In(jst).Year(), n)
}
