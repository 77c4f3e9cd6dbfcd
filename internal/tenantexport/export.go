// Package tenantexport writes a tenant's full export (データ一括出力): one
// ZIP holding a CSV and a JSON file per data kind, the operation history,
// every issued document's PDF and a manifest with each file's size and
// SHA-256. It streams: rows go from the database to the ZIP one at a
// time and documents one PDF at a time, so a large tenant never sits in
// memory.
package tenantexport

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Action is the history entry of a full export.
const Action = "データ一括出力"

// DocumentFile is one issued document's PDF.
type DocumentFile struct {
	Kind    string
	Number  string
	Version int
	SHA256  string // as recorded at issue
	PDF     []byte
}

// Store is what the export reads besides the CSV kinds.
type Store interface {
	// EachAuditEntry calls fn with each history entry of t (newest first).
	EachAuditEntry(ctx context.Context, t oroshi.TenantID, f audit.Filter, fn func(audit.Entry) error) error
	// EachDocumentFile calls fn with each issued document of t, one PDF
	// in memory at a time.
	EachDocumentFile(ctx context.Context, t oroshi.TenantID, fn func(DocumentFile) error) error
	RecordAudit(ctx context.Context, e audit.Event) error
}

// File is one file of the ZIP as the manifest lists it.
type File struct {
	Path   string `json:"path"`
	Rows   *int   `json:"rows,omitempty"` // data rows of a CSV/JSON/history file
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Manifest is manifest.json, the ZIP's last file.
type Manifest struct {
	Tenant      string         `json:"tenant"`
	Name        string         `json:"name"`
	GeneratedAt time.Time      `json:"generated_at"`
	ContractEnd string         `json:"contract_end,omitempty"`
	Counts      map[string]int `json:"counts"`
	Files       []File         `json:"files"`
}

// Service writes full exports.
type Service struct {
	Data  *dataio.Service
	Store Store
	Now   func() time.Time
}

// Filename is the ZIP's download name.
func Filename(t tenancy.Tenant, now time.Time) string {
	return fmt.Sprintf("%s-export-%s.zip", t.Slug, tenancy.Today(now))
}

// Write records the export in t's history, then streams the ZIP to w.
// An error after the first byte means the ZIP is incomplete: the caller
// must break the response off.
func (s *Service) Write(ctx context.Context, t tenancy.Tenant, actor audit.Actor, w io.Writer) (Manifest, error) {
	now := s.Now()
	ev := actor.Event(Action, "tenant", t.ID.String())
	ev.Tenant, ev.Detail = t.ID, map[string]any{"format": "zip"}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return Manifest{}, fmt.Errorf("full export: %w", err)
	}
	z := &zipper{w: zip.NewWriter(w), at: now}
	m := Manifest{Tenant: t.Slug, Name: t.Name, GeneratedAt: now.UTC(), ContractEnd: t.Contract.End, Counts: map[string]int{}}
	for _, k := range dataio.FullKinds() {
		if err := s.kind(ctx, z, &m, t, k); err != nil {
			return m, fmt.Errorf("full export %s: %w", k, err)
		}
	}
	if err := s.history(ctx, z, &m, t); err != nil {
		return m, fmt.Errorf("full export history: %w", err)
	}
	if err := s.documents(ctx, z, &m, t); err != nil {
		return m, fmt.Errorf("full export documents: %w", err)
	}
	m.Files = z.files
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := z.file("manifest.json", nil, func(w io.Writer) error { _, err := w.Write(body); return err }); err != nil {
		return m, err
	}
	return m, z.w.Close()
}

