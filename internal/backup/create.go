package backup

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
)

// Source makes a consistent copy of the live database into a file.
type Source interface {
	// Snapshot writes the copy to path (SQLite: VACUUM INTO; PostgreSQL:
	// pg_dump --format=custom) and reports the copy's table sums.
	BackupSnapshot(ctx context.Context, path string) (Snapshot, error)
}

// Runs records backup runs (the backup_runs table).
type Runs interface {
	StartBackupRun(ctx context.Context) (Run, error)
	FinishBackupRun(ctx context.Context, r Run) error
}

// Run is one backup attempt.
type Run struct {
	ID         int64
	StartedAt  time.Time
	FinishedAt time.Time
	Status     string // running, ok, failed
	File       string
	Bytes      int64
	SHA256     string
	Error      string
}

// Run statuses.
const (
	StatusRunning = "running"
	StatusOK      = "ok"
	StatusFailed  = "failed"
)

// ErrNoRecipient is returned by Create when no recipient is configured.
var ErrNoRecipient = errors.New("backup: no recipient configured (set OROSHI_BACKUP_RECIPIENT to an age public key or a recipients file); refusing to write an unencrypted backup")

// Service creates backups into Dir and keeps Keep generations.
type Service struct {
	Dir        string
	Recipients []age.Recipient
	Keep       int
	Version    string // oroshi version written into manifests
	Source     Source
	Runs       Runs // nil: runs are not recorded (tests)
	Now        func() time.Time
}

// Create makes one backup, records it in Runs, and on success deletes the
// generations beyond Keep.
func (s *Service) Create(ctx context.Context) (Manifest, error) {
	if len(s.Recipients) == 0 {
		return Manifest{}, ErrNoRecipient
	}
	run := Run{Status: StatusRunning}
	if s.Runs != nil {
		var err error
		if run, err = s.Runs.StartBackupRun(ctx); err != nil {
			return Manifest{}, fmt.Errorf("backup: record start: %w", err)
		}
	}
	m, err := s.create(ctx)
	run.Status, run.File, run.Bytes, run.SHA256 = StatusOK, m.File, m.Encrypted.Bytes, m.Encrypted.SHA256
	if err != nil {
		run.Status, run.Error = StatusFailed, err.Error()
	}
	if s.Runs != nil {
		if ferr := s.Runs.FinishBackupRun(context.WithoutCancel(ctx), run); ferr != nil {
			return m, errors.Join(err, fmt.Errorf("backup: record end: %w", ferr))
		}
	}
	if err != nil {
		return m, err
	}
	if _, err := s.Prune(); err != nil {
		return m, fmt.Errorf("backup %s written, but pruning old generations failed: %w", m.File, err)
	}
	return m, nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) create(ctx context.Context) (Manifest, error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return Manifest{}, fmt.Errorf("backup: create dir: %w", err)
	}
	tmp, err := os.MkdirTemp(s.Dir, ".snapshot-")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	snapPath := filepath.Join(tmp, "snapshot")
	snap, err := s.Source.BackupSnapshot(ctx, snapPath)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: snapshot: %w", err)
	}
	now := s.now()
	m := Manifest{Format: FormatVersion, CreatedAt: now, Version: s.Version, Engine: snap.Engine,
		SchemaVersion: snap.SchemaVersion, Tables: snap.Tables, Snapshot: snapshotName(snap.Engine),
		File: filePrefix + now.Format("20060102T150405Z") + "-" + snap.Engine + Suffix}
	final := filepath.Join(s.Dir, m.File)
	if m.Encrypted, m.Plain, err = s.seal(snapPath, final+".partial", m); err != nil {
		os.Remove(final + ".partial")
		return Manifest{}, err
	}
	if err := os.Rename(final+".partial", final); err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	if err := writeManifest(final+ManifestSuffix, m); err != nil {
		return Manifest{}, fmt.Errorf("backup: manifest: %w", err)
	}
	return m, nil
}

func snapshotName(engine string) string {
	if engine == "postgres" {
		return "oroshi.pgdump"
	}
	return "oroshi.db"
}

// seal streams the snapshot file and the manifest through tar and age into
// out, hashing the plain snapshot and the encrypted bytes on the way.
func (s *Service) seal(snapPath, out string, m Manifest) (enc, plain Digest, err error) {
	in, err := os.Open(snapPath)
	if err != nil {
		return enc, plain, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return enc, plain, err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return enc, plain, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	encHash := newCounter()
	aw, err := age.Encrypt(io.MultiWriter(f, encHash), s.Recipients...)
	if err != nil {
		return enc, plain, fmt.Errorf("backup: encrypt: %w", err)
	}
	tw := tar.NewWriter(aw)
	plainHash := newCounter()
	hdr := &tar.Header{Name: m.Snapshot, Mode: 0o600, Size: st.Size(), ModTime: m.CreatedAt, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return enc, plain, err
	}
	if _, err := io.Copy(io.MultiWriter(tw, plainHash), in); err != nil {
		return enc, plain, fmt.Errorf("backup: write: %w", err)
	}
	m.Plain = plainHash.digest()
	if err := writeTarJSON(tw, "manifest.json", m.inner()); err != nil {
		return enc, plain, err
	}
	if err := closeAll(tw, aw); err != nil {
		return enc, plain, fmt.Errorf("backup: finish: %w", err)
	}
	if err := f.Sync(); err != nil {
		return enc, plain, fmt.Errorf("backup: sync: %w", err)
	}
	return encHash.digest(), m.Plain, f.Close()
}

func writeTarJSON(tw *tar.Writer, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err = tw.Write(b)
	return err
}

func closeAll(cs ...io.Closer) error {
	for _, c := range cs {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return nil
}

// counter hashes and counts what is written to it.
type counter struct {
	h hash.Hash
	n int64
}

func newCounter() *counter { return &counter{h: sha256.New()} }

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

func (c *counter) digest() Digest {
	return Digest{Bytes: c.n, SHA256: hex.EncodeToString(c.h.Sum(nil))}
}
