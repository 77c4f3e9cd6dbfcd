// Package sqlstore is the only package with SQL and database drivers. It
// implements the Store interfaces that the business packages declare, on the
// embedded SQLite default and on PostgreSQL.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/driver" // registers "sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/config"
)

// AppRole is the PostgreSQL role the application runs as: not the owner of
// the tables and not BYPASSRLS, so row-level security applies to it.
const AppRole = "oroshi_app"

// Options say where the database is.
type Options struct {
	URL     string // "" or a file path/URL: SQLite; postgres://: PostgreSQL
	DataDir string // where the default SQLite file lives
	Now     func() time.Time
	// AuditKey seals the operation history's hash chain (audit.ChainKey of
	// the server secret); a store without one refuses audited writes.
	AuditKey []byte
	// Key encrypts the SQLite file at rest (32 bytes, Adiantum; see
	// encryption.go); nil leaves it plain. PostgreSQL ignores it.
	Key []byte
}

// Store talks to one database. It is safe for concurrent use.
type Store struct {
	engine string
	w      *sql.DB // writes (SQLite: a single connection, BEGIN IMMEDIATE)
	r      *sql.DB // reads (PostgreSQL: a pool of its own, see readscope.go)
	// tenants keeps tenants read by slug a moment (tenants_cache.go).
	tenants tenantCache
	d       dialect
	ids     *idGen
	now     func() time.Time
	url     string
	jobs    JobInserter
	// auditKey seals the history chain (see audit.go).
	auditKey []byte
	// key encrypts the SQLite file (encryption.go); nil: plain.
	key []byte
	// scopeSets counts reading connections scoped to a tenant (readscope.go).
	scopeSets atomic.Int64
}

func init() {
	// Registered once for every SQLite connection (catalog search uses it).
	sqlite3.AutoExtension(fts5.Register)
}

// Open connects to the database; it does not migrate (see Migrate).
// On PostgreSQL every connection runs as AppRole, which Migrate creates.
func Open(ctx context.Context, o Options) (*Store, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	// Microseconds: what PostgreSQL keeps, so a time read back equals the one written.
	s := &Store{ids: newIDGen(), now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }, url: o.URL, auditKey: o.AuditKey}
	var err error
	if config.IsPostgresURL(o.URL) {
		err = s.openPostgres(ctx, o.URL, true)
	} else {
		err = s.openSQLite(ctx, o)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// SQLitePath is where the default database file of a data dir lives.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "oroshi.db") }

func (s *Store) openSQLite(ctx context.Context, o Options) error {
	path := o.URL
	if path == "" {
		if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
			return fmt.Errorf("create data dir: %w", err)
		}
		path = SQLitePath(o.DataDir)
	}
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	base := sqliteBaseDSN(path, o.Key)
	w, err := openSQLiteDB(base + "&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1) // SQLite has one writer; queueing here beats SQLITE_BUSY
	w.SetConnMaxIdleTime(0)
	r, err := openSQLiteDB(base + "&_txlock=deferred&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s.engine, s.w, s.r, s.d = "sqlite", w, r, sqliteDialect{}
	s.key = o.Key
	if err := w.PingContext(ctx); err != nil {
		s.Close()
		return fmt.Errorf("open sqlite %s: %w", path, explainKeyError(err, o.Key))
	}
	return nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string, asApp bool) error {
	cc, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("parse database url: %w", err)
	}
	opts := []stdlib.OptionOpenDB{stdlib.OptionResetSession(resetScopeSession)}
	if asApp {
		opts = append(opts, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
			_, err := c.Exec(ctx, "SET ROLE "+AppRole)
			return err
		}))
	}
	// Two pools: a request holds a reading connection for its reads
	// (readscope.go) and may then need a writing one; with one pool every
	// connection could be held by requests waiting for another.
	pool := func(max int) *sql.DB {
		db := stdlib.OpenDB(*cc, opts...)
		db.SetMaxOpenConns(max)
		db.SetMaxIdleConns(max)
		db.SetConnMaxIdleTime(5 * time.Minute)
		return db
	}
	s.engine, s.w, s.r, s.d = "postgres", pool(16), pool(12), postgresDialect{}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return fmt.Errorf("connect to postgres (%s@%s/%s): %w", cc.User, cc.Host, cc.Database, err)
	}
	return nil
}

// Close releases the connections.
func (s *Store) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		if rerr := s.r.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Engine is "sqlite" or "postgres".
func (s *Store) Engine() string { return s.engine }

// DB is the writing pool, for the job queue and health checks.
func (s *Store) DB() *sql.DB { return s.w }

// Now is the store's clock (UTC).
func (s *Store) Now() time.Time { return s.now() }

// NewID returns a fresh row ID.
func (s *Store) NewID() oroshi.ID { return s.ids.next() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.engine, err)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("query %s: %w", s.engine, err)
	}
	return nil
}

// PoolStats are the connection pools' figures by name, for /metrics.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.r == s.w {
		return map[string]sql.DBStats{"main": s.w.Stats()}
	}
	return map[string]sql.DBStats{"write": s.w.Stats(), "read": s.r.Stats()}
}
