package sqlstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pdf/pdftest"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBillingDocuments: the 請求書 and 返還請求書 PDFs, on each engine, read
// back with pdftotext.
func TestBillingDocuments(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *billWorld, documents.Renderer)
	}{
		{"InvoicePDF", testInvoicePDF},
		{"DetailedVersusSlipsPDF", testInvoiceMethodsPDF},
		{"NoFonts", testInvoiceNoFonts},
		{"CreditNote", testCreditNote},
	}
	r := documents.PDF{Engine: pdftest.Engine(t)}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				sc.fn(t, newBillWorld(t, s, "bdoc"+string(rune('a'+i))), r)
			})
		}
	})
}

// billDocs wires a documents service on the world's clock into billing
// and saves a layout with registration number and bank account.
func billDocs(t *testing.T, w *billWorld, r documents.Renderer) *documents.Service {
	t.Helper()
	ds := &documents.Service{Store: w.s, Renderer: r, Now: func() time.Time { return w.today }}
	w.bill.Documents = ds
	l := documents.DefaultLayout("さくら食品株式会社")
	l.Address, l.RegistrationNo = "大阪府大阪市北区梅田1-1", "T7000012050002"
	l.BankAccount = "三井住友銀行 梅田支店 普通 1234567"
	if _, err := ds.SaveLayout(context.Background(), w.tn, documents.LayoutInput{Layout: l}, billStaff); err != nil {
		t.Fatal(err)
	}
	return ds
}

// docsOf lists the documents of one source, newest first.
func docsOf(t *testing.T, w *billWorld, kind documents.Kind, src string, id oroshi.ID) []documents.Document {
	t.Helper()
	ds, err := w.s.Documents(context.Background(), w.tn, documents.Query{Kind: kind, SourceType: src, SourceID: id})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// pdfFlat is the document's PDF text without white space.
func pdfFlat(t *testing.T, ds *documents.Service, d documents.Document) string {
	t.Helper()
	b, err := ds.PDF(context.Background(), d, billStaff)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(pdftest.Text(t, b)), "")
}

func wantText(t *testing.T, flat string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, flat)
		}
	}
}

// A monthly closing issues the 請求書 at once; a re-issue is version 2 and
// leaves version 1 as it was; another buyer cannot reach it.
func testInvoicePDF(t *testing.T, w *billWorld, r documents.Renderer) {
	ctx := context.Background()
	ds := billDocs(t, w, r)
	b, other := w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-05", w.line("STD-1", 3), w.line("RED-1", 4))
	w.shipped(b, "2026-04-10", w.line("STD-1", 1))
	w.at("2026-04-30")
	if r := w.mustClose("2026-04-30", b.ID); r.Issued != 1 || len(r.DocumentsFailed) != 0 {
		t.Fatalf("run %+v", r)
	}
	iv := w.invoices(b.ID)[0]
	// 10 %: 420 (tax 42); 8 %: 800 (tax 64).
	if iv.Total != 420+42+800+64 {
		t.Fatalf("invoice %+v", iv)
	}
	docs := docsOf(t, w, documents.KindInvoice, documents.SourceInvoice, iv.ID)
	if len(docs) != 1 || docs[0].Version != 1 || docs[0].Total != iv.Total || docs[0].BuyerID != b.ID ||
		docs[0].Number != iv.Number || docs[0].DocDate != iv.IssueDate {
		t.Fatalf("invoice documents %+v", docs)
	}
	d := docs[0]
	flat := pdfFlat(t, ds, d)
	wantText(t, flat, "請求書", b.Name+"御中", "さくら食品株式会社", "登録番号T7000012050002", iv.Number,
		"ご請求金額（税込）¥1,326", "お支払期限2026年5月31日", "請求期間2026年4月1日〜2026年4月30日締",
		"前回請求額¥0", "ご入金額¥0", "繰越金額¥0", "今回売上額¥1,220", "消費税額¥106", "今回ご請求額¥1,326",
		"業務用ラップ", "500g※", "10%対象小計¥420", "消費税（10%）¥42", "8%対象小計¥800", "消費税（8%）¥64",
		"10%対象¥420（消費税¥42）", "8%対象¥800（消費税¥64）", "※は軽減税率（8%）対象商品です。",
		"お振込先", "三井住友銀行", "下記のとおりご請求申し上げます。", "4/5", "4/10")
	if strings.Contains(flat, "再発行") {
		t.Errorf("first version marked as a re-issue")
	}
	var issued int
	for _, l := range auditLines(t, w.s, w.tn) {
		if strings.HasPrefix(l, "請求書（発行） document:") {
			issued++
		}
	}
	if issued != 1 {
		t.Errorf("%d 請求書（発行） document records", issued)
	}

	d2, err := ds.IssueInvoice(ctx, w.tn, iv.ID, billStaff)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Version != 2 || d2.Supersedes != d.ID {
		t.Errorf("re-issue %+v", d2)
	}
	wantText(t, pdfFlat(t, ds, d2), "（第2版・再発行）")
	if first, err := ds.Document(ctx, w.tn, d.ID); err != nil || first.SHA256 != d.SHA256 || first.Version != 1 {
		t.Errorf("first version changed: %+v %v", first, err)
	}
	if _, err := ds.BuyerDocument(ctx, w.tn, other.ID, d.ID); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("another buyer reads the invoice: %v", err)
	}
	if got, err := ds.BuyerDocument(ctx, w.tn, b.ID, d.ID); err != nil || got.ID != d.ID {
		t.Errorf("the buyer's own invoice: %+v %v", got, err)
	}
	list, err := ds.Search(ctx, w.tn, documents.Filter{Kind: documents.KindInvoice})
	if err != nil || len(list.Documents) != 2 {
		t.Errorf("search by kind invoice: %+v %v", list, err)
	}
}

