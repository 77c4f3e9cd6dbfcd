package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/csvio"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestQuoteExport: the quotes file has one row per line of each issued
// version, the older version marked 旧版; a draft has no rows.
func TestQuoteExport(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "qcsv")
		qs := quoteService(w)
		q := issuedQuote(t, w, qs)
		q, err := qs.Revise(ctx, w.tn, q.ID, 0, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := qs.Issue(ctx, w.tn, q.ID, 0, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		if _, err := qs.Revise(ctx, w.tn, q.ID, 0, w.staffActor()); err != nil { // a third version, a draft
			t.Fatal(err)
		}
		var buf bytes.Buffer
		svc := &dataio.Service{Store: s, Now: w.svc.Now}
		n, err := svc.ExportQuotes(ctx, w.tn, csvio.UTF8, w.staffActor(), &buf)
		if err != nil || n != 4 {
			t.Fatalf("export: %d rows, %v", n, err)
		}
		rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rows[0][:4], ","); got != "見積番号,版,版の区分,見積の状態" {
			t.Errorf("header %q", got)
		}
		want := [][]string{{"1", "旧版", "STD-1", "90"}, {"1", "旧版", "RED-1", "200"}, {"2", "最新", "STD-1", "90"}, {"2", "最新", "RED-1", "200"}}
		for i, wr := range want {
			r := rows[i+1]
			if r[0] != q.Number || r[1] != wr[0] || r[2] != wr[1] || r[9] != wr[2] || r[15] != wr[3] || r[3] != "作成中" || r[18] != "1161" {
				t.Errorf("row %d: %q", i+1, r)
			}
		}
		if !strings.Contains(strings.Join(auditLines(t, s, w.tn), "\n"), "CSV出力（見積）") {
			t.Error("no audit record of the export")
		}
	})
}
