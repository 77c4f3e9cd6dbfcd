package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// sheetRenderer stands in for the PDF engine in store tests: the "PDF" is
// the sheet as JSON, so a test can read what would be printed.
type sheetRenderer struct{}

func (sheetRenderer) Render(sh documents.Sheet) ([]byte, error) {
	b, err := json.Marshal(sh)
	return append([]byte("%PDF-sheet\n"), b...), err
}

func docService(w *salesWorld) *documents.Service {
	return &documents.Service{Store: w.s, Renderer: sheetRenderer{}, Now: func() time.Time { return salesNow }}
}

func saveLayout(t *testing.T, w *salesWorld, ds *documents.Service, reg string) documents.Layout {
	t.Helper()
	l := documents.DefaultLayout("さくら食品株式会社")
	l.Address, l.Phone, l.RegistrationNo = "大阪府大阪市北区梅田1-1\n梅田ビル3F", "06-1234-5678", reg
	l.Logo.Data = []byte("\x89PNG\r\n\x1a\nlogo")
	saved, err := ds.SaveLayout(context.Background(), w.tn, documents.LayoutInput{Layout: l}, w.staffActor())
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestDocumentsIssueAndVersions(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "docs")
		ds := docService(w)
		o := w.place(w.proxyOrder(w.line("STD-1", 3), w.line("RED-1", 4)))

		// Without saved settings nothing is issued.
		if _, err := ds.IssueOrderConfirmation(ctx, w.tn, o.ID, w.staffActor()); !hasField(err, "layout") {
			t.Fatalf("issue without layout: %v", err)
		}
		// A 納品書 needs the registration number.
		l1 := saveLayout(t, w, ds, "")
		if l1.Version != 1 || l1.Logo.Type != "image/png" {
			t.Fatalf("layout %+v", l1)
		}
		if _, err := w.svc.Approve(ctx, w.tn, o.ID, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		o, err := w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 3}}}, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ds.IssueDeliverySlip(ctx, w.tn, o.ID, o.Shipments[0].ID, w.staffActor()); !hasField(err, "registration_no") {
			t.Fatalf("slip without registration number: %v", err)
		}
		if n := w.count("documents"); n != 0 {
			t.Fatalf("%d documents written by refusals", n)
		}

		oc, err := ds.IssueOrderConfirmation(ctx, w.tn, o.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		// 315 at 10 % (tax 31) + 800 at 8 % (tax 64).
		if oc.Version != 1 || oc.LayoutVersion != 1 || oc.Total != 315+31+800+64 || oc.Number != o.Number || len(oc.SHA256) != 64 {
			t.Errorf("order confirmation %+v", oc)
		}
		l2 := saveLayout(t, w, ds, "T7000012050002")
		slip, err := ds.IssueDeliverySlip(ctx, w.tn, o.ID, o.Shipments[0].ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if slip.Total != 315+31 || slip.LayoutVersion != l2.Version || slip.Number != o.Number+"-1" ||
			slip.DocDate != pricing.DateOf(salesNow) {
			t.Errorf("slip %+v", slip)
		}
		b, err := ds.PDF(ctx, slip, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"登録番号 T7000012050002", "納品書", "業務用ラップ", "消費税（10%）"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("slip lacks %q", want)
			}
		}

		// A re-issue is a new version referring to the one before; the
		// first stays as it was, with its own layout version.
		oc2, err := ds.IssueOrderConfirmation(ctx, w.tn, o.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if oc2.Version != 2 || oc2.Supersedes != oc.ID || oc2.LayoutVersion != l2.Version {
			t.Errorf("re-issue %+v", oc2)
		}
		first, err := ds.Document(ctx, w.tn, oc.ID)
		if err != nil || first.SHA256 != oc.SHA256 || first.LayoutVersion != 1 {
			t.Errorf("first version changed: %+v %v", first, err)
		}
		if old, err := s.DocumentLayoutVersion(ctx, w.tn, 1); err != nil || old.RegistrationNo != "" {
			t.Errorf("layout v1: %+v %v", old, err)
		}
		docs, err := ds.ForSource(ctx, w.tn, documents.SourceOrder, o.ID, 0)
		if err != nil || len(docs) != 3 {
			t.Fatalf("documents of the order: %d %v", len(docs), err)
		}
		want := []string{"注文請書（発行）", "納品書（発行）", "帳票（ダウンロード）", "注文請書（発行）"}
		var got []string
		for _, l := range auditLines(t, s, w.tn) {
			if strings.Contains(l, " document:") {
				got = append(got, strings.SplitN(l, " ", 2)[0])
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("history %v, want %v", got, want)
		}
		// Issued documents cannot be changed, even by SQL.
		if err := updateDocument(s, w.tn, oc.ID); err == nil {
			t.Error("UPDATE of an issued document succeeded")
		}
	})
}

