package sales

import (
	"errors"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// TestNextQuoteEveryPair tries every (status, action) pair against the
// life of a quote written out independently here.
func TestNextQuoteEveryPair(t *testing.T) {
	allowed := map[QuoteStatus]map[QuoteAction]QuoteStatus{
		QuoteRequested: {QuoteEdit: QuoteDraft, QuoteIssue: QuoteIssued, QuoteWithdraw: QuoteWithdrawn},
		QuoteDraft:     {QuoteEdit: QuoteDraft, QuoteIssue: QuoteIssued, QuoteWithdraw: QuoteWithdrawn},
		QuoteIssued:    {QuoteRevise: QuoteDraft, QuoteWithdraw: QuoteWithdrawn, QuoteAccept: QuoteAccepted},
		QuoteExpired:   {QuoteRevise: QuoteDraft, QuoteWithdraw: QuoteWithdrawn},
	}
	if len(QuoteStatuses) != 6 || len(QuoteActions) != 5 {
		t.Fatalf("%d statuses, %d actions; the matrix expects 6 × 5", len(QuoteStatuses), len(QuoteActions))
	}
	n := 0
	for _, from := range QuoteStatuses {
		for _, a := range QuoteActions {
			n++
			got, err := NextQuote(from, a)
			want, ok := allowed[from][a]
			switch {
			case ok && (err != nil || got != want):
				t.Errorf("NextQuote(%s, %s) = %q, %v; want %q", from, a, got, err, want)
			case !ok && err == nil:
				t.Errorf("NextQuote(%s, %s) = %q; want refused", from, a, got)
			case !ok:
				var te *QuoteTransitionError
				if !errors.As(err, &te) || !errors.Is(err, oroshi.ErrConflict) || te.Message() == "" {
					t.Errorf("NextQuote(%s, %s) error %v: want a *QuoteTransitionError matching ErrConflict", from, a, err)
				}
			}
		}
	}
	if n != 30 {
		t.Fatalf("tried %d pairs", n)
	}
	msgs := map[QuoteStatus]string{
		QuoteExpired:   "この見積は有効期限が切れているため受諾できません",
		QuoteWithdrawn: "この見積は取り下げられたため受諾できません",
		QuoteAccepted:  "この見積は既に受注済です",
	}
	for from, want := range msgs {
		if _, err := NextQuote(from, QuoteAccept); err == nil || err.Error() != want {
			t.Errorf("accept in %s: %v, want %q", from, err, want)
		}
	}
	if _, err := NextQuote(QuoteAccepted, QuoteWithdraw); err == nil || err.Error() != "「受注済」の見積は「取下げ」できません" {
		t.Errorf("message: %v", err)
	}
}

func TestQuoteLabelsAndExpiry(t *testing.T) {
	want := map[QuoteStatus]string{QuoteRequested: "依頼中", QuoteDraft: "作成中", QuoteIssued: "発行済",
		QuoteAccepted: "受注済", QuoteWithdrawn: "取下げ", QuoteExpired: "期限切れ"}
	for _, s := range QuoteStatuses {
		if s.Label() != want[s] || !s.Valid() {
			t.Errorf("%s: label %q valid %v", s, s.Label(), s.Valid())
		}
	}
	if QuoteStatus("sent").Valid() {
		t.Error("unknown status valid")
	}
	day := func(s string) pricing.Date {
		d, err := pricing.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	q := Quote{Status: QuoteIssued, ValidUntil: day("2026-05-31")}
	for today, st := range map[string]QuoteStatus{"2026-05-30": QuoteIssued, "2026-05-31": QuoteIssued, "2026-06-01": QuoteExpired} {
		if got := q.StatusOn(day(today)); got != st {
			t.Errorf("on %s: %s, want %s (valid until is inclusive)", today, got, st)
		}
	}
	q.Status = QuoteWithdrawn
	if q.StatusOn(day("2026-06-01")) != QuoteWithdrawn {
		t.Error("a withdrawn quote does not expire")
	}
	q = Quote{IssuedVersion: 2, LatestVersion: 3, Versions: []QuoteVersion{{Version: 1, Issued: true}, {Version: 2, Issued: true}, {Version: 3}}}
	if !q.Superseded(1) || q.Superseded(2) {
		t.Error("superseded")
	}
	if d, ok := q.Draft(); !ok || d.Version != 3 {
		t.Errorf("draft %+v %v", d, ok)
	}
	if got := QuoteAllowed(QuoteIssued); len(got) != 3 {
		t.Errorf("allowed in issued: %v", got)
	}
}