// kind writes csv/<kind>.csv and json/<kind>.json.
func (s *Service) kind(ctx context.Context, z *zipper, m *Manifest, t tenancy.Tenant, k dataio.Kind) error {
	rows := 0
	err := z.file("csv/"+string(k)+".csv", &rows, func(w io.Writer) error {
		cw := csvio.NewWriter(w, csvio.UTF8BOM)
		err := s.Data.EachRecord(ctx, t.ID, k, cw.WriteHeader, func(rec []string) error {
			rows++
			return cw.Write(rec)
		})
		if err != nil {
			return err
		}
		return cw.Flush()
	})
	if err != nil {
		return err
	}
	m.Counts[string(k)] = rows
	jsonRows := 0
	return z.file("json/"+string(k)+".json", &jsonRows, func(w io.Writer) error {
		a := &jsonArray{w: w}
		var header []string
		err := s.Data.EachRecord(ctx, t.ID, k, func(h []string) error { header = h; return nil }, func(rec []string) error {
			jsonRows++
			obj := make(map[string]string, len(header))
			for i, h := range header {
				obj[h] = rec[i]
			}
			return a.add(obj)
		})
		if err != nil {
			return err
		}
		return a.close()
	})
}

// history writes history/operations.json, newest entry first.
func (s *Service) history(ctx context.Context, z *zipper, m *Manifest, t tenancy.Tenant) error {
	rows := 0
	err := z.file("history/operations.json", &rows, func(w io.Writer) error {
		a := &jsonArray{w: w}
		err := s.Store.EachAuditEntry(ctx, t.ID, audit.Filter{}, func(e audit.Entry) error {
			rows++
			return a.add(historyEntry(e))
		})
		if err != nil {
			return err
		}
		return a.close()
	})
	m.Counts["history"] = rows
	return err
}

// documents writes documents/<kind>/<number>_v<version>.pdf.
func (s *Service) documents(ctx context.Context, z *zipper, m *Manifest, t tenancy.Tenant) error {
	n := 0
	err := s.Store.EachDocumentFile(ctx, t.ID, func(d DocumentFile) error {
		n++
		name := fmt.Sprintf("documents/%s/%s_v%d.pdf", safeName(d.Kind), safeName(d.Number), d.Version)
		return z.file(name, nil, func(w io.Writer) error { _, err := w.Write(d.PDF); return err })
	})
	m.Counts["documents"] = n
	return err
}

// safeName keeps a path part inside its folder.
func safeName(s string) string {
	s = strings.NewReplacer("/", "_", "\\", "_", "..", "_").Replace(s)
	if s == "" {
		return "_"
	}
	return s
}

func historyEntry(e audit.Entry) map[string]any {
	return map[string]any{"seq": e.Seq, "id": e.ID.String(), "at": e.At.UTC(), "actor_realm": e.ActorRealm,
		"actor_id": e.ActorID.String(), "actor_name": e.ActorName, "action": e.Action, "target_type": e.TargetType,
		"target_id": e.TargetID, "detail": e.Detail, "client_addr": e.ClientAddr, "hash": e.Hash, "prev_hash": e.PrevHash}
}

// zipper writes ZIP entries, counting and hashing each.
type zipper struct {
	w     *zip.Writer
	at    time.Time
	files []File
}

func (z *zipper) file(name string, rows *int, write func(io.Writer) error) error {
	fw, err := z.w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.at})
	if err != nil {
		return err
	}
	h := &counter{h: sha256.New()}
	if err := write(io.MultiWriter(fw, h)); err != nil {
		return err
	}
	z.files = append(z.files, File{Path: name, Rows: rows, Bytes: h.n, SHA256: hex.EncodeToString(h.h.Sum(nil))})
	return nil
}

type counter struct {
	h hash.Hash
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// jsonArray streams a JSON array, one element per line.
type jsonArray struct {
	w io.Writer
	n int
}

func (a *jsonArray) add(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if a.n == 0 {
		sep = "[\n"
	}
	a.n++
	if _, err := io.WriteString(a.w, sep); err != nil {
		return err
	}
	_, err = a.w.Write(b)
	return err
}

func (a *jsonArray) close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(a.w, end)
	return err
}