// Three deliveries of ¥105: the detailed 請求書 prints tax ¥31, the slips
// one ¥30 with the note saying how it was computed.
func testInvoiceMethodsPDF(t *testing.T, w *billWorld, r documents.Renderer) {
	ds := billDocs(t, w, r)
	detailed, slips := w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
	for _, day := range []string{"2026-04-05", "2026-04-10", "2026-04-15"} {
		w.shipped(detailed, day, w.line("STD-1", 1))
	}
	w.at("2026-04-30")
	w.mustClose("2026-04-30", detailed.ID)
	w.setMode(billing.ModeMonthly, billing.MethodSlips)
	for _, day := range []string{"2026-04-05", "2026-04-10", "2026-04-15"} {
		w.shipped(slips, day, w.line("STD-1", 1))
	}
	w.mustClose("2026-04-30", slips.ID)
	for _, c := range []struct {
		b     buyers.Buyer
		wants []string
	}{
		{detailed, []string{"消費税（10%）¥31", "今回ご請求額¥346", "10%対象¥315（消費税¥31）"}},
		{slips, []string{"消費税（10%）¥30", "今回ご請求額¥345", "10%対象¥315（消費税¥30）", "納品書（適格請求書）ごとに税率別に計算した額の合計です。"}},
	} {
		iv := w.invoices(c.b.ID)[0]
		docs := docsOf(t, w, documents.KindInvoice, documents.SourceInvoice, iv.ID)
		if len(docs) != 1 {
			t.Fatalf("%s: %d documents", c.b.Name, len(docs))
		}
		flat := pdfFlat(t, ds, docs[0])
		wantText(t, flat, c.wants...)
		if c.b.ID == detailed.ID && strings.Contains(flat, "納品書（適格請求書）ごとに") {
			t.Errorf("detailed invoice prints the slips note")
		}
	}
}

// Without fonts the invoice is still made; its 請求書 is issued later.
func testInvoiceNoFonts(t *testing.T, w *billWorld, r documents.Renderer) {
	ds := billDocs(t, w, documents.NoFonts{})
	b := w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-05", w.line("STD-1", 2))
	w.at("2026-04-30")
	res := w.mustClose("2026-04-30", b.ID)
	ivs := w.invoices(b.ID)
	if res.Issued != 1 || len(ivs) != 1 || len(res.DocumentsFailed) != 1 || res.DocumentsFailed[0] != ivs[0].Number {
		t.Fatalf("run without fonts %+v, invoices %d", res, len(ivs))
	}
	if n := w.count("documents"); n != 0 {
		t.Fatalf("%d documents without fonts", n)
	}
	ds.Renderer = r
	d, err := ds.IssueInvoice(context.Background(), w.tn, ivs[0].ID, billStaff)
	if err != nil || d.Version != 1 || d.Total != 210+21 {
		t.Fatalf("later issue %+v %v", d, err)
	}
}

