package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBillingMore: payment methods, the credit note filters and the
// closing runs' history and sweep, on each engine.
func TestBillingMore(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *billWorld)
	}{
		{"PaymentMethod", testPaymentMethod},
		{"CreditFilter", testCreditFilter},
		{"RunSweep", testRunSweep},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, newBillWorld(t, s, "bmore"+string(rune('a'+i)))) })
		}
	})
}

func testPaymentMethod(t *testing.T, w *billWorld) {
	ctx := context.Background()
	b := w.buyer(buyers.EndOfMonth, 0)
	w.shipped(b, "2026-04-05", w.line("STD-1", 10))
	w.at("2026-04-30")
	w.mustClose("2026-04-30", 0)
	iv := w.invoices(b.ID)[0]
	w.at("2026-05-08")
	d, _ := pricingDate("2026-05-08")
	pay := func(m billing.PaymentMethod, note string) (billing.Payment, error) {
		return w.bill.RecordPayment(ctx, w.tn, billing.Payment{InvoiceID: iv.ID, ReceivedOn: d, Amount: 100,
			Method: m, Note: note}, billStaff)
	}
	if _, err := pay("cheque", ""); !hasField(err, "method") {
		t.Fatalf("unknown method: %v", err)
	}
	cases := []struct {
		in, want billing.PaymentMethod
		note     string
	}{{"", billing.PayTransfer, ""}, {billing.PayCash, billing.PayCash, "店頭で受領"},
		{billing.PayPromissoryNote, billing.PayPromissoryNote, "期日 7/31"}, {billing.PayOffset, billing.PayOffset, ""}}
	for _, c := range cases {
		p, err := pay(c.in, c.note)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.s.Payment(ctx, w.tn, p.ID)
		if err != nil || got.Method != c.want || got.Note != c.note {
			t.Errorf("method %q: stored %q note %q (%v), want %q %q", c.in, got.Method, got.Note, err, c.want, c.note)
		}
	}
	var exported []billing.PaymentMethod
	err := w.s.EachPayment(ctx, w.tn, func(r dataio.PaymentRow) error {
		exported = append(exported, r.Payment.Method)
		return nil
	})
	if err != nil || len(exported) != len(cases) || exported[1] != billing.PayCash {
		t.Errorf("export: %v %v", exported, err)
	}
}

func testCreditFilter(t *testing.T, w *billWorld) {
	ctx := context.Background()
	a, b := w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
	w.at("2026-05-31")
	issue := func(buyer oroshi.ID, date string) billing.CreditNote {
		d, _ := pricingDate(date)
		cn, err := w.bill.CreateCreditNote(ctx, w.tn, billing.CreditNoteInput{BuyerID: buyer, Date: d, Reason: "値引き",
			Lines: []billing.CreditLine{{Description: "値引き", Amount: 1000, TaxRate: 10}}}, billStaff)
		if err != nil {
			t.Fatal(err)
		}
		return cn
	}
	a1, a2, b1 := issue(a.ID, "2026-05-01"), issue(a.ID, "2026-05-20"), issue(b.ID, "2026-05-10")
	date := func(s string) billing.CreditFilter {
		d, _ := pricingDate(s)
		return billing.CreditFilter{From: d}
	}
	cases := []struct {
		name string
		f    billing.CreditFilter
		want []oroshi.ID
	}{
		{"all", billing.CreditFilter{}, []oroshi.ID{b1.ID, a2.ID, a1.ID}},
		{"buyer", billing.CreditFilter{BuyerID: a.ID}, []oroshi.ID{a2.ID, a1.ID}},
		{"from", date("2026-05-10"), []oroshi.ID{b1.ID, a2.ID}},
		{"to", billing.CreditFilter{To: date("2026-05-10").From}, []oroshi.ID{b1.ID, a1.ID}},
		{"buyer and range", billing.CreditFilter{BuyerID: a.ID, From: date("2026-05-02").From,
			To: date("2026-05-31").From}, []oroshi.ID{a2.ID}},
	}
	for _, c := range cases {
		list, err := w.bill.CreditNotes(ctx, w.tn, c.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []oroshi.ID
		for _, cn := range list {
			got = append(got, cn.ID)
		}
		if len(got) != len(c.want) || len(got) > 0 && (got[0] != c.want[0] || got[len(got)-1] != c.want[len(c.want)-1]) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// testRunSweep moves the billing clock (fixed, relative to when the runs
// were written) past the thresholds: a queued run ends after 15 minutes, a
// running one after 30 without progress, a run whose job is alive never,
// a finished run is left alone, and the date is free for a new run after.
func testRunSweep(t *testing.T, w *billWorld) {
	ctx := context.Background()
	base := time.Now().UTC()
	create := func(date string) billing.QueuedRun {
		d, _ := pricingDate(date)
		q, err := w.s.CreateBillingRun(ctx, billing.QueuedRun{Tenant: w.tn, Date: d, Actor: billStaff})
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	queued, running, alive, done := create("2026-04-30"), create("2026-05-10"), create("2026-05-20"), create("2026-05-31")
	if _, err := w.s.StartBillingRun(ctx, w.tn, running.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.s.FinishBillingRun(ctx, w.tn, done.ID, billing.RunSucceeded, billing.Result{Issued: 2}, ""); err != nil {
		t.Fatal(err)
	}
	d, _ := pricingDate("2026-04-30")
	if _, err := w.s.CreateBillingRun(ctx, billing.QueuedRun{Tenant: w.tn, Date: d, Actor: billStaff}); !errors.Is(err, oroshi.ErrConflict) {
		t.Fatalf("second live run of a date: %v", err)
	}
	live := map[oroshi.ID]bool{alive.ID: true}
	steps := []struct {
		after time.Duration
		live  map[oroshi.ID]bool
		ended []oroshi.ID
	}{
		{10 * time.Minute, live, nil},
		{16 * time.Minute, live, []oroshi.ID{queued.ID}},
		{31 * time.Minute, live, []oroshi.ID{running.ID}},
		{31 * time.Minute, nil, []oroshi.ID{alive.ID}},
		{24 * time.Hour, nil, nil},
	}
	for i, st := range steps {
		w.bill.Now = func() time.Time { return base.Add(st.after) }
		ended, err := w.bill.SweepRuns(ctx, w.tn, st.live)
		if err != nil {
			t.Fatal(err)
		}
		if len(ended) != len(st.ended) || len(ended) > 0 && ended[0].ID != st.ended[0] {
			t.Errorf("step %d (+%s): ended %v, want %v", i, st.after, ended, st.ended)
		}
	}
	for id, want := range map[oroshi.ID]string{queued.ID: billing.RunFailed, running.ID: billing.RunFailed,
		alive.ID: billing.RunFailed, done.ID: billing.RunSucceeded} {
		q, err := w.s.BillingRun(ctx, w.tn, id)
		if err != nil || q.Status != want || want == billing.RunFailed && (q.Message == "" || q.FinishedAt.IsZero()) {
			t.Errorf("run %s: %+v %v, want %s", id, q, err, want)
		}
	}
	again := create("2026-04-30") // the date is free again
	runs, err := w.bill.QueuedRuns(ctx, w.tn)
	if err != nil || len(runs) != 5 || runs[0].ID != again.ID || runs[4].ID != queued.ID {
		t.Errorf("history: %d runs %v", len(runs), err)
	}
}
