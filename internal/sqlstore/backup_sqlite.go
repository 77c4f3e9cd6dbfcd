package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

// snapshot copies the live SQLite database with VACUUM INTO: one read
// transaction, so the copy is consistent while writers go on (WAL), and
// the copy is compact. It runs on its own connection so that neither pool
// is held for the copy's duration.
func (sqliteDialect) snapshot(ctx context.Context, s *Store, path string) (backup.Snapshot, error) {
	var file string
	if err := s.r.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return backup.Snapshot{}, fmt.Errorf("database file: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+file+"?"+sqliteKeyParams(s.key)+"_pragma=busy_timeout(5000)")
	if err != nil {
		return backup.Snapshot{}, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, sqlitePlainTarget(path)); err != nil {
		return backup.Snapshot{}, fmt.Errorf("vacuum into: %w", err)
	}
	sums, err := sqliteSums(ctx, path, false)
	if err != nil {
		return backup.Snapshot{}, err
	}
	sums.Engine = "sqlite"
	return sums, nil
}

func (sqliteDialect) sumTables(ctx context.Context, q queryer) ([]sumTable, error) {
	names, err := strs(ctx, q, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	out := make([]sumTable, len(names))
	for i, n := range names {
		pk, err := strs(ctx, q, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, n)
		if err == nil && len(pk) == 0 {
			pk, err = strs(ctx, q, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, n)
		}
		if err != nil {
			return nil, err
		}
		for j := range pk {
			pk[j] = quoteIdent(pk[j])
		}
		out[i] = sumTable{name: n, order: pk}
	}
	return out, nil
}

// strs runs a query of one text column.
func strs(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sqliteSums opens the SQLite file at path read-only, optionally runs
// PRAGMA integrity_check, and checksums its tables.
func sqliteSums(ctx context.Context, path string, integrity bool) (backup.Snapshot, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return backup.Snapshot{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if integrity {
		res, err := strs(ctx, db, `PRAGMA integrity_check`)
		if err != nil {
			return backup.Snapshot{}, fmt.Errorf("integrity check: %w", err)
		}
		if len(res) != 1 || res[0] != "ok" {
			return backup.Snapshot{}, fmt.Errorf("integrity check failed: %s", strings.Join(res, "; "))
		}
	}
	sums, v, err := tableSums(ctx, db, sqliteDialect{})
	if err != nil {
		return backup.Snapshot{}, err
	}
	return backup.Snapshot{Engine: "sqlite", SchemaVersion: v, Tables: sums}, nil
}

// sqliteEnsureEmpty accepts a data dir that does not exist or is empty.
func sqliteEnsureEmpty(dir string) error {
	if dir == "" {
		return errors.New("backup: restore needs --to-data-dir or --to-database-url")
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%w: %s holds %d entries", backup.ErrTargetNotEmpty, dir, len(entries))
	}
	return nil
}

// sqliteRestore moves the snapshot into dir as its database file (or
// copies it beside, synced, then renames it) and checksums the result.
func sqliteRestore(ctx context.Context, snap, dir string, key []byte) ([]backup.TableSum, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	dst := SQLitePath(dir)
	if len(key) > 0 { // an encrypted data dir: checked plain, then encrypted
		sums, err := sqliteSums(ctx, snap, true)
		if err != nil {
			return nil, err
		}
		return sums.Tables, EncryptSQLite(ctx, snap, dst, key)
	}
	// A snapshot decrypted on the same file system is moved, not copied.
	if err := os.Rename(snap, dst); err != nil {
		if err := copyFileSync(snap, dst+".partial"); err != nil {
			return nil, err
		}
		if err := os.Rename(dst+".partial", dst); err != nil {
			return nil, err
		}
	}
	sums, err := sqliteSums(ctx, dst, true)
	return sums.Tables, err
}

func copyFileSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(dst))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
