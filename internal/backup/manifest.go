// Package backup makes, lists, verifies and restores encrypted backups of
// the whole database. A backup is a tar stream (the engine's snapshot file,
// then manifest.json) encrypted with age to the configured recipients, plus
// the same manifest beside it in clear (with the encrypted file's size and
// SHA-256) so that `list` and the operators can read it without the key.
// The copy inside the encryption is authoritative: verify and restore
// refuse a clear manifest that differs from it.
//
// The engine-specific work (snapshots, checksums, restoring) is done by a
// Source and an Engine that sqlstore implements; this package holds the
// rules and the file formats. The private key never lives on the server:
// verify and restore are given the identity file.
package backup

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// FormatVersion is the manifest format; bump it when the layout changes.
const FormatVersion = 1

// Suffix ends every backup file name; the manifest is FILE + ManifestSuffix.
const (
	Suffix         = ".backup.age"
	ManifestSuffix = ".json"
	filePrefix     = "oroshi-"
)

// Digest is the size and SHA-256 (hex) of a byte stream.
type Digest struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// TableSum is a table's row count and checksum: the SHA-256 of its rows in
// primary-key order, each value in an engine-independent representation.
type TableSum struct {
	Table  string `json:"table"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Snapshot is what a Source reports about the copy it made.
type Snapshot struct {
	Engine        string     // "sqlite" or "postgres"
	SchemaVersion int64      // goose version of the copy
	Tables        []TableSum // sorted by table name
}

// Manifest describes one backup.
type Manifest struct {
	Format        int        `json:"format"`
	CreatedAt     time.Time  `json:"created_at"`
	Version       string     `json:"oroshi_version"`
	Engine        string     `json:"engine"`
	SchemaVersion int64      `json:"schema_version"`
	File          string     `json:"file"`
	Snapshot      string     `json:"snapshot"` // name of the snapshot inside the archive
	Plain         Digest     `json:"plain"`    // the snapshot file
	Encrypted     Digest     `json:"encrypted"`
	Tables        []TableSum `json:"tables"`
}

// inner is the manifest as sealed inside the encryption: everything but
// the encrypted file's own digest, which cannot be known from inside.
func (m Manifest) inner() Manifest {
	m.Encrypted = Digest{}
	return m
}

// Rows is the total row count.
func (m Manifest) Rows() int64 {
	var n int64
	for _, t := range m.Tables {
		n += t.Rows
	}
	return n
}

func readManifest(path string) (Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return Manifest{}, fmt.Errorf("manifest %s: %w", path, err)
	}
	if m.Format != FormatVersion {
		return Manifest{}, fmt.Errorf("manifest %s: unknown format %d", path, m.Format)
	}
	return m, nil
}

// writeManifest writes m atomically (a temporary file renamed into place).
func writeManifest(path string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Mismatch is one table whose checksum or row count differs.
type Mismatch struct {
	Table          string
	Want, Got      TableSum
	Missing, Extra bool
}

func (m Mismatch) String() string {
	switch {
	case m.Missing:
		return fmt.Sprintf("%s: missing (want %d rows)", m.Table, m.Want.Rows)
	case m.Extra:
		return fmt.Sprintf("%s: unexpected table (%d rows)", m.Table, m.Got.Rows)
	}
	return fmt.Sprintf("%s: rows %d→%d, checksum %.12s→%.12s", m.Table, m.Want.Rows, m.Got.Rows, m.Want.SHA256, m.Got.SHA256)
}

// Compare lists the tables whose sums differ between want and got.
func Compare(want, got []TableSum) []Mismatch {
	g := map[string]TableSum{}
	for _, t := range got {
		g[t.Table] = t
	}
	var out []Mismatch
	for _, w := range want {
		t, ok := g[w.Table]
		delete(g, w.Table)
		switch {
		case !ok:
			out = append(out, Mismatch{Table: w.Table, Want: w, Missing: true})
		case t != w:
			out = append(out, Mismatch{Table: w.Table, Want: w, Got: t})
		}
	}
	for name, t := range g {
		out = append(out, Mismatch{Table: name, Got: t, Extra: true})
	}
	slices.SortFunc(out, func(a, b Mismatch) int { return strings.Compare(a.Table, b.Table) })
	return out
}

// ErrMismatch means the restored or verified data differs from the manifest.
var ErrMismatch = errors.New("backup: table checksums differ from the manifest")

func mismatchError(ms []Mismatch) error {
	if len(ms) == 0 {
		return nil
	}
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = m.String()
	}
	return fmt.Errorf("%w:\n  %s", ErrMismatch, strings.Join(lines, "\n  "))
}
