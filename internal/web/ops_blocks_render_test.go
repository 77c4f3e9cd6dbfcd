package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/abuse"
)

// The operators' block page, for TestPagesRender: a block in force, a
// lifted and an expired one, and a rate limit exceeded.
func init() {
	at := time.Date(2026, 12, 9, 17, 0, 0, 0, time.UTC)
	active := abuse.Block{Address: "203.0.113.7", Reason: "sql-injection", Since: at, Until: at.Add(30 * time.Minute), Hits: 30}
	lifted := abuse.Block{Address: "2001:db8::1", Reason: "4xx-burst", Since: at, Until: at.Add(time.Hour), Hits: 50,
		LiftedAt: &at, LiftedBy: "運営 管理者"}
	expired := abuse.Block{Address: "198.51.100.4", Reason: "path-traversal", Since: at, Until: at, Hits: 30}
	pageViews["ops/blocks"] = struct {
		data  any
		areas []string
	}{blocksView{Active: []abuse.Block{active}, Past: []abuse.Block{lifted, expired},
		Limited: []abuse.Window{{Key: "api:key:0123abcd", Start: at, Hits: 601, Max: 600}, {Key: "search:203.0.113.9", Start: at, Hits: 61, Max: 60}}},
		[]string{"ops"}}
}
