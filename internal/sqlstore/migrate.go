package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/oroshi-jp/oroshi/internal/config"
)

//go:embed migrations
var migrationsFS embed.FS

// Migrate brings the schema up to date: our goose migrations, River's own
// tables, and on PostgreSQL the application role with its grants. On
// PostgreSQL it connects with adminURL (the tables' owner; "" means the
// store's own URL), because the application role may not change the schema.
func Migrate(ctx context.Context, o Options, adminURL string) error {
	if adminURL == "" {
		adminURL = o.URL
	}
	owner := &Store{ids: newIDGen(), auditKey: o.AuditKey}
	if config.IsPostgresURL(adminURL) {
		if err := owner.openPostgres(ctx, adminURL, false); err != nil {
			return err
		}
	} else if err := owner.openSQLite(ctx, o); err != nil {
		return err
	}
	defer owner.Close()
	unlock, err := owner.migrationLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := owner.migrate(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", owner.engine, err)
	}
	return owner.chainUnchained(ctx)
}

// migrationLockKey names the PostgreSQL advisory lock that serialises
// migrations: every oroshi command migrates first, and two at once (two
// servers starting, a CLI beside a server) failed with "tuple concurrently
// updated" on the grants.
const migrationLockKey = 0x6f726f736869 // "oroshi"

// migrationLock holds the advisory lock on a connection of its own until
// unlock; SQLite has one writer and needs none.
func (s *Store) migrationLock(ctx context.Context) (unlock func(), err error) {
	if s.engine != "postgres" {
		return func() {}, nil
	}
	c, err := s.w.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	if _, err := c.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLockKey)); err != nil {
		c.Close()
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	return func() {
		_, _ = c.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLockKey))
		c.Close()
	}, nil
}

func (s *Store) migrate(ctx context.Context) error {
	p, err := s.gooseProvider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return err
	}
	if err := s.migrateRiver(ctx); err != nil {
		return fmt.Errorf("river: %w", err)
	}
	if s.engine == "postgres" {
		return s.grantAppRole(ctx)
	}
	return nil
}

func (s *Store) gooseProvider() (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	if s.engine == "postgres" {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
	}
	sub, err := fs.Sub(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, s.w, sub)
}

func (s *Store) migrateRiver(ctx context.Context) error {
	if s.engine == "postgres" {
		m, err := rivermigrate.New(riverdatabasesql.New(s.w), nil)
		if err != nil {
			return err
		}
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	}
	m, err := rivermigrate.New(riversqlite.New(s.w), nil)
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// grantAppRole creates AppRole when missing (NOLOGIN: sessions reach it with
// SET ROLE) and grants it data access but no ownership, so that row-level
// security binds it. Concurrent migrations of several databases in one
// cluster may race to create the role; a duplicate is fine.
func (s *Store) grantAppRole(ctx context.Context) error {
	create := `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '` + AppRole + `') THEN
    CREATE ROLE ` + AppRole + ` NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$`
	if _, err := s.w.ExecContext(ctx, create); err != nil && !isDuplicateObject(err) {
		return fmt.Errorf("create role %s: %w", AppRole, err)
	}
	for _, q := range []string{
		`GRANT ` + AppRole + ` TO CURRENT_USER`,
		`GRANT USAGE ON SCHEMA public TO ` + AppRole,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + AppRole,
		`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ` + AppRole,
		`REVOKE ALL ON goose_db_version FROM ` + AppRole,
		`GRANT SELECT ON goose_db_version TO ` + AppRole,
	} {
		if _, err := s.w.ExecContext(ctx, q); err != nil && !isDuplicateObject(err) {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

func isDuplicateObject(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "42710" || pe.Code == "23505")
}

// MigrationsCurrent tells /readyz whether the schema is up to date. It
// only reads goose's version table (goose's own check would create the
// table, and retry for seconds on a database that lacks it).
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	want, err := latestMigration(s.engine)
	if err != nil {
		return false, err
	}
	var got sql.NullInt64
	err = s.read(ctx, 0, func(c *conn) error {
		return c.row(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied = ?`, true).Scan(&got)
	})
	if err != nil {
		return false, fmt.Errorf("read schema version: %w", err)
	}
	return got.Valid && got.Int64 >= want, nil
}

// latestMigration is the highest version among the embedded migrations.
func latestMigration(engine string) (int64, error) {
	dir := "migrations/sqlite"
	if engine == "postgres" {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		var v int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}
