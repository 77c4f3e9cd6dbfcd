package backup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"filippo.io/age"
)

// Entry is one backup file in the directory.
type Entry struct {
	Generation int // 1 is the newest
	Manifest   Manifest
	Status     string // ok, missing (manifest without file), size (file size differs), no-manifest
	Path       string
	Size       int64
}

// List returns the backups in Dir, newest first. Status is "ok" when the
// file exists with the manifest's size (verify checks more).
func (s *Service) List() ([]Entry, error) {
	files, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup: list %s: %w", s.Dir, err)
	}
	var out []Entry
	for _, f := range files {
		name := f.Name()
		if !strings.HasPrefix(name, filePrefix) || !strings.HasSuffix(name, Suffix) && !strings.HasSuffix(name, Suffix+ManifestSuffix) {
			continue
		}
		out = append(out, s.entry(strings.TrimSuffix(name, ManifestSuffix)))
	}
	out = slices.CompactFunc(sortEntries(out), func(a, b Entry) bool { return a.Path == b.Path })
	for i := range out {
		out[i].Generation = i + 1
	}
	return out, nil
}

func (s *Service) entry(name string) Entry {
	e := Entry{Path: filepath.Join(s.Dir, name), Status: StatusOK}
	if m, err := readManifest(e.Path + ManifestSuffix); err == nil {
		e.Manifest = m
	} else {
		e.Status, e.Manifest.File = "no-manifest", name
	}
	st, err := os.Stat(e.Path)
	switch {
	case err != nil:
		e.Status = "missing"
	case e.Status == StatusOK && st.Size() != e.Manifest.Encrypted.Bytes:
		e.Status, e.Size = "size", st.Size()
	default:
		e.Size = st.Size()
	}
	return e
}

// sortEntries orders newest first: by manifest time, then by file name
// (which starts with the UTC time).
func sortEntries(es []Entry) []Entry {
	slices.SortFunc(es, func(a, b Entry) int {
		if c := b.Manifest.CreatedAt.Compare(a.Manifest.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.Path, a.Path)
	})
	return es
}

// Prune deletes good backups beyond the newest Keep (files and manifests)
// and returns their names. Only complete backups count as generations and
// the newest good one is never deleted; files without a manifest are left
// for an operator to look at.
func (s *Service) Prune() ([]string, error) {
	keep := max(s.Keep, 1)
	es, err := s.List()
	if err != nil {
		return nil, err
	}
	var removed []string
	good := 0
	for _, e := range es {
		if e.Status != StatusOK {
			continue
		}
		if good++; good <= keep {
			continue
		}
		for _, p := range []string{e.Path + ManifestSuffix, e.Path} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return removed, fmt.Errorf("backup: prune: %w", err)
			}
		}
		removed = append(removed, e.Manifest.File)
	}
	return removed, nil
}

// ParseRecipients reads OROSHI_BACKUP_RECIPIENT: an age public key
// (age1…), or the path of a recipients file (one key a line, # comments).
func ParseRecipients(v string) ([]age.Recipient, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	if strings.HasPrefix(v, "age1") {
		r, err := age.ParseX25519Recipient(v)
		if err != nil {
			return nil, fmt.Errorf("backup recipient: %w", err)
		}
		return []age.Recipient{r}, nil
	}
	f, err := os.Open(v)
	if err != nil {
		return nil, fmt.Errorf("backup recipient: not an age public key (age1…) and not a readable file: %w", err)
	}
	defer f.Close()
	rs, err := age.ParseRecipients(f)
	if err != nil {
		return nil, fmt.Errorf("backup recipients file %s: %w", v, err)
	}
	return rs, nil
}
