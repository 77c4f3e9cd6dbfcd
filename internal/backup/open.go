package backup

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"filippo.io/age"
)

// Errors that verify and restore report; each gets a clear message.
var (
	ErrTampered       = errors.New("backup: the file was altered or truncated (its size or SHA-256 differs from the manifest)")
	ErrWrongKey       = errors.New("backup: the file is encrypted to another key (the identity does not match any recipient)")
	ErrCorrupt        = errors.New("backup: the file cannot be decrypted to the end (truncated or corrupted)")
	ErrTargetNotEmpty = errors.New("backup: the restore target is not empty; restore only into a new, empty location")
)

// Engine checks and restores decrypted snapshots (implemented in sqlstore).
type Engine interface {
	// CheckSnapshot checks a snapshot file of engine and returns its table
	// sums; nil sums mean the engine cannot read them without deep (a
	// PostgreSQL dump is restored into a scratch database only when deep).
	CheckSnapshot(ctx context.Context, engine, path string, deep bool) ([]TableSum, error)
	// EnsureEmpty refuses a target that holds anything (ErrTargetNotEmpty).
	EnsureEmpty(ctx context.Context, t Target) error
	// RestoreSnapshot loads the snapshot into t and returns the restored
	// data's table sums.
	RestoreSnapshot(ctx context.Context, engine, path string, t Target) ([]TableSum, error)
}

// Target is where a restore goes: a new SQLite data dir or an empty
// PostgreSQL database.
type Target struct {
	DataDir     string
	DatabaseURL string
}

// Report is the outcome of verify or restore.
type Report struct {
	Manifest   Manifest   // the sealed manifest
	Tables     []TableSum // sums read back (nil: not read)
	Mismatches []Mismatch
	Notes      []string
}

// Identities reads an age identity file (as written by age-keygen).
func Identities(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("backup: identity: %w", err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("backup: identity %s: %w", path, err)
	}
	return ids, nil
}

// Verify checks file without touching live data: its digest against the
// manifest beside it, that it decrypts to the end, the snapshot's digest,
// and the snapshot itself (engine checks and table sums).
func Verify(ctx context.Context, file string, ids []age.Identity, eng Engine, deep bool) (Report, error) {
	return withSnapshot(file, ids, "", func(rep Report, snap string) (Report, error) {
		return check(ctx, rep, func() ([]TableSum, error) {
			return eng.CheckSnapshot(ctx, rep.Manifest.Engine, snap, deep)
		})
	})
}

// Restore loads file into a new, empty target and compares the restored
// data with the manifest. tmpDir holds the decrypted snapshot meanwhile
// ("" is the system's temporary directory).
func Restore(ctx context.Context, file string, ids []age.Identity, eng Engine, t Target, tmpDir string) (Report, error) {
	if err := eng.EnsureEmpty(ctx, t); err != nil {
		return Report{}, err
	}
	return withSnapshot(file, ids, tmpDir, func(rep Report, snap string) (Report, error) {
		if (rep.Manifest.Engine == "postgres") != (t.DatabaseURL != "") {
			return rep, fmt.Errorf("backup: a %s backup cannot be restored to this target (SQLite needs --to-data-dir, PostgreSQL --to-database-url)", rep.Manifest.Engine)
		}
		return check(ctx, rep, func() ([]TableSum, error) {
			return eng.RestoreSnapshot(ctx, rep.Manifest.Engine, snap, t)
		})
	})
}

// withSnapshot unseals file into a temporary directory under dir ("": the
// system's), runs fn on the snapshot, and removes the directory.
func withSnapshot(file string, ids []age.Identity, dir string, fn func(Report, string) (Report, error)) (Report, error) {
	tmp, err := os.MkdirTemp(dir, "oroshi-backup-")
	if err != nil {
		return Report{}, err
	}
	defer os.RemoveAll(tmp)
	rep, snap, err := unseal(file, ids, tmp)
	if err != nil {
		return rep, err
	}
	return fn(rep, snap)
}