func updateDocument(s *sqlstore.Store, tn oroshi.TenantID, id oroshi.ID) error {
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', '`+tn.String()+`', true)`); err != nil {
			return err
		}
	}
	q := `UPDATE documents SET total = 1 WHERE id = ` + id.String()
	_, err = tx.ExecContext(ctx, q)
	return err
}

func TestDocumentsQuoteSearchAndAccess(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "docsearch")
		ds := docService(w)
		saveLayout(t, w, ds, "T1180301018771")
		q := issuedQuote(t, w, quoteService(w))
		qd, err := ds.IssueQuote(ctx, w.tn, q.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		// STD-1 3 × ¥90 = 270 (tax 27), RED-1 4 × ¥200 = 800 (tax 64).
		if qd.Kind != documents.KindQuote || qd.SourceVersion != 1 || qd.Total != 270+27+800+64 || qd.BuyerID != w.buyer {
			t.Errorf("quote document %+v", qd)
		}
		o := w.place(w.proxyOrder(w.line("STD-1", 100)))
		oc, err := ds.IssueOrderConfirmation(ctx, w.tn, o.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		otherOrder := w.place(sales.PlaceInput{Tenant: w.tn, BuyerID: w.other, UserID: w.staff.ID, Proxy: true,
			ShipToID: w.otherShip, Lines: []sales.LineInput{w.line("STD-1", 1)}, IdemKey: w.key()})
		od, err := ds.IssueOrderConfirmation(ctx, w.tn, otherOrder.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		search := func(f documents.Filter) []oroshi.ID {
			t.Helper()
			l, err := ds.Search(ctx, w.tn, f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []oroshi.ID
			for _, d := range l.Documents {
				ids = append(ids, d.ID)
			}
			return ids
		}
		eq := func(what string, got []oroshi.ID, want ...oroshi.ID) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: %v, want %v", what, got, want)
					return
				}
			}
		}
		today := oc.DocDate // the store's clock dates orders and issues
		eq("all", search(documents.Filter{}), od.ID, oc.ID, qd.ID)
		eq("buyer", search(documents.Filter{BuyerID: w.buyer}), oc.ID, qd.ID)
		eq("kind", search(documents.Filter{Kind: documents.KindQuote}), qd.ID)
		eq("amount", search(documents.Filter{MinTotal: yenPtr(1000), MaxTotal: yenPtr(1200)}), qd.ID)
		eq("combined", search(documents.Filter{BuyerID: w.buyer, From: today, To: today, MinTotal: yenPtr(10000)}), oc.ID)
		eq("dates", search(documents.Filter{From: today.AddDays(1)}))
		p1, err := ds.Search(ctx, w.tn, documents.Filter{Limit: 2})
		if err != nil || len(p1.Documents) != 2 || p1.NextCursor == "" {
			t.Fatalf("page 1: %+v %v", p1, err)
		}
		eq("page 2", search(documents.Filter{Limit: 2, Cursor: p1.NextCursor}), qd.ID)

		// The buyer sees its own documents only; another's is missing.
		if _, err := ds.BuyerDocument(ctx, w.tn, w.other, qd.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("other buyer: %v", err)
		}
		bl, err := ds.BuyerSearch(ctx, w.tn, w.other, documents.Filter{})
		if err != nil || len(bl.Documents) != 1 || bl.Documents[0].ID != od.ID {
			t.Errorf("other buyer's list: %+v %v", bl, err)
		}
		// Another tenant sees nothing of it.
		w2 := newSalesWorld(t, s, "docsearch2")
		if _, err := docService(w2).Document(ctx, w2.tn, qd.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("other tenant: %v", err)
		}
		if _, err := s.DocumentPDF(ctx, w2.tn, qd.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("other tenant's pdf: %v", err)
		}
		// Bad settings: nothing saved.
		bad := documents.DefaultLayout("さくら食品")
		bad.RegistrationNo, bad.Seal.Data = "T1234567890123", []byte("GIF89a")
		_, err = ds.SaveLayout(ctx, w.tn, documents.LayoutInput{Layout: bad}, audit.Actor{Realm: audit.RealmAdmin})
		if !hasField(err, "registration_no") || !hasField(err, "seal") {
			t.Errorf("bad layout: %v", err)
		}
		if l, _ := s.DocumentLayout(ctx, w.tn); l.Version != 1 {
			t.Errorf("layout version %d after a refused save", l.Version)
		}
	})
}
