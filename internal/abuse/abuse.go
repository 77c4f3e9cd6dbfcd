// Package abuse protects the service from clients that flood it or probe
// it: fixed-window rate limits per client address and per API key, and an
// automatic temporary block of an address that sends attack-looking
// requests or bursts of errors. Counters and blocks live in the database
// so that every instance enforces the same limits.
package abuse

import (
	"context"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Block is a client address refused until Until.
type Block struct {
	Address string
	Reason  string // "sql-injection", "script-injection", "path-traversal", "4xx-burst"
	Since   time.Time
	Until   time.Time
	Hits    int
	// LiftedAt is set when an operator lifted the block early.
	LiftedAt *time.Time
	LiftedBy string
}

// Active tells whether the block is in force at now.
func (b Block) Active(now time.Time) bool { return b.LiftedAt == nil && b.Until.After(now) }

// ReasonLabel is the Japanese name of the reason, for the console.
func (b Block) ReasonLabel() string {
	switch b.Reason {
	case "sql-injection":
		return "SQLインジェクションの試行"
	case "script-injection":
		return "スクリプト埋め込みの試行"
	case "path-traversal":
		return "パス・トラバーサルの試行"
	case "4xx-burst":
		return "エラー応答の連続"
	}
	return b.Reason
}

// Hit is one use counted against a fixed window: N more hits on Key in
// the window starting at Window, whose limit is Max.
type Hit struct {
	Key    string
	Window time.Time
	N      int
	Max    int
}

// Window is a counter that went over its limit, for the console.
type Window struct {
	Key   string
	Start time.Time
	Hits  int
	Max   int
}

// Store keeps the counters and the blocks.
type Store interface {
	// CountHits adds each hit to its window in one unit of work and returns
	// the windows' new totals, in order.
	CountHits(ctx context.Context, hits []Hit) ([]int, error)
	// BlockAddress blocks b.Address until b.Until (a longer block in force
	// is kept).
	BlockAddress(ctx context.Context, b Block) error
	// ActiveBlocks are the blocks in force at now.
	ActiveBlocks(ctx context.Context, now time.Time) ([]Block, error)
	// RecentBlocks are the newest blocks, lifted and expired included.
	RecentBlocks(ctx context.Context, limit int) ([]Block, error)
	// LiftBlock ends the block of address now, recorded in the operators'
	// history.
	LiftBlock(ctx context.Context, address string, now time.Time, by audit.Actor) error
	// LimitedWindows are the newest counters that went over their limit.
	LimitedWindows(ctx context.Context, limit int) ([]Window, error)
	// PruneWindows deletes counters of windows that started before t.
	PruneWindows(ctx context.Context, before time.Time) error
}

// Rule is a limit of Max hits per Per.
type Rule struct {
	Max int
	Per time.Duration
}

// Policy is what the guard enforces; DefaultPolicy is the production one.
type Policy struct {
	API    Rule // per API key and per client address, on /api/
	Search Rule // per client address, requests with a non-empty ?q=
	SignIn Rule // per client address, POSTs to sign-in and password pages
	// ProbeMax points (ProbePoints per probe request) within ProbeWindow
	// block the address for BlockFor; so do ErrorBurst 4xx answers.
	ProbeMax    int
	ProbeWindow time.Duration
	ErrorBurst  Rule
	BlockFor    time.Duration
}

// DefaultPolicy: an API integration may send 10 requests a second on
// average and burst up to 600 within a minute; a person searches far less
// than once a second; sign-in POSTs are bounded per address (an office
// behind one NAT address shares it; guessing is stopped per account by
// identity's lockout); three probe requests in ten minutes or 50 client
// errors in a minute block the address for 30 minutes.
var DefaultPolicy = Policy{
	API:         Rule{Max: 600, Per: time.Minute},
	Search:      Rule{Max: 60, Per: time.Minute},
	SignIn:      Rule{Max: 120, Per: time.Minute},
	ProbeMax:    3 * ProbePoints,
	ProbeWindow: 10 * time.Minute,
	ErrorBurst:  Rule{Max: 50, Per: time.Minute},
	BlockFor:    30 * time.Minute,
}

// CacheTTL is how long an instance trusts its copy of the blocks.
const CacheTTL = 5 * time.Second

// windowKinds name the counters by their key's prefix, for the console.
var windowKinds = []struct{ prefix, label string }{
	{"api:addr:", "API（アドレス単位）"}, {"api:key:", "API（APIキー単位）"}, {"search:", "検索（?q=）"},
	{"signin:", "サインイン・パスワード"}, {"probe:", "不審なリクエスト"}, {"4xx:", "エラー応答"},
}

// Kind is the Japanese name of the limit.
func (w Window) Kind() string {
	for _, k := range windowKinds {
		if strings.HasPrefix(w.Key, k.prefix) {
			return k.label
		}
	}
	return w.Key
}

// Subject is the address or the API key's hash the window counts.
func (w Window) Subject() string {
	for _, k := range windowKinds {
		if strings.HasPrefix(w.Key, k.prefix) {
			return strings.TrimPrefix(w.Key, k.prefix)
		}
	}
	return ""
}
