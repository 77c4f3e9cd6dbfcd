package sqlstore

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	sqlite "github.com/ncruces/go-sqlite3/driver"
)

// stmtCacheSize bounds the prepared statements kept per SQLite connection
// (each lives in the connection's memory, a few KiB). The store has a few
// hundred distinct queries but a page uses a dozen; the least recently
// used go.
const stmtCacheSize = 128

// SQLite spends most of a short query compiling it: database/sql prepares
// every query again and closes it after use, so a profile of the load
// scenario showed the SQL parser at ~21 % of the server's CPU. The
// connector below keeps each connection's prepared statements, keyed by
// their SQL, and hands them out again: closing one only resets it.
//
// database/sql uses a connection from one goroutine at a time, so the
// cache needs no lock. A statement still in use (a query run again while
// the first one's rows are open) gets a fresh, uncached statement.

// openSQLiteDB opens dsn with the statement cache.
func openSQLiteDB(dsn string) (*sql.DB, error) {
	c, err := newCachingConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// cachingConnector wraps the ncruces connector.
type cachingConnector struct {
	driver.Connector
}

func newCachingConnector(dsn string) (driver.Connector, error) {
	c, err := (&sqlite.SQLite{}).OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return cachingConnector{c}, nil
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	inner, ok := dc.(sqlite.Conn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("sqlite connector returned %T", dc)
	}
	return &cachingConn{Conn: inner, byQuery: map[string]*list.Element{}, lru: list.New()}, nil
}

// cachingConn is one SQLite connection with its statement cache. It
// passes everything else to the driver's connection.
type cachingConn struct {
	sqlite.Conn
	byQuery map[string]*list.Element // of *cachedStmt
	lru     *list.List               // front: most recently used
}

var (
	_ driver.ExecerContext      = (*cachingConn)(nil)
	_ driver.NamedValueChecker  = (*cachingConn)(nil)
	_ driver.StmtExecContext    = (*cachedStmt)(nil)
	_ driver.StmtQueryContext   = (*cachedStmt)(nil)
	_ driver.NamedValueChecker  = (*cachedStmt)(nil)
	_ driver.ConnPrepareContext = (*cachingConn)(nil)
)

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if !cacheable(query) {
		return c.Conn.PrepareContext(ctx, query)
	}
	if e, ok := c.byQuery[query]; ok {
		cs := e.Value.(*cachedStmt)
		if !cs.inUse {
			cs.inUse = true
			c.lru.MoveToFront(e)
			return cs, nil
		}
		return c.Conn.PrepareContext(ctx, query) // busy: a one-off
	}
	st, err := c.Conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	cs := &cachedStmt{Stmt: st, query: query, inUse: true}
	c.byQuery[query] = c.lru.PushFront(cs)
	c.evict()
	return cs, nil
}

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// cacheable is false for a query with a * column list (SELECT *, t.*, a,
// *): SQLite compiles a cached statement again after a schema change, but
// database/sql sized its row from the old column count, and the first
// read after a migration would fail. count(*) and a multiplication are
// fine: a * that follows a name, a number or ")" multiplies.
func cacheable(query string) bool {
	for i := strings.IndexByte(query, '*'); i >= 0; {
		if columnStar(query[:i], query[i+1:]) {
			return false
		}
		next := strings.IndexByte(query[i+1:], '*')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return true
}

// columnStar tells whether the * between before and after stands for
// columns: it comes after SELECT, DISTINCT, ALL, RETURNING, "," or "."
// (and is not count's "(*)").
func columnStar(before, after string) bool {
	b := strings.TrimRight(before, " \t\n\r")
	if strings.HasSuffix(b, "(") && strings.HasPrefix(strings.TrimLeft(after, " \t\n\r"), ")") {
		return false // count(*)
	}
	if strings.HasSuffix(b, ",") || strings.HasSuffix(b, ".") || strings.HasSuffix(b, "(") {
		return true
	}
	word := strings.ToUpper(b[strings.LastIndexAny(b, " \t\n\r(")+1:])
	return word == "SELECT" || word == "DISTINCT" || word == "ALL" || word == "RETURNING"
}

// evict finalises the least recently used idle statements over the bound.
func (c *cachingConn) evict() {
	for e := c.lru.Back(); e != nil && c.lru.Len() > stmtCacheSize; {
		prev := e.Prev()
		if cs := e.Value.(*cachedStmt); !cs.inUse {
			c.lru.Remove(e)
			delete(c.byQuery, cs.query)
			_ = cs.Stmt.Close()
		}
		e = prev
	}
}

// ExecContext runs argument-less statements directly (the driver's fast
// path); with arguments the driver answers ErrSkip and database/sql
// prepares, which reaches the cache.
func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

func (c *cachingConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}

// Close finalises the cached statements first: SQLite refuses to close a
// connection with statements left.
func (c *cachingConn) Close() error {
	var errs []error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, e.Value.(*cachedStmt).Stmt.Close())
	}
	c.lru.Init()
	clear(c.byQuery)
	return errors.Join(append(errs, c.Conn.Close())...)
}

// cachedStmt is a prepared statement that outlives its Close.
type cachedStmt struct {
	driver.Stmt
	query string
	inUse bool
}

// resetter is what the driver's statement (a *sqlite3.Stmt inside) offers
// to make it ready for the next use.
type resetter interface {
	Reset() error
	ClearBindings() error
}

// Close makes the statement ready for its next user instead of finalising
// it. Rows and Exec already reset; this also covers a statement that was
// prepared and never run.
func (s *cachedStmt) Close() error {
	s.inUse = false
	if r, ok := s.Stmt.(resetter); ok {
		_ = r.Reset() // repeats the last run's error, if any: already reported
		return r.ClearBindings()
	}
	return nil
}

func (s *cachedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (s *cachedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s *cachedStmt) CheckNamedValue(nv *driver.NamedValue) error {
	return s.Stmt.(driver.NamedValueChecker).CheckNamedValue(nv)
}
