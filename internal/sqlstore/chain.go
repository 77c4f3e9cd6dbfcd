package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// stmt is one SQL statement, written with ? placeholders, and its
// arguments.
type stmt struct {
	q    string
	args []any
}

// A chain is statements that run one after the other and touch different
// tables (none reads what another writes). On PostgreSQL a chain goes to
// the server as one statement — the others as data-modifying WITH queries
// of the last —, one round trip instead of one each. That matters where a
// transaction holds rows every writer of the tenant needs (the order
// counter, the history head, the day's rollup): the holder waits for each
// round trip, and so does every writer behind it. SQLite runs in process
// and takes them one by one.
//
// PostgreSQL runs every WITH query to completion whether or not it is
// referenced, all on one snapshot: hence "none reads what another writes".
// A chain's statements must not end in ";".

// chaining says whether c sends a chain as one statement.
func (c *conn) chaining() bool {
	_, ok := c.d.chain(nil, stmt{})
	return ok
}

// chainExec runs stmts as one chain.
func (c *conn) chainExec(ctx context.Context, stmts ...stmt) error {
	if len(stmts) == 0 {
		return nil
	}
	if one, ok := c.d.chain(stmts[:len(stmts)-1], stmts[len(stmts)-1]); ok {
		_, err := c.exec(ctx, one.q, one.args...)
		return err
	}
	for _, st := range stmts {
		if _, err := c.exec(ctx, st.q, st.args...); err != nil {
			return err
		}
	}
	return nil
}

// chainRow runs before and then last as one chain and returns last's row
// (last returns one: a SELECT, or a write with RETURNING).
func (c *conn) chainRow(ctx context.Context, last stmt, before ...stmt) scanner {
	if one, ok := c.d.chain(before, last); ok {
		return c.row(ctx, one.q, one.args...)
	}
	for _, st := range before {
		if _, err := c.exec(ctx, st.q, st.args...); err != nil {
			return failedRow{err}
		}
	}
	return c.row(ctx, last.q, last.args...)
}

// scanner is a row to scan: *sql.Row, or the error of a chain's earlier
// statement.
type scanner interface{ Scan(dest ...any) error }

type failedRow struct{ err error }

func (f failedRow) Scan(...any) error { return f.err }

var _ scanner = (*sql.Row)(nil)

// withChain writes before as WITH queries of last: one statement whose
// placeholders, in text order, take the arguments in statement order.
func withChain(before []stmt, last stmt) stmt {
	if len(before) == 0 {
		return last
	}
	var b strings.Builder
	n := len(last.args)
	for _, st := range before {
		n += len(st.args)
	}
	args := make([]any, 0, n)
	for i, st := range before {
		if i == 0 {
			b.WriteString("WITH ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString("chained")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(" AS (")
		b.WriteString(st.q)
		b.WriteString(") ")
		args = append(args, st.args...)
	}
	b.WriteString(last.q)
	return stmt{q: b.String(), args: append(args, last.args...)}
}
