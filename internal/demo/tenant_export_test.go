package demo_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenantexport"
)

// TestTenantFullExport unzips the demo tenant's full export and checks
// every file against the manifest (size, SHA-256, rows), that each kind
// has a CSV and a JSON file with the same rows, that every issued
// document's PDF is there, and that the export is in the history.
func TestTenantFullExport(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		sd := withDocuments(t, s)
		res, err := sd.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tn, err := s.TenantBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		svc := &tenantexport.Service{Data: &dataio.Service{Store: s}, Store: s, Now: s.Now}
		var buf bytes.Buffer
		m, err := svc.Write(ctx, tn, audit.Actor{Realm: audit.RealmAdmin, ID: 1}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes, %d files, counts %v", s.Engine(), buf.Len(), len(m.Files), m.Counts)
		files := unzip(t, buf.Bytes())
		var got tenantexport.Manifest
		if err := json.Unmarshal(files["manifest.json"], &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Files) != len(files)-1 {
			t.Errorf("manifest lists %d files, the ZIP has %d besides it", len(got.Files), len(files)-1)
		}
		for _, f := range got.Files {
			checkManifestFile(t, f, files[f.Path])
		}
		for _, k := range dataio.FullKinds() {
			checkKindFiles(t, string(k), files, got.Counts[string(k)])
		}
		if got.Counts["buyers"] != res.Counts.Buyers || got.Counts["orders"] != res.Counts.Orders {
			t.Errorf("counts %v, demo made %+v", got.Counts, res.Counts)
		}
		pdfs := 0
		for name, b := range files {
			if strings.HasPrefix(name, "documents/") && strings.HasSuffix(name, ".pdf") && bytes.HasPrefix(b, []byte("%PDF")) {
				pdfs++
			}
		}
		if pdfs != res.Counts.Documents || pdfs == 0 {
			t.Errorf("%d PDFs in the ZIP, the demo issued %d", pdfs, res.Counts.Documents)
		}
		var history []map[string]any
		if err := json.Unmarshal(files["history/operations.json"], &history); err != nil || len(history) < 100 {
			t.Errorf("history: %d entries, %v", len(history), err)
		}
		page, err := s.AuditHistory(ctx, tn.ID, audit.Filter{Action: tenantexport.Action})
		if err != nil || len(page.Entries) != 1 {
			t.Errorf("export not in the history: %+v, %v", page, err)
		}
	})
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = data
	}
	return out
}

func checkManifestFile(t *testing.T, f tenantexport.File, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	if data == nil || f.Bytes != int64(len(data)) || f.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: manifest says %d bytes %s, file has %d bytes %x", f.Path, f.Bytes, f.SHA256, len(data), sum)
	}
}

// checkKindFiles: the CSV (header + rows) and the JSON array agree with
// the manifest's count, and the JSON objects are keyed by the CSV header.
func checkKindFiles(t *testing.T, kind string, files map[string][]byte, count int) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files["csv/"+kind+".csv"], []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s.csv: %d records, %v", kind, len(recs), err)
	}
	var objs []map[string]string
	if err := json.Unmarshal(files["json/"+kind+".json"], &objs); err != nil {
		t.Fatalf("%s.json: %v", kind, err)
	}
	if len(recs)-1 != count || len(objs) != count {
		t.Errorf("%s: %d CSV rows, %d JSON objects, manifest %d", kind, len(recs)-1, len(objs), count)
	}
	for _, o := range objs {
		if len(o) != len(recs[0]) {
			t.Errorf("%s.json: object with %d keys, header has %d", kind, len(o), len(recs[0]))
			return
		}
	}
}
