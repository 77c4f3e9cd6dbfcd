package sqlstore

import (
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// dialect holds the real differences between the engines. Queries are
// written once with ? placeholders in the shared SQL subset.
type dialect interface {
	rebind(q string) string
	// scopeSQL is run at the start of each unit of work to set the tenant for
	// row-level security; "" when the engine has none.
	scopeSQL() string
	// args adapts arguments to the driver.
	args(a []any) []any
	// chain makes one statement of before and last (chain.go); false when
	// the engine runs them one by one.
	chain(before []stmt, last stmt) (stmt, bool)
}

type sqliteDialect struct{}

func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) scopeSQL() string       { return "" }

// chain: SQLite has no data-modifying WITH queries, and runs in process:
// a statement costs no round trip.
func (sqliteDialect) chain([]stmt, stmt) (stmt, bool) { return stmt{}, false }

// sqliteTimeFormat is fixed-width so that times stored as text compare and
// sort correctly (RFC 3339 with trimmed zeros does not: "05.5Z" > "05.51Z").
// The driver reads it back into time.Time for TIMESTAMP columns.
const sqliteTimeFormat = "2006-01-02T15:04:05.000000Z"

func (sqliteDialect) args(a []any) []any {
	for i, v := range a {
		switch t := v.(type) {
		case time.Time:
			a[i] = t.UTC().Format(sqliteTimeFormat)
		case *time.Time:
			if t != nil {
				a[i] = t.UTC().Format(sqliteTimeFormat)
			}
		case sql.NullTime:
			if t.Valid {
				a[i] = t.Time.UTC().Format(sqliteTimeFormat)
			} else {
				a[i] = nil
			}
		}
	}
	return a
}

type postgresDialect struct{}

func (postgresDialect) args(a []any) []any { return a }

func (postgresDialect) chain(before []stmt, last stmt) (stmt, bool) {
	return withChain(before, last), true
}

func (postgresDialect) scopeSQL() string { return "SELECT set_config('app.tenant_id', $1, true)" }

// rebind turns ? into $1, $2 … outside quoted strings and identifiers.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// limitSQL is a LIMIT clause with n written in the SQL. SQLite plans a
// query with its LIMIT's value, even a bound one: rebinding the parameter
// marks the cached statement expired, and every run compiled it again (a
// fifth of an order list's cost). n is always a number the code chose or
// clamped (a page size), so it takes few values and the statement cache
// keeps one statement per value.
func limitSQL(n int) string { return " LIMIT " + strconv.Itoa(n) }
