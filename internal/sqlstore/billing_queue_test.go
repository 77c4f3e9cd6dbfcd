package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestClosingQueuesDocuments: with QueueDocuments, a closing renders no
// PDF itself but queues one invoice_document job per new invoice, in the
// invoice's transaction, and its orders' sales events in one insert; a
// second run queues nothing more. Several workers close the buyers.
func TestClosingQueuesDocuments(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		s.SetJobs(insertOnlyJobs(t, s))
		t.Cleanup(func() { s.SetJobs(nil) })
		w := newBillWorld(t, s, "queue-docs")
		w.bill.QueueDocuments, w.bill.Workers = true, 3
		var bs []buyers.Buyer
		for range 5 {
			b := w.buyer(buyers.EndOfMonth, 0)
			w.shipped(b, "2026-04-10", w.line("STD-1", 1))
			w.shipped(b, "2026-04-20", w.line("STD-1", 2))
			bs = append(bs, b)
		}
		r := w.mustClose("2026-04-30", 0)
		if r.Issued != 5 || r.OrdersInvoiced != 10 || len(r.Failed) > 0 || len(r.DocumentsFailed) > 0 {
			t.Fatalf("result %+v", r)
		}
		jobs := queuedArgs(t, s, "invoice_document")
		want := map[string]bool{}
		for _, b := range bs {
			for _, iv := range w.invoices(b.ID) {
				want[iv.ID.String()] = true
			}
		}
		if len(jobs) != 5 {
			t.Fatalf("invoice_document jobs: %d, want 5", len(jobs))
		}
		for _, a := range jobs {
			var args struct {
				InvoiceID string `json:"invoice_id"`
			}
			if err := json.Unmarshal([]byte(a), &args); err != nil || !want[args.InvoiceID] {
				t.Errorf("job args %s: not one of the new invoices (%v)", a, err)
			}
		}
		for id := range want {
			iv, _ := oroshi.ParseID(id)
			if q, err := s.InvoiceDocumentQueued(context.Background(), iv); err != nil || !q {
				t.Errorf("InvoiceDocumentQueued(%s) = %v, %v; want true", id, q, err)
			}
		}
		if q, err := s.InvoiceDocumentQueued(context.Background(), s.NewID()); err != nil || q {
			t.Errorf("InvoiceDocumentQueued(another id) = %v, %v; want false", q, err)
		}
		if n := len(queuedArgs(t, s, "sales_event")); n < 10 {
			t.Errorf("sales_event jobs: %d, want ≥ 10 (one per invoiced order)", n)
		}
		if _, err := w.close("2026-04-30", 0); err == nil {
			t.Error("second run of the same date: no error")
		}
		if n := len(queuedArgs(t, s, "invoice_document")); n != 5 {
			t.Errorf("after a second run: %d invoice_document jobs, want 5", n)
		}
	})
}

// queuedArgs are the args of the river_job rows of kind.
func queuedArgs(t *testing.T, s *sqlstore.Store, kind string) []string {
	t.Helper()
	q := `SELECT args::text FROM river_job WHERE kind = '` + kind + `'`
	if s.Engine() == "sqlite" {
		q = `SELECT json(args) FROM river_job WHERE kind = '` + kind + `'`
	}
	rows, err := s.DB().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a []byte
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, string(a))
	}
	return out
}
