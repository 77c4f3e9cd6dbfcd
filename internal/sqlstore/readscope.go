package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/oroshi-jp/oroshi"
)

// On PostgreSQL every read is a read-only transaction that sets the tenant
// for row-level security: BEGIN, set_config, the query, COMMIT — four round
// trips for one query, and a page makes ten reads. A request's reads can
// instead share one connection, scoped once: the tenant and read-only mode
// are set on the connection at its first read (one round trip), each read
// is then its own query, and the connection goes back to the pool when
// the request ends — still scoped, see release.
//
// The app opens a request scope (ReadScope) around each request and ends
// it after the response (the returned func). The first tenant read in the
// request claims the scope for its tenant (the platform's own rows never
// do). Reads for another tenant, reads while the scoped connection is
// busy (a read inside a read, or two goroutines), and reads after the end
// take the usual transaction — on the write pool when the request already
// holds a scoped connection, so that a request never waits for a second
// connection of the pool it holds one of (the reading pool could otherwise
// run out with every holder waiting). A request that finds no reading
// connection within scopeWait reads on the writing pool too.
//
// On SQLite reads have no transaction already; the scope only keeps the
// versions PinShopView pinned for the request.

type readScopeKey struct{}

// readScope is one request's shared reading connection.
type readScope struct {
	mu     sync.Mutex
	tenant oroshi.TenantID // 0: not claimed yet
	c      *sql.Conn       // nil until the first read
	// overflow: no reading connection was free within scopeWait, or the
	// request gave its own back (yieldReads); the request's reads use the
	// writing pool.
	overflow bool
	busy     bool
	ended    bool
	// pin: the versions PinShopView read, answered for the rest of the
	// request (catalog_version.go).
	pin   *pinnedView
	wrote bool // the request has written (its pinned header figures are stale)
}

// ReadScope returns ctx with an empty request scope and the function that
// ends it, to be called once the response is written.
func (s *Store) ReadScope(ctx context.Context) (context.Context, func()) {
	rs := &readScope{}
	return context.WithValue(ctx, readScopeKey{}, rs), func() { s.endReadScope(rs) }
}

// EndReads ends ctx's request scope early: once the handler is done, the
// middleware after it needs no scoped connection, and the connection is
// better back in the pool. The function ReadScope returned still runs
// (ending twice is nothing).
func (s *Store) EndReads(ctx context.Context) {
	if rs, _ := ctx.Value(readScopeKey{}).(*readScope); rs != nil {
		s.endReadScope(rs)
	}
}

// scopedRead runs fn on the request's connection when ctx has a scope for
// tenant t that is free. handled is false when the caller must run fn
// itself; held says the request holds a scoped connection.
func (s *Store) scopedRead(ctx context.Context, t oroshi.TenantID, fn func(*conn) error) (handled, held bool, err error) {
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return false, false, nil
	}
	rs.mu.Lock()
	held = rs.c != nil || rs.overflow
	if t == oroshi.PlatformTenant { // the platform's own rows: never scoped
		rs.mu.Unlock()
		return false, held, nil
	}
	if rs.tenant == 0 {
		rs.tenant = t
	}
	if rs.ended || rs.busy || rs.overflow || rs.tenant != t {
		rs.mu.Unlock()
		return false, held, nil
	}
	rs.busy = true
	rs.mu.Unlock()
	defer func() {
		rs.mu.Lock()
		rs.busy = false
		rs.mu.Unlock()
	}()
	if rs.c == nil {
		c, err := s.scopedConn(ctx, t)
		if errors.Is(err, errReadPoolBusy) { // this and later reads: transactions on the writing pool
			rs.mu.Lock()
			rs.overflow = true
			rs.mu.Unlock()
			return false, true, nil
		}
		if err != nil {
			return true, false, err
		}
		rs.mu.Lock()
		ended := rs.ended
		if !ended {
			rs.c = c
		}
		rs.mu.Unlock()
		if ended { // the request ended meanwhile (a stray goroutine)
			s.release(c)
			return false, false, nil
		}
	}
	return true, true, fn(&conn{ex: rs.c, d: s.d})
}

// yieldReads gives the request's reading connection back before a write
// that may wait long: placing an order waits for the tenant's history head
// and order counter (finishPlacement) behind every other placement, and a
// reading connection held meanwhile is one that requests that only read
// cannot have (at 1,000 users on PostgreSQL the catalogue pages waited
// scopeWait for one). The request's later reads, if any, take
// transactions on the writing pool, as an overflowed scope's do; what
// PinShopView pinned still answers.
func (s *Store) yieldReads(ctx context.Context) {
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return
	}
	rs.mu.Lock()
	c := rs.c
	if c == nil || rs.busy { // nothing held, or a read runs on it now
		rs.mu.Unlock()
		return
	}
	rs.c, rs.overflow = nil, true
	rs.mu.Unlock()
	s.release(c)
}

