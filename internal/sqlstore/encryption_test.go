package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// Plain strings the sales world writes (buyer name, ship-to address,
// product name, a user's e-mail).
var encPlain = []string{"まるやま商店", "日本橋1-1-1", "本枯れ鰹節", "buy@enc.example"}

func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// openEncrypted migrates and opens a SQLite store in dir with key.
func openEncrypted(t testing.TB, dir string, key []byte) (*sqlstore.Store, error) {
	t.Helper()
	o := sqlstore.Options{DataDir: dir, AuditKey: sqlstoretest.AuditKey(), Key: key}
	if err := sqlstore.Migrate(context.Background(), o, ""); err != nil {
		return nil, err
	}
	return sqlstore.Open(context.Background(), o)
}

// dirHolds reports which of the strings appear in any file of dir (the
// database, its WAL and shared memory).
func dirHolds(t *testing.T, dir string, strs []string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range strs {
			if bytes.Contains(b, []byte(s)) {
				found = append(found, e.Name()+": "+s)
			}
		}
	}
	return found
}

func TestSQLiteEncryptionAtRest(t *testing.T) {
	tests := []struct {
		name      string
		key       []byte
		wantPlain bool
	}{
		{"plain file holds the strings (control)", nil, true},
		{"encrypted file holds none", testKey(7), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := openEncrypted(t, dir, tt.key)
			if err != nil {
				t.Fatal(err)
			}
			w := newSalesWorld(t, s, "enc")
			w.place(w.proxyOrder(w.line("RED-1", 2)))
			// Found while open (WAL) and after close (checkpointed).
			open := dirHolds(t, dir, encPlain)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			closed := dirHolds(t, dir, encPlain)
			if tt.wantPlain && len(closed) == 0 {
				t.Fatalf("control: no plain string found in the unencrypted files")
			}
			if !tt.wantPlain && len(open)+len(closed) > 0 {
				t.Fatalf("plain text in the encrypted files: open %v, closed %v", open, closed)
			}
		})
	}
}

func TestSQLiteEncryptionWrongKey(t *testing.T) {
	dir := t.TempDir()
	s, err := openEncrypted(t, dir, testKey(7))
	if err != nil {
		t.Fatal(err)
	}
	newSalesWorld(t, s, "enc")
	s.Close()
	tests := []struct {
		name string
		key  []byte
	}{
		{"no key", nil},
		{"wrong key", testKey(8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sqlstore.Open(context.Background(), sqlstore.Options{DataDir: dir, Key: tt.key})
			if err == nil {
				s.Close()
				t.Fatal("opened the encrypted database")
			}
			if !errors.Is(err, sqlstore.ErrDatabaseKey) {
				t.Fatalf("err = %v, want ErrDatabaseKey", err)
			}
			for _, k := range [][]byte{testKey(7), tt.key} {
				if len(k) > 0 && strings.Contains(err.Error(), hex.EncodeToString(k)) {
					t.Fatalf("the key is in the error: %v", err)
				}
			}
		})
	}
	// The right key still opens it, with its data.
	s, err = sqlstore.Open(context.Background(), sqlstore.Options{DataDir: dir, Key: testKey(7), AuditKey: sqlstoretest.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}
