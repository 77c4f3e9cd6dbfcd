package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/ncruces/go-sqlite3"
	_ "github.com/ncruces/go-sqlite3/vfs/adiantum" // registers the "adiantum" VFS
)

// Encryption at rest of the embedded SQLite database: with a key, every
// connection opens the file through ncruces' "adiantum" VFS, which encrypts
// each 4 KiB page (and the WAL and journals) with Adiantum. The key is given
// as `hexkey` (never `textkey`, whose Argon2id derivation costs ≈300 ms per
// connection). Goose and River use the store's own pools, so they read and
// write through the same VFS.

// sqliteBaseDSN is the DSN every connection of the store uses; key nil
// leaves the file plain.
func sqliteBaseDSN(path string, key []byte) string {
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	if len(key) == 0 {
		return dsn
	}
	// The key parameters must come first: the pragmas read the file.
	// temp_store(memory): sorts and temporary tables stay in memory rather
	// than in temporary files encrypted with throwaway keys.
	return "file:" + path + "?" + sqliteKeyParams(key) +
		"_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=temp_store(memory)"
}

// ErrDatabaseKey: the SQLite file cannot be read with the key given (or
// without one): a wrong OROSHI_DB_KEY_FILE, a missing one for an
// encrypted file, or one for a plain file.
var ErrDatabaseKey = errors.New("the database file cannot be read with this key")

// explainKeyError turns SQLite's "file is not a database" into an error
// that names the likely cause.
func explainKeyError(err error, key []byte) error {
	if !errors.Is(err, sqlite3.NOTADB) {
		return err
	}
	if len(key) == 0 {
		return fmt.Errorf("%w: it is encrypted (set OROSHI_DB_KEY_FILE) or damaged: %v", ErrDatabaseKey, err)
	}
	return fmt.Errorf("%w: wrong OROSHI_DB_KEY_FILE, or the file is not encrypted or damaged: %v", ErrDatabaseKey, err)
}

// sqliteKeyParams are the URI parameters that open a file through the
// adiantum VFS with key ("" for none), ending in "&".
func sqliteKeyParams(key []byte) string {
	if len(key) == 0 {
		return ""
	}
	return "vfs=adiantum&hexkey=" + hex.EncodeToString(key) + "&"
}

// EncryptSQLite writes a copy of the plain SQLite file src to dst,
// encrypted with key (VACUUM INTO through the adiantum VFS): how a restored
// backup, or an existing plain database, becomes an encrypted one.
func EncryptSQLite(ctx context.Context, src, dst string, key []byte) error {
	if len(key) != 32 {
		return fmt.Errorf("encrypt sqlite: the key must be 32 bytes, not %d", len(key))
	}
	db, err := sql.Open("sqlite3", "file:"+src+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	target := "file:" + (&url.URL{Path: dst}).EscapedPath() + "?" + strings.TrimSuffix(sqliteKeyParams(key), "&")
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, target); err != nil {
		return fmt.Errorf("encrypt sqlite %s: %w", src, err)
	}
	return nil
}

// sqlitePlainTarget is a VACUUM INTO target written unencrypted even from
// an encrypted connection (whose VFS an attached file would otherwise
// inherit): the "os" VFS, by URI. Backups are a plain snapshot sealed by age.
func sqlitePlainTarget(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?vfs=os"
}