func check(ctx context.Context, rep Report, sums func() ([]TableSum, error)) (Report, error) {
	got, err := sums()
	if err != nil {
		return rep, err
	}
	if got == nil {
		rep.Notes = append(rep.Notes, "table checksums not compared (use --deep to restore into a scratch database)")
		return rep, nil
	}
	rep.Tables = got
	rep.Mismatches = Compare(rep.Manifest.Tables, got)
	return rep, mismatchError(rep.Mismatches)
}

// unseal checks file against its clear manifest, decrypts it and writes the
// snapshot into dir; it returns the sealed manifest and the snapshot path.
// The encrypted file is read once: hashed while it is decrypted.
func unseal(file string, ids []age.Identity, dir string) (Report, string, error) {
	var rep Report
	beside, err := readManifest(file + ManifestSuffix)
	switch {
	case errors.Is(err, os.ErrNotExist):
		rep.Notes = append(rep.Notes, "no manifest beside the file: its SHA-256 was not checked")
	case err != nil:
		return rep, "", err
	}
	f, err := os.Open(file)
	if err != nil {
		return rep, "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return rep, "", err
	}
	if beside.Format != 0 && st.Size() != beside.Encrypted.Bytes {
		return rep, "", fmt.Errorf("%w: %d bytes, the manifest says %d", ErrTampered, st.Size(), beside.Encrypted.Bytes)
	}
	h := newCounter()
	inner, snap, err := decrypt(io.TeeReader(f, h), ids, dir)
	if beside.Format != 0 && !errors.Is(err, ErrWrongKey) {
		// Hash what decryption left unread, so that a damaged file is
		// reported as altered rather than as undecryptable.
		if _, cerr := io.Copy(h, f); cerr == nil && h.digest() != beside.Encrypted {
			return rep, "", fmt.Errorf("%w: sha256 %.16s…, the manifest says %.16s…", ErrTampered, h.digest().SHA256, beside.Encrypted.SHA256)
		}
	}
	if err != nil {
		return rep, "", err
	}
	rep.Manifest = inner
	if beside.Format != 0 {
		if !reflect.DeepEqual(beside.inner(), inner) {
			return rep, "", fmt.Errorf("%w: the manifest beside the file differs from the one sealed inside it", ErrTampered)
		}
		rep.Manifest.Encrypted = beside.Encrypted
	}
	return rep, snap, nil
}

func decrypt(in io.Reader, ids []age.Identity, dir string) (Manifest, string, error) {
	r, err := age.Decrypt(in, ids...)
	if err != nil {
		if _, ok := errors.AsType[*age.NoIdentityMatchError](err); ok {
			return Manifest{}, "", ErrWrongKey
		}
		return Manifest{}, "", fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return extract(r, dir)
}

// extract reads the archive: the snapshot (written to dir, hashed) then
// manifest.json, then drains the stream so that age authenticates its end.
func extract(r io.Reader, dir string) (Manifest, string, error) {
	tr := tar.NewReader(r)
	hdr, err := tr.Next()
	if err != nil {
		return Manifest{}, "", fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	snap := filepath.Join(dir, filepath.Base(hdr.Name))
	plain, err := copyToFile(snap, tr)
	if err != nil {
		return Manifest{}, "", err
	}
	if _, err := tr.Next(); err != nil {
		return Manifest{}, "", fmt.Errorf("%w: manifest: %v", ErrCorrupt, err)
	}
	var m Manifest
	if err := json.NewDecoder(tr).Decode(&m); err != nil {
		return Manifest{}, "", fmt.Errorf("%w: manifest: %v", ErrCorrupt, err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return Manifest{}, "", fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if m.Plain != plain || m.Snapshot != filepath.Base(hdr.Name) {
		return Manifest{}, "", fmt.Errorf("%w: the snapshot's digest differs from the sealed manifest", ErrTampered)
	}
	return m, snap, nil
}

func copyToFile(path string, r io.Reader) (Digest, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Digest{}, err
	}
	defer f.Close()
	c := newCounter()
	if _, err := io.Copy(io.MultiWriter(f, c), r); err != nil {
		return Digest{}, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return c.digest(), f.Close()
}
