package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBackupRTO measures create, verify and restore of a ~1 GB SQLite
// database (OROSHI_BENCH_BACKUP=1; OROSHI_BENCH_BACKUP_MB sets the size).
// It is not part of normal test runs: it takes about a minute and 3 GB of
// disk.
func TestBackupRTO(t *testing.T) {
	if os.Getenv("OROSHI_BENCH_BACKUP") != "1" {
		t.Skip("set OROSHI_BENCH_BACKUP=1 to measure backup and restore times of a ~1 GB database")
	}
	mb := 1000
	if v, err := strconv.Atoi(os.Getenv("OROSHI_BENCH_BACKUP_MB")); err == nil && v > 0 {
		mb = v
	}
	ctx := context.Background()
	s := sqlstoretest.Open(t, "sqlite")
	start := time.Now()
	fillSynthetic(t, s, mb)
	t.Logf("filled %d MB of synthetic rows in %.1f s", mb, time.Since(start).Seconds())
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	svc := &backup.Service{Dir: t.TempDir(), Recipients: []age.Recipient{id.Recipient()}, Keep: 14, Source: s}
	var m backup.Manifest
	timeStep(t, "create", func() (int64, error) { m, err = svc.Create(ctx); return m.Plain.Bytes, err })
	t.Logf("database %.0f MB, encrypted %.0f MB, %d rows", float64(m.Plain.Bytes)/1e6, float64(m.Encrypted.Bytes)/1e6, m.Rows())
	file := filepath.Join(svc.Dir, m.File)
	ids, eng := []age.Identity{id}, sqlstore.BackupEngine{}
	timeStep(t, "verify", func() (int64, error) { _, err := backup.Verify(ctx, file, ids, eng, false); return m.Plain.Bytes, err })
	target := backup.Target{DataDir: filepath.Join(t.TempDir(), "restored")}
	timeStep(t, "restore", func() (int64, error) {
		_, err := backup.Restore(ctx, file, ids, eng, target, t.TempDir())
		return m.Plain.Bytes, err
	})
}

func timeStep(t *testing.T, name string, fn func() (int64, error)) {
	t.Helper()
	start := time.Now()
	n, err := fn()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	secs := time.Since(start).Seconds()
	t.Logf("%-8s %6.1f s  %6.1f MB/s", name, secs, float64(n)/1e6/secs)
}

// fillSynthetic adds a table of mb megabytes of random text rows.
func fillSynthetic(t *testing.T, s *sqlstore.Store, mb int) {
	t.Helper()
	db := s.DB()
	if _, err := db.Exec(`CREATE TABLE bench_rows (tenant_id INTEGER NOT NULL, id INTEGER NOT NULL, payload TEXT NOT NULL,
		PRIMARY KEY (tenant_id, id))`); err != nil {
		t.Fatal(err)
	}
	const batch = 100_000 // rows of ~1 KB
	for done := 0; done < mb*1000; done += batch {
		_, err := db.Exec(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
			INSERT INTO bench_rows SELECT 1, ? + x, hex(randomblob(500)) FROM c`, min(batch, mb*1000-done), done)
		if err != nil {
			t.Fatal(err)
		}
	}
}
