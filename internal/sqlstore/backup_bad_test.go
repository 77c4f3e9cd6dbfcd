package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

// TestBackupBadInput: verify and restore fail with a clear error on a
// damaged file or the wrong key, and the restore target stays untouched.
func TestBackupBadInput(t *testing.T) {
	ctx := context.Background()
	d := newBackupDrill(t, "sqlite")
	m, err := d.svc.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(d.svc.Dir, m.File)
	other, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, file string)
		ids    []age.Identity
		want   error
	}{
		{"truncated", truncate, d.ids, backup.ErrTampered},
		{"truncated without manifest", both(truncate, dropManifest), d.ids, backup.ErrCorrupt},
		{"byte flipped", flipByte, d.ids, backup.ErrTampered},
		{"byte flipped without manifest", both(flipByte, dropManifest), d.ids, backup.ErrCorrupt},
		{"manifest edited", editManifest, d.ids, backup.ErrTampered},
		{"another key", func(*testing.T, string) {}, []age.Identity{other}, backup.ErrWrongKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), m.File)
			copyFile(t, src, file)
			copyFile(t, src+backup.ManifestSuffix, file+backup.ManifestSuffix)
			tt.damage(t, file)
			if _, err := backup.Verify(ctx, file, tt.ids, d.eng, false); !errors.Is(err, tt.want) {
				t.Errorf("verify: %v, want %v", err, tt.want)
			}
			target := filepath.Join(t.TempDir(), "restored")
			if _, err := backup.Restore(ctx, file, tt.ids, d.eng, backup.Target{DataDir: target}, ""); !errors.Is(err, tt.want) {
				t.Errorf("restore: %v, want %v", err, tt.want)
			}
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("restore target was created: %v", err)
			}
		})
	}
	t.Run("non-empty target", func(t *testing.T) {
		dir := t.TempDir()
		keep := filepath.Join(dir, "oroshi.db")
		if err := os.WriteFile(keep, []byte("live data"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := backup.Restore(ctx, src, d.ids, d.eng, backup.Target{DataDir: dir}, ""); !errors.Is(err, backup.ErrTargetNotEmpty) {
			t.Errorf("restore: %v, want ErrTargetNotEmpty", err)
		}
		if b, _ := os.ReadFile(keep); string(b) != "live data" {
			t.Errorf("target file changed: %q", b)
		}
	})
}

// TestBackupGenerations keeps the newest Keep good backups, and refuses to
// back up without a recipient.
func TestBackupGenerations(t *testing.T) {
	ctx := context.Background()
	d := newBackupDrill(t, "sqlite")
	now := time.Date(2026, 5, 1, 18, 0, 0, 0, time.UTC)
	d.svc.Now = func() time.Time { now = now.Add(24 * time.Hour); return now }
	var files []string
	for range 4 {
		m, err := d.svc.Create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m.File)
	}
	list, err := d.svc.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range list {
		if e.Status != backup.StatusOK {
			t.Errorf("%s: status %s", e.Manifest.File, e.Status)
		}
		got = append(got, e.Manifest.File)
	}
	if want := []string{files[3], files[2]}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("kept %v, want %v", got, want)
	}
	runs, err := d.store.BackupRuns(ctx, 10)
	if err != nil || len(runs) != 4 || runs[0].Status != backup.StatusOK || runs[0].File != files[3] {
		t.Errorf("runs = %+v, %v; want 4, newest ok %s", runs, err, files[3])
	}
	d.svc.Recipients = nil
	if _, err := d.svc.Create(ctx); !errors.Is(err, backup.ErrNoRecipient) {
		t.Errorf("create without recipient: %v, want ErrNoRecipient", err)
	}
}

func both(fs ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, file string) {
		for _, f := range fs {
			f(t, file)
		}
	}
}

func truncate(t *testing.T, file string) {
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(file, st.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func flipByte(t *testing.T, file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func dropManifest(t *testing.T, file string) {
	if err := os.Remove(file + backup.ManifestSuffix); err != nil {
		t.Fatal(err)
	}
}

func editManifest(t *testing.T, file string) {
	b, err := os.ReadFile(file + backup.ManifestSuffix)
	if err != nil {
		t.Fatal(err)
	}
	var m backup.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m.Tables[0].Rows++
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file+backup.ManifestSuffix, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
