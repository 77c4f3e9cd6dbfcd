package demo_test

import (
	"bytes"
	"context"
	"database/sql"
	"image/png"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// withDocuments is the seeder with the documents service on the real fonts,
// as `oroshi demo` wires it.
func withDocuments(t *testing.T, s *sqlstore.Store) *demo.Seeder {
	sd := seeder(s)
	sd.Documents = &documents.Service{Store: s, Renderer: documents.PDF{Engine: pdftest.Engine(t)}, BaseURL: sd.BaseURL}
	sd.FontDir = pdftest.FontDir(t)
	return sd
}

// TestDemoDocuments: after a run the demo seller has its 帳票設定 (a valid
// registration number, a 角印) and the documents of its approved and
// shipped orders; a second run writes nothing.
func TestDemoDocuments(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		sd := withDocuments(t, s)
		docTables := []string{"document_layouts", "documents"}
		first, tn, beforeDocs := seedTwice(t, sd, s, append(slices.Clone(tables), docTables...))
		if beforeDocs["document_layouts"] != 1 || beforeDocs["documents"] != first.Counts.Documents || first.Counts.Documents == 0 {
			t.Errorf("%d layouts and %d documents, counts say %d documents", beforeDocs["document_layouts"], beforeDocs["documents"], first.Counts.Documents)
		}
		checkLayout(t, sd, tn)
		checkDocuments(t, sd, tn)
	})
}

func checkLayout(t *testing.T, sd *demo.Seeder, tn oroshi.TenantID) {
	l, err := sd.Documents.Layout(context.Background(), tn)
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 1 || l.CompanyName != "さくら食品株式会社" || !strings.Contains(l.Address, "東京都") || l.Phone == "" {
		t.Errorf("layout v%d %q %q %q", l.Version, l.CompanyName, l.Address, l.Phone)
	}
	if reg, msg := documents.RegistrationNumber(l.RegistrationNo); reg != demo.RegistrationNo || msg != "" {
		t.Errorf("registration number %q: %q %s", l.RegistrationNo, reg, msg)
	}
	if l.BankAccount != "みずほ銀行 日本橋支店 普通 1234567 サクラシヨクヒン(カ)" || l.Notes == "" {
		t.Errorf("bank %q, notes %q", l.BankAccount, l.Notes)
	}
	for _, k := range documents.GreetingKinds {
		if g := l.Greetings[k]; g == "" || g == documents.DefaultGreetings()[k] {
			t.Errorf("greeting of %s is %q, want the demo's own", k.Label(), g)
		}
	}
	img, err := png.Decode(bytes.NewReader(l.Seal.Data))
	if err != nil || l.Seal.Type != "image/png" {
		t.Fatalf("seal %s: %v", l.Seal.Type, err)
	}
	// Red frame at the edge, transparent ground between the frames, and red
	// lettering inside the inner frame.
	if r, g, b, a := img.At(10, 120).RGBA(); a == 0 || r>>8 < 150 || g>>8 > 80 || b>>8 > 80 {
		t.Errorf("seal frame pixel is %d,%d,%d,%d, want red", r>>8, g>>8, b>>8, a>>8)
	}
	if _, _, _, a := img.At(24, 120).RGBA(); a != 0 {
		t.Errorf("seal ground between the frames is not transparent")
	}
	red := 0
	for y := 40; y < 200; y++ {
		for x := 40; x < 200; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a>>8 > 128 {
				red++
			}
		}
	}
	if red < 2000 {
		t.Errorf("seal has %d inked pixels inside the frames, want the company name", red)
	}
}

// checkDocuments: every approved demo order has its 注文請書 and every
// shipment its 納品書, issued to the order's buyer; a 納品書 prints the
// registration number.
func checkDocuments(t *testing.T, sd *demo.Seeder, tn oroshi.TenantID) {
	ctx := context.Background()
	orders, err := sd.Sales.Orders(ctx, tn, sales.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[documents.Kind]int{}
	for _, ol := range orders.Orders {
		o, err := sd.Sales.Order(ctx, tn, ol.ID)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := sd.Documents.ForSource(ctx, tn, documents.SourceOrder, o.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := map[documents.Kind]int{documents.KindDeliverySlip: len(o.Shipments)}
		if o.Status != sales.StatusReceived && o.Status != sales.StatusCancelled {
			want[documents.KindOrderConfirmation] = 1
		}
		got := map[documents.Kind]int{}
		for _, d := range ds {
			got[d.Kind]++
			kinds[d.Kind]++
			if d.BuyerID != o.BuyerID || d.Version != 1 || d.Total <= 0 {
				t.Errorf("%s %s: buyer %s (order's %s), v%d, total %d", d.Kind.Label(), d.Number, d.BuyerID, o.BuyerID, d.Version, d.Total)
			}
		}
		if !reflect.DeepEqual(nonZero(got), nonZero(want)) {
			t.Errorf("order %s (%s): documents %v, want %v", o.Number, o.Status.Label(), got, want)
		}
	}
	if kinds[documents.KindOrderConfirmation] == 0 || kinds[documents.KindDeliverySlip] == 0 {
		t.Fatalf("documents by kind %v, want both", kinds)
	}
	checkSlipText(t, sd, tn)
}

func checkSlipText(t *testing.T, sd *demo.Seeder, tn oroshi.TenantID) {
	ctx := context.Background()
	l, err := sd.Documents.Search(ctx, tn, documents.Filter{Kind: documents.KindDeliverySlip, Limit: 1})
	if err != nil || len(l.Documents) != 1 {
		t.Fatalf("delivery slips: %d, %v", len(l.Documents), err)
	}
	d := l.Documents[0]
	b, err := sd.Documents.Store.DocumentPDF(ctx, tn, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(pdftest.Text(t, b)), "")
	for _, want := range []string{"納品書", "さくら食品株式会社", "登録番号" + demo.RegistrationNo, "御中",
		"みずほ銀行日本橋支店普通1234567サクラシヨクヒン(カ)", "毎度ありがとうございます。", "合計（税込）"} {
		if !strings.Contains(flat, want) {
			t.Errorf("%s %s does not show %q:\n%s", d.Kind.Label(), d.Number, want, flat)
		}
	}
}

func nonZero(m map[documents.Kind]int) map[documents.Kind]int {
	out := map[documents.Kind]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// TestDemoWithoutFonts: a server started without the PDF fonts still gets
// its 帳票設定 (with a seal of frames alone) and issues no documents, and
// the run does not fail.
func TestDemoWithoutFonts(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		sd := seeder(s)
		sd.Documents = &documents.Service{Store: s, Renderer: documents.NoFonts{}}
		r, err := sd.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tn, err := s.TenantBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		n := countRows(t, s, tn.ID, []string{"document_layouts", "documents"})
		if r.Counts.Documents != 0 || n["documents"] != 0 || n["document_layouts"] != 1 {
			t.Errorf("without fonts: counts say %d documents; rows %v", r.Counts.Documents, n)
		}
	})
}

// countRows counts the tenant's rows in the document tables (counts in
// demo_test.go covers the others).
func countRows(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, tables []string) map[string]int {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" { // row-level security shows one tenant's rows
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE tenant_id = "+tn.String()).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}
