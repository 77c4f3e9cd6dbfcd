package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

// queryer is a pool, a connection or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// backupDialect is the engines' difference for backups (backup_sqlite.go,
// backup_postgres.go).
type backupDialect interface {
	dialect
	// snapshot writes a consistent copy of s's database to path.
	snapshot(ctx context.Context, s *Store, path string) (backup.Snapshot, error)
	// sumTables lists the tables to checksum and how to order their rows.
	sumTables(ctx context.Context, q queryer) ([]sumTable, error)
}

// sumTable is a table and its ORDER BY terms (primary key; all columns
// when it has none), each already quoted.
type sumTable struct {
	name  string
	order []string
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// tableSums checksums every table of the database q reads, and returns its
// goose schema version.
func tableSums(ctx context.Context, q queryer, d backupDialect) ([]backup.TableSum, int64, error) {
	tables, err := d.sumTables(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("list tables: %w", err)
	}
	slices.SortFunc(tables, func(a, b sumTable) int { return strings.Compare(a.name, b.name) })
	out := make([]backup.TableSum, 0, len(tables))
	for _, t := range tables {
		ts, err := sumOne(ctx, q, t)
		if err != nil {
			return nil, 0, fmt.Errorf("checksum %s: %w", t.name, err)
		}
		out = append(out, ts)
	}
	var v sql.NullInt64
	err = q.QueryRowContext(ctx, d.rebind(`SELECT max(version_id) FROM goose_db_version WHERE is_applied = ?`), true).Scan(&v)
	if err != nil {
		return nil, 0, fmt.Errorf("schema version: %w", err)
	}
	return out, v.Int64, nil
}

func sumOne(ctx context.Context, q queryer, t sumTable) (backup.TableSum, error) {
	rows, err := q.QueryContext(ctx, "SELECT * FROM "+quoteIdent(t.name)+" ORDER BY "+strings.Join(t.order, ", "))
	if err != nil {
		return backup.TableSum{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return backup.TableSum{}, err
	}
	vals, ptrs := make([]any, len(cols)), make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return backup.TableSum{}, err
		}
		for _, v := range vals {
			writeValue(h, v)
		}
		h.Write([]byte{'\n'})
		n++
	}
	if err := rows.Err(); err != nil {
		return backup.TableSum{}, err
	}
	return backup.TableSum{Table: t.name, Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// writeValue writes one value as a type tag, a length and its canonical
// text: integers and booleans as decimal integers, times as UTC RFC 3339
// (SQLite's fixed-width time text included), bytes as they are.
func writeValue(h hash.Hash, v any) {
	tag, text := canonical(v)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(text)))
	h.Write([]byte{tag})
	h.Write(n[:])
	h.Write([]byte(text))
}

func canonical(v any) (byte, string) {
	switch x := v.(type) {
	case nil:
		return 'N', ""
	case int64:
		return 'i', strconv.FormatInt(x, 10)
	case bool:
		return 'i', map[bool]string{false: "0", true: "1"}[x]
	case float64:
		return 'f', strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		return 't', x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return 'b', string(x)
	case string:
		if len(x) == len(sqliteTimeFormat) {
			if t, err := time.Parse(sqliteTimeFormat, x); err == nil {
				return 't', t.UTC().Format(time.RFC3339Nano)
			}
		}
		return 's', x
	default:
		return 's', fmt.Sprint(x)
	}
}
