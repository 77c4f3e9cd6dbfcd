package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// backupDrill is a store with a tenant, buyers and an order, and a backup
// service encrypting to a fresh age key.
type backupDrill struct {
	opts  sqlstore.Options
	store *sqlstore.Store
	world *billWorld
	order sales.Order
	svc   *backup.Service
	ids   []age.Identity
	eng   sqlstore.BackupEngine
}

func newBackupDrill(t *testing.T, engine string) *backupDrill {
	t.Helper()
	d := &backupDrill{opts: sqlstoretest.Options(t, engine)}
	s, err := sqlstore.Open(context.Background(), d.opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	d.store, d.world = s, newBillWorld(t, s, "drill")
	b := d.world.buyer(31, 0)
	d.order = d.world.order(b, d.world.line("STD-1", 2), d.world.line("RED-1", 1))
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	d.ids = []age.Identity{id}
	d.svc = &backup.Service{Dir: t.TempDir(), Recipients: []age.Recipient{id.Recipient()}, Keep: 2, Version: "test",
		Source: s, Runs: s}
	if engine == "postgres" {
		d.eng.AdminURL = sqlstoretest.PostgresURL(t)
	}
	return d
}

// emptyPostgres creates an empty database next to the test server's.
func emptyPostgres(t *testing.T, admin, name string) string {
	t.Helper()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropPostgres(t, admin, name) })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func databaseName(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

func randomName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func dropPostgres(t *testing.T, admin, name string) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
		t.Error(err)
	}
}

// TestBackupDrill backs up, destroys the original, restores elsewhere and
// compares every table's rows and checksum, on both engines.
func TestBackupDrill(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			d := newBackupDrill(t, engine)
			m, err := d.svc.Create(ctx)
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			rows := map[string]int64{}
			for _, ts := range m.Tables {
				rows[ts.Table] = ts.Rows
			}
			for _, table := range []string{"tenants", "buyers", "products", "orders", "order_lines", "audit_events"} {
				if rows[table] == 0 {
					t.Errorf("manifest: table %s has no rows (%v)", table, rows)
				}
			}
			if last, err := d.store.LastGoodBackup(ctx); err != nil || last.IsZero() {
				t.Errorf("LastGoodBackup = %v, %v; want a time", last, err)
			}
			file := filepath.Join(d.svc.Dir, m.File)
			if rep, err := backup.Verify(ctx, file, d.ids, d.eng, true); err != nil || len(rep.Tables) != len(m.Tables) {
				t.Fatalf("verify: %v (%d tables checked, want %d)", err, len(rep.Tables), len(m.Tables))
			}
			target := d.destroy(t, engine)
			rep, err := backup.Restore(ctx, file, d.ids, d.eng, target, "")
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			if ms := backup.Compare(m.Tables, rep.Tables); len(ms) > 0 || len(rep.Tables) != len(m.Tables) {
				t.Fatalf("restored tables differ: %v", ms)
			}
			d.checkRestored(t, target)
		})
	}
}

// destroy refuses to restore over the live database, then deletes it and
// returns a new, empty target.
func (d *backupDrill) destroy(t *testing.T, engine string) backup.Target {
	t.Helper()
	ctx := context.Background()
	live := backup.Target{DataDir: d.opts.DataDir, DatabaseURL: d.opts.URL}
	if err := d.eng.EnsureEmpty(ctx, live); !errors.Is(err, backup.ErrTargetNotEmpty) {
		t.Fatalf("EnsureEmpty(live) = %v, want ErrTargetNotEmpty", err)
	}
	d.store.Close()
	if engine == "sqlite" {
		if err := os.RemoveAll(d.opts.DataDir); err != nil {
			t.Fatal(err)
		}
		return backup.Target{DataDir: filepath.Join(t.TempDir(), "restored")}
	}
	dropPostgres(t, d.eng.AdminURL, databaseName(t, d.opts.URL))
	return backup.Target{DatabaseURL: emptyPostgres(t, d.eng.AdminURL, "oroshi_restored_"+randomName())}
}

// checkRestored opens the restored database as the application does and
// reads the tenant's order back.
func (d *backupDrill) checkRestored(t *testing.T, target backup.Target) {
	t.Helper()
	ctx := context.Background()
	r, err := sqlstore.Open(ctx, sqlstore.Options{URL: target.DatabaseURL, DataDir: target.DataDir, AuditKey: sqlstoretest.AuditKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	o, err := r.Order(ctx, d.world.tn, d.order.ID)
	if err != nil {
		t.Fatalf("restored order: %v", err)
	}
	if o.Totals.Total != d.order.Totals.Total || len(o.Lines) != len(d.order.Lines) {
		t.Errorf("restored order = ¥%d %d lines, want ¥%d %d lines", o.Totals.Total, len(o.Lines), d.order.Totals.Total, len(d.order.Lines))
	}
	if ok, err := r.MigrationsCurrent(ctx); err != nil || !ok {
		t.Errorf("restored schema current = %v, %v", ok, err)
	}
}
