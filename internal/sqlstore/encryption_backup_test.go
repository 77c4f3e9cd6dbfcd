package sqlstore_test

import (
	"context"
	"testing"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// TestEncryptedSQLiteBackup: a backup of an encrypted database (VACUUM INTO
// through the adiantum VFS) is made, verified and restored.
func TestEncryptedSQLiteBackup(t *testing.T) {
	ctx := context.Background()
	key := testKey(7)
	s, err := openEncrypted(t, t.TempDir(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w := newSalesWorld(t, s, "enc")
	w.place(w.proxyOrder(w.line("RED-1", 2)))
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	svc := &backup.Service{Dir: t.TempDir(), Recipients: []age.Recipient{id.Recipient()}, Keep: 2, Version: "test", Source: s, Runs: s}
	m, err := svc.Create(ctx)
	if err != nil {
		t.Fatalf("backup of the encrypted database: %v", err)
	}
	file := svc.Dir + "/" + m.File
	ids := []age.Identity{id}
	if _, err := backup.Verify(ctx, file, ids, sqlstore.BackupEngine{}, false); err != nil {
		t.Fatalf("verify: %v", err)
	}
	to := t.TempDir() + "/restored"
	if _, err := backup.Restore(ctx, file, ids, sqlstore.BackupEngine{Key: key}, backup.Target{DataDir: to}, t.TempDir()); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if found := dirHolds(t, to, encPlain); len(found) > 0 {
		t.Fatalf("the restored database is not encrypted: %v", found)
	}
	r, err := sqlstore.Open(ctx, sqlstore.Options{DataDir: to, Key: key})
	if err != nil {
		t.Fatalf("open the restored database with the key: %v", err)
	}
	defer r.Close()
	if err := r.Ping(ctx); err != nil {
		t.Fatal(err)
	}
}
