package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

var _ backup.Source = (*Store)(nil)

// BackupSnapshot writes a consistent copy of the database to path (SQLite:
// VACUUM INTO; PostgreSQL: pg_dump --format=custom) with its table sums.
func (s *Store) BackupSnapshot(ctx context.Context, path string) (backup.Snapshot, error) {
	d, ok := s.d.(backupDialect)
	if !ok {
		return backup.Snapshot{}, fmt.Errorf("backup: engine %s cannot be backed up", s.engine)
	}
	return d.snapshot(ctx, s, path)
}

// BackupEngine checks and restores decrypted snapshots. AdminURL is a
// PostgreSQL server URL allowed to create databases, for deep verification
// (a scratch database); "" disables it.
type BackupEngine struct {
	AdminURL string
	// Key encrypts a restored SQLite database (OROSHI_DB_KEY_FILE); nil
	// restores it plain.
	Key []byte
}

var _ backup.Engine = BackupEngine{}

// CheckSnapshot runs integrity_check and checksums on a SQLite snapshot;
// on a PostgreSQL dump, pg_restore --list, and with deep a restore into a
// scratch database.
func (e BackupEngine) CheckSnapshot(ctx context.Context, engine, path string, deep bool) ([]backup.TableSum, error) {
	switch engine {
	case "sqlite":
		s, err := sqliteSums(ctx, path, true)
		return s.Tables, err
	case "postgres":
		if _, err := pgToolOutput(ctx, "pg_restore", "", "--list", path); err != nil {
			return nil, err
		}
		if !deep {
			return nil, nil
		}
		if e.AdminURL == "" {
			return nil, errors.New("backup: --deep on a PostgreSQL backup needs a server to create a scratch database on (OROSHI_DATABASE_URL or --scratch-url)")
		}
		return pgScratch(ctx, path, e.AdminURL)
	}
	return nil, fmt.Errorf("backup: unknown engine %q", engine)
}

// EnsureEmpty refuses a non-empty data dir or database.
func (BackupEngine) EnsureEmpty(ctx context.Context, t backup.Target) error {
	if t.DatabaseURL != "" {
		return pgEnsureEmpty(ctx, t.DatabaseURL)
	}
	return sqliteEnsureEmpty(t.DataDir)
}

// RestoreSnapshot loads the snapshot into t and checksums the result.
func (e BackupEngine) RestoreSnapshot(ctx context.Context, engine, path string, t backup.Target) ([]backup.TableSum, error) {
	if engine == "postgres" {
		return pgRestore(ctx, path, t.DatabaseURL)
	}
	return sqliteRestore(ctx, path, t.DataDir, e.Key)
}
