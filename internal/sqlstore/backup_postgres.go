package sqlstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

// snapshot dumps the database with pg_dump --format=custom inside the
// snapshot of a REPEATABLE READ transaction (pg_export_snapshot), and
// checksums the tables in that same transaction: the dump and the sums see
// exactly the same data. Row-level security must not filter either, so the
// transaction drops the application role (SET LOCAL ROLE NONE) and sets
// row_security off: the login role of the URL must be a superuser or have
// BYPASSRLS, else PostgreSQL refuses instead of dumping a partial copy.
func (postgresDialect) snapshot(ctx context.Context, s *Store, path string) (backup.Snapshot, error) {
	c, err := s.w.Conn(ctx)
	if err != nil {
		return backup.Snapshot{}, err
	}
	defer c.Close()
	tx, err := c.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return backup.Snapshot{}, err
	}
	defer tx.Rollback()
	var id string
	for _, q := range []string{`SET LOCAL ROLE NONE`, `SET LOCAL row_security = off`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return backup.Snapshot{}, fmt.Errorf("%s: %w", q, err)
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&id); err != nil {
		return backup.Snapshot{}, fmt.Errorf("export snapshot: %w", err)
	}
	if err := pgTool(ctx, "pg_dump", s.url, "--format=custom", "--snapshot="+id, "--file="+path); err != nil {
		return backup.Snapshot{}, err
	}
	sums, v, err := tableSums(ctx, tx, postgresDialect{})
	if err != nil {
		return backup.Snapshot{}, err
	}
	return backup.Snapshot{Engine: "postgres", SchemaVersion: v, Tables: sums}, nil
}

func (postgresDialect) sumTables(ctx context.Context, q queryer) ([]sumTable, error) {
	names, err := strs(ctx, q, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind = 'r'`)
	if err != nil {
		return nil, err
	}
	// Text keys sort bytewise (COLLATE "C"), as SQLite's BINARY does.
	const keys = `SELECT CASE WHEN t.typcategory = 'S' THEN quote_ident(a.attname) || ' COLLATE "C"'
		ELSE quote_ident(a.attname) END
		FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
		WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
		  AND (i.indrelid IS NULL OR a.attnum = ANY (i.indkey))
		ORDER BY coalesce(array_position(i.indkey::int2[], a.attnum), a.attnum)`
	out := make([]sumTable, len(names))
	for i, n := range names {
		order, err := strs(ctx, q, keys, "public."+quoteIdent(n))
		if err != nil {
			return nil, err
		}
		out[i] = sumTable{name: n, order: order}
	}
	return out, nil
}

// pgTool runs a PostgreSQL client program against url, passing the
// password in PGPASSWORD rather than on the command line.
func pgTool(ctx context.Context, name, dbURL string, args ...string) error {
	_, err := pgToolOutput(ctx, name, dbURL, args...)
	return err
}

func pgToolOutput(ctx context.Context, name, dbURL string, args ...string) ([]byte, error) {
	env := os.Environ()
	if dbURL != "" {
		u, err := url.Parse(dbURL)
		if err != nil {
			return nil, fmt.Errorf("%s: database url: %w", name, err)
		}
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
		args = append(args, "--dbname="+u.String())
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// openOwner connects to dbURL as its login role (no SET ROLE): for
// restoring and checksumming, which must see every tenant's rows.
func openOwner(ctx context.Context, dbURL string) (*Store, error) {
	s := &Store{ids: newIDGen()}
	if err := s.openPostgres(ctx, dbURL, false); err != nil {
		return nil, err
	}
	return s, nil
}

// pgEnsureEmpty refuses a database that has any table outside the system
// schemas. The database itself must exist (createdb).
func pgEnsureEmpty(ctx context.Context, dbURL string) error {
	s, err := openOwner(ctx, dbURL)
	if err != nil {
		return err
	}
	defer s.Close()
	var n int
	err = s.w.QueryRowContext(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND c.relkind IN ('r', 'v', 'm', 'S', 'p')`).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: the database has %d tables, views or sequences", backup.ErrTargetNotEmpty, n)
	}
	return nil
}

// pgRestore loads a custom-format dump into the empty database at dbURL
// in one transaction, checksums it, then grants AppRole its access (the
// dump is restored without owners and privileges).
func pgRestore(ctx context.Context, dump, dbURL string) ([]backup.TableSum, error) {
	if err := pgTool(ctx, "pg_restore", dbURL, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", dump); err != nil {
		return nil, err
	}
	s, err := openOwner(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sums, _, err := tableSums(ctx, s.w, postgresDialect{})
	if err != nil {
		return nil, err
	}
	if err := s.grantAppRole(ctx); err != nil {
		return sums, err
	}
	return sums, nil
}

// pgScratch restores dump into a new database next to adminURL's, returns
// its sums and drops it.
func pgScratch(ctx context.Context, dump, adminURL string) (sums []backup.TableSum, err error) {
	admin, err := openOwner(ctx, adminURL)
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "oroshi_verify_" + hex.EncodeToString(b)
	if _, err := admin.w.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, fmt.Errorf("create scratch database: %w", err)
	}
	defer func() {
		if _, derr := admin.w.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE "+name+" WITH (FORCE)"); derr != nil && err == nil {
			err = fmt.Errorf("drop scratch database %s: %w", name, derr)
		}
	}()
	u, err := url.Parse(adminURL)
	if err != nil {
		return nil, err
	}
	u.Path = "/" + name
	return pgRestore(ctx, dump, u.String())
}