// scopeWait bounds the wait for a reading connection. The reading pool
// can be busy because every connection is held by a request; a request
// that waited longer reads in a transaction on the writing pool instead,
// so that a wait between the pools (a request holding a writing
// connection and asking for a reading one, while the holders of the
// reading ones ask for a writing one) cannot last.
const scopeWait = time.Second

var errReadPoolBusy = errors.New("read scope: no reading connection free")

// scopedConn takes a reading connection and scopes it to t for the rest of
// the request: the tenant for row-level security, and read-only so that
// nothing on it can write. One round trip (the simple protocol runs both
// statements; t is a number, so formatting it into the text is safe) —
// none when the connection is still scoped to t from an earlier request.
func (s *Store) scopedConn(ctx context.Context, t oroshi.TenantID) (*sql.Conn, error) {
	wctx, cancel := context.WithTimeout(context.WithValue(ctx, scopeTakerKey{}, true), scopeWait)
	c, err := s.r.Conn(wctx)
	cancel()
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, errReadPoolBusy
	}
	if err != nil {
		return nil, fmt.Errorf("read scope: %w", s.translate(err))
	}
	if scopeOf(c) == t {
		return c, nil
	}
	// Marked first: should the statement fail half-way, the connection is
	// discarded; should it succeed, the mark already tells the truth.
	if err := markScope(c, t); err != nil {
		discard(c)
		return nil, err
	}
	s.scopeSets.Add(1)
	q := fmt.Sprintf("SELECT set_config('app.tenant_id', '%d', false); SET default_transaction_read_only = on", int64(t))
	if _, err := c.ExecContext(ctx, q); err != nil {
		discard(c)
		return nil, fmt.Errorf("read scope: set tenant: %w", s.translate(err))
	}
	return c, nil
}

// endReadScope gives the request's connection back to the pool.
func (s *Store) endReadScope(rs *readScope) {
	rs.mu.Lock()
	c := rs.c
	rs.c, rs.ended = nil, true
	rs.mu.Unlock()
	if c != nil {
		s.release(c)
	}
}

// A scoped connection goes back to the pool still scoped: resetting it
// there was a round trip per request, and the next request of the same
// tenant would only set it again. Its tenant is marked on the connection
// itself (pgconn's CustomData), and the pool's session check
// (resetScopeSession, run by database/sql before it hands out a used
// connection) resets a marked connection for anyone but a read scope
// about to set its own tenant; a failed reset closes the connection. So
// a connection scoped to one tenant is only ever used again by a read
// scope, which keeps it when the tenant is its own and sets its own
// otherwise.

// scopeMark is the key of the connection's tenant in CustomData.
const scopeMark = "oroshi.scope"

// scopeTakerKey marks the context of scopedConn's wait for a connection.
type scopeTakerKey struct{}

// release gives a scoped connection back to the pool, scope and all.
func (s *Store) release(c *sql.Conn) { _ = c.Close() }

// resetScopeSession resets a connection scoped by a read scope before
// anyone but another read scope uses it.
func resetScopeSession(ctx context.Context, c *pgx.Conn) error {
	data := c.PgConn().CustomData()
	if _, scoped := data[scopeMark]; !scoped || ctx.Value(scopeTakerKey{}) != nil {
		return nil
	}
	if _, err := c.Exec(ctx, "RESET app.tenant_id; RESET default_transaction_read_only"); err != nil {
		return driver.ErrBadConn // database/sql closes it and takes another
	}
	delete(data, scopeMark)
	return nil
}

// scopeOf is the tenant c's session is scoped to, 0 for none.
func scopeOf(c *sql.Conn) oroshi.TenantID {
	var t oroshi.TenantID
	_ = c.Raw(func(dc any) error {
		if pc, ok := dc.(*stdlib.Conn); ok {
			t, _ = pc.Conn().PgConn().CustomData()[scopeMark].(oroshi.TenantID)
		}
		return nil
	})
	return t
}

// markScope marks c as scoped to t; it fails on a connection that is not
// pgx's, which could not be reset.
func markScope(c *sql.Conn, t oroshi.TenantID) error {
	return c.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("read scope: connection %T cannot be marked", dc)
		}
		pc.Conn().PgConn().CustomData()[scopeMark] = t
		return nil
	})
}

// discard closes c's underlying connection rather than pooling it.
func discard(c *sql.Conn) {
	_ = c.Raw(func(any) error { return driver.ErrBadConn })
	_ = c.Close()
}
