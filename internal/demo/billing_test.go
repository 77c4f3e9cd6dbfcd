package demo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestPendingClosing: the date left open is a closing date of 15日締め at
// least two days back (the scheduled closing closes yesterday), the latest
// such.
func TestPendingClosing(t *testing.T) {
	for _, c := range []struct{ today, want pricing.Date }{
		{pricing.NewDate(2026, 11, 26), pricing.NewDate(2026, 11, 15)},
		{pricing.NewDate(2026, 11, 17), pricing.NewDate(2026, 11, 15)},
		{pricing.NewDate(2026, 11, 16), pricing.NewDate(2026, 10, 15)}, // yesterday: the scheduler's
		{pricing.NewDate(2026, 1, 3), pricing.NewDate(2025, 12, 15)},
	} {
		if got := demo.PendingClosing(c.today); got != c.want {
			t.Errorf("PendingClosing(%s) = %s, want %s", c.today, got, c.want)
		}
	}
}

// TestDemoBilling: a run closes the demo buyers' past periods through the
// billing service, with 請求書 PDFs, payments (full, partial, none past
// due) and a 返還請求書; B003's last period stays open; a second run writes
// nothing.
func TestDemoBilling(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		sd := withDocuments(t, s)
		sd.Billing = &billing.Service{Store: s, Sales: sd.Sales, Documents: sd.Documents}
		first, tn, before := seedTwice(t, sd, s, []string{"invoices", "invoice_lines", "payments", "credit_notes",
			"documents", "audit_events", "orders"})
		n := first.Counts
		if before["invoices"] != n.Invoices || before["payments"] != n.Payments || before["credit_notes"] != n.CreditNotes ||
			n.Invoices != 5 {
			t.Errorf("rows %v, counts %+v", before, n)
		}
		checkDemoInvoices(t, sd, tn)
		checkPending(t, sd, tn, first.PendingClosing)
	})
}

// checkDemoInvoices: each buyer's invoices, their statuses and PDFs, and
// the aging list.
func checkDemoInvoices(t *testing.T, sd *demo.Seeder, tn oroshi.TenantID) {
	ctx := context.Background()
	list, err := sd.Billing.Invoices(ctx, tn, billing.Filter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string][]billing.Status{}
	today := pricing.DateOf(time.Now())
	for i := len(list) - 1; i >= 0; i-- { // oldest first
		iv := list[i]
		statuses[iv.BuyerCode] = append(statuses[iv.BuyerCode], iv.Status())
		if iv.Sales <= 0 || iv.Tax <= 0 || iv.ClosingDate.Compare(today.AddDays(-2)) > 0 {
			t.Errorf("invoice %s: sales %d tax %d closed %s", iv.Number, iv.Sales, iv.Tax, iv.ClosingDate)
		}
		docs, err := sd.Documents.Store.Documents(ctx, tn, documents.Query{Kind: documents.KindInvoice,
			SourceType: documents.SourceInvoice, SourceID: iv.ID, Limit: 5})
		if err != nil || len(docs) != 1 || docs[0].Total != iv.Total {
			t.Errorf("invoice %s: documents %+v %v", iv.Number, docs, err)
		}
	}
	want := map[string][]billing.Status{
		"B001": {billing.StatusPaid, billing.StatusUnpaid},
		"B002": {billing.StatusUnpaid, billing.StatusUnpaid},
		"B003": {billing.StatusPartial},
	}
	if !reflect.DeepEqual(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
	aging, err := sd.Billing.Aging(ctx, tn)
	if err != nil {
		t.Fatal(err)
	}
	if len(aging.Rows) < 2 {
		t.Errorf("aging list: %+v", aging)
	}
	cns, err := sd.Billing.CreditNotes(ctx, tn, billing.CreditFilter{Limit: 5})
	if err != nil || len(cns) != 1 || cns[0].BuyerCode != "B003" || cns[0].InvoiceID == 0 {
		t.Errorf("credit notes %+v %v", cns, err)
	}
}

// checkPending: B003 can be closed on the pending date, and that bills the
// deliveries left open.
func checkPending(t *testing.T, sd *demo.Seeder, tn oroshi.TenantID, date pricing.Date) {
	ctx := context.Background()
	b, err := sd.Store.BuyerByCode(ctx, tn, demo.PendingBuyer)
	if err != nil {
		t.Fatal(err)
	}
	r, err := sd.Billing.Close(ctx, tn, billing.Run{Date: date, BuyerID: b.ID}, billing.SystemActor)
	if err != nil || r.Issued != 1 || r.Sales <= 0 {
		t.Errorf("closing %s on %s: %+v %v", demo.PendingBuyer, date, r, err)
	}
}

// seedTwice runs the seeder twice and checks that the second run reports
// the same and writes no row in tables; it returns the first run's
// result, the demo tenant and the rows counted.
func seedTwice(t *testing.T, sd *demo.Seeder, s *sqlstore.Store, tables []string) (demo.Result, oroshi.TenantID, map[string]int) {
	t.Helper()
	ctx := context.Background()
	first, err := sd.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tn, err := s.TenantBySlug(ctx, demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	before := countRows(t, s, tn.ID, tables)
	second, err := sd.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("second run reports differently:\n%+v\n%+v", first, second)
	}
	if after := countRows(t, s, tn.ID, tables); !reflect.DeepEqual(before, after) {
		t.Errorf("second run wrote rows: before %v, after %v", before, after)
	}
	return first, tn.ID, before
}