// A credit note is checked field by field, lowers the balance at once and
// the next closing's 繰越金額, and has its 返還請求書.
func testCreditNote(t *testing.T, w *billWorld, r documents.Renderer) {
	ctx := context.Background()
	ds := billDocs(t, w, r)
	b, other := w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-05", w.line("STD-1", 10))
	w.shipped(other, "2026-04-05", w.line("STD-1", 1))
	w.at("2026-04-30")
	w.mustClose("2026-04-30", 0)
	iv, otherIV := w.invoices(b.ID)[0], w.invoices(other.ID)[0]
	if iv.Total != 1050+105 {
		t.Fatalf("invoice %+v", iv)
	}
	w.at("2026-05-08")
	bad := []billing.CreditNoteInput{
		{BuyerID: b.ID, Lines: []billing.CreditLine{{Description: "", Amount: 0, TaxRate: 5}}},
		{BuyerID: 999, Reason: "返品", Lines: []billing.CreditLine{{Description: "x", Amount: 1, TaxRate: 10}}},
		{BuyerID: b.ID, InvoiceID: otherIV.ID, Reason: "返品", Lines: []billing.CreditLine{{Description: "x", Amount: 1, TaxRate: 10}}},
	}
	wantFields := [][]string{{"reason", "lines[0].description", "lines[0].amount", "lines[0].tax_rate"}, {"buyer_id"}, {"invoice_id"}}
	for i, in := range bad {
		_, err := w.bill.CreateCreditNote(ctx, w.tn, in, billStaff)
		for _, f := range wantFields[i] {
			if !hasField(err, f) {
				t.Errorf("bad input %d: no %s message: %v", i, f, err)
			}
		}
	}
	if n := w.count("credit_notes"); n != 0 {
		t.Fatalf("%d credit notes written by refusals", n)
	}
	cn, err := w.bill.CreateCreditNote(ctx, w.tn, billing.CreditNoteInput{BuyerID: b.ID, InvoiceID: iv.ID,
		Reason: "返品（破損）", Lines: []billing.CreditLine{{Description: "業務用ラップ 返品 2本", Amount: 210, TaxRate: 10},
			{Description: "鰹節 値引き", Amount: 100, TaxRate: 8}}}, billStaff)
	if err != nil {
		t.Fatal(err)
	}
	// 10 %: 210 (tax 21); 8 %: 100 (tax 8).
	if cn.Total != 339 || cn.Tax != 29 || !strings.HasPrefix(cn.Number, "R-2026-") || cn.Date.String() != "2026-05-08" {
		t.Fatalf("credit note %+v", cn)
	}
	got, err := w.bill.CreditNote(ctx, w.tn, cn.ID)
	if err != nil || len(got.Lines) != 2 || len(got.ByRate) != 2 || got.Total != 339 || got.Reason != "返品（破損）" {
		t.Fatalf("read back %+v %v", got, err)
	}
	bal, err := w.bill.Balance(ctx, w.tn, b.ID)
	if err != nil || bal.Credited != 339 || bal.Outstanding() != 1155-339 {
		t.Errorf("balance after credit note %+v %v", bal, err)
	}
	docs := docsOf(t, w, documents.KindCreditNote, documents.SourceCredit, cn.ID)
	if len(docs) != 1 || docs[0].Total != 339 || docs[0].BuyerID != b.ID {
		t.Fatalf("credit note documents %+v", docs)
	}
	wantText(t, pdfFlat(t, ds, docs[0]), "返還請求書", b.Name+"御中", "登録番号T7000012050002", cn.Number,
		"返還年月日2026年5月8日", "返品（破損）", iv.Number, "鰹節値引き※", "10%対象¥210（消費税¥21）",
		"8%対象¥100（消費税¥8）", "返還額合計（税込）¥339", "※は軽減税率（8%）対象商品です。")
	if _, err := ds.BuyerDocument(ctx, w.tn, other.ID, docs[0].ID); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("another buyer reads the credit note: %v", err)
	}
	var n int
	for _, l := range auditLines(t, w.s, w.tn) {
		if strings.HasPrefix(l, billing.ActionCreditNoteIssue) {
			n++
		}
	}
	if n != 2 { // the credit note's and its document's
		t.Errorf("%d 返還請求書（発行） records", n)
	}

	// Next closing: ご入金額 includes the credit note, 繰越金額 is lower.
	w.shipped(b, "2026-05-10", w.line("STD-1", 1))
	w.at("2026-05-31")
	w.mustClose("2026-05-31", b.ID)
	next := w.invoices(b.ID)[0]
	if next.Previous != 1155 || next.Received != 339 || next.Carried != 816 || next.Total != 816+105+10 {
		t.Errorf("next invoice %+v", next)
	}
}
