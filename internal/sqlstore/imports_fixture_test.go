package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// importsFixture is a tenant with the services of CSV import and export.
type importsFixture struct {
	*pricingFixture
	csv    *dataio.Service
	buyers *buyers.Service
}

var importsStaff = audit.Actor{Realm: audit.RealmAdmin, ID: 42, ClientAddr: "192.0.2.42"}

func newImportsFixture(t testing.TB, s *sqlstore.Store, slug string) *importsFixture {
	t.Helper()
	f := newPricingFixture(t, s, slug)
	now := func() time.Time { return time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC) }
	return &importsFixture{pricingFixture: f, csv: &dataio.Service{Store: s, Now: now}, buyers: &buyers.Service{Store: s}}
}

// addBuyer creates a buyer through the buyers service.
func (f *importsFixture) addBuyer(b buyers.Buyer) buyers.Buyer {
	f.t.Helper()
	b.Tenant = f.tenant
	out, err := f.buyers.Create(context.Background(), b, importsStaff)
	if err != nil {
		f.t.Fatalf("create buyer %s: %v", b.Code, err)
	}
	return out
}

// export returns the file of kind k in enc.
func (f *importsFixture) export(k dataio.Kind, enc csvio.Encoding) []byte {
	f.t.Helper()
	var buf bytes.Buffer
	if _, err := f.csv.Export(context.Background(), f.tenant, k, enc, importsStaff, &buf); err != nil {
		f.t.Fatalf("export %s: %v", k, err)
	}
	return buf.Bytes()
}

// records reads a file back as rows of cells, the header first.
func (f *importsFixture) records(data []byte, enc csvio.Encoding) [][]string {
	f.t.Helper()
	r, err := csvio.NewReader(bytes.NewReader(data), enc)
	if err != nil {
		f.t.Fatal(err)
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// file writes rows (the header first) as a CSV file in enc.
func importsFile(t testing.TB, enc csvio.Encoding, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csvio.NewWriter(&buf, enc)
	for i, r := range rows {
		var err error
		if i == 0 {
			err = w.WriteHeader(r)
		} else {
			err = w.Write(r)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// run uploads data and works the import's job right here, as the worker
// would, returning the finished import.
func (f *importsFixture) run(k dataio.Kind, data []byte, enc csvio.Encoding, dryRun bool) dataio.Import {
	f.t.Helper()
	ctx := context.Background()
	im, err := f.csv.Submit(ctx, f.tenant, dataio.Upload{Kind: k, Filename: "test.csv", Encoding: enc,
		DryRun: dryRun, Data: data}, importsStaff)
	if err != nil {
		f.t.Fatalf("submit: %v", err)
	}
	if err := f.csv.Run(ctx, f.tenant, im.ID); err != nil {
		f.t.Fatalf("run: %v", err)
	}
	if im, err = f.csv.Import(ctx, f.tenant, im.ID); err != nil {
		f.t.Fatal(err)
	}
	if !im.Finished() {
		f.t.Fatalf("import %s is %s after Run", im.ID, im.Status)
	}
	return im
}

// mustSucceed fails the test with the import's problems unless it succeeded.
func mustSucceed(t testing.TB, im dataio.Import) {
	t.Helper()
	if im.Status != dataio.StatusSucceeded {
		t.Fatalf("import %s: %s with %d problems:\n%s", im.Kind, im.Status, im.ErrorCount, im.Result.Errors.Japanese())
	}
}

// checksum digests every row of the tenant's tables an import may write,
// so a test can tell that a failed commit changed nothing at all.
func (f *importsFixture) checksum() string {
	f.t.Helper()
	var lines []string
	for _, table := range []string{"buyers", "ship_tos", "price_list_items", "buyer_prices", "price_lists", "audit_events", "sessions"} {
		err := pricingScoped(f.s, f.tenant, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(context.Background(), `SELECT * FROM `+table+` WHERE tenant_id = `+f.tenant.String())
			if err != nil {
				return err
			}
			defer rows.Close()
			return digestRows(&lines, table, rows)
		})
		if err != nil {
			f.t.Fatal(err)
		}
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// digestRows adds one line per row, in no particular order (the caller sorts).
func digestRows(lines *[]string, table string, rows *sql.Rows) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		*lines = append(*lines, fmt.Sprintf("%s %v", table, vals))
	}
	return rows.Err()
}

// actions lists the audit actions of the tenant, oldest first, with the
// import each names ("" for none).
func (f *importsFixture) actions() []string {
	f.t.Helper()
	var out []string
	err := pricingScoped(f.s, f.tenant, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT action, detail FROM audit_events
			WHERE tenant_id = `+f.tenant.String()+` ORDER BY at, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var action, detail string
			if err := rows.Scan(&action, &detail); err != nil {
				return err
			}
			if strings.Contains(detail, `"csv_import"`) {
				action += " [csv]"
			}
			out = append(out, action)
		}
		return rows.Err()
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// buyerByCode reads a buyer back.
func (f *importsFixture) buyerByCode(code string) buyers.Buyer {
	f.t.Helper()
	b, err := f.s.BuyerByCode(context.Background(), f.tenant, code)
	if err != nil {
		f.t.Fatalf("buyer %s: %v", code, err)
	}
	return b
}

// errorsText is an import's problems, one per line, for comparing.
func errorsText(im dataio.Import) string { return im.Result.Errors.Japanese() }
