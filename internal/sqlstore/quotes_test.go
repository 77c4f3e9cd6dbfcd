package sqlstore_test

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func quoteService(w *salesWorld) *sales.QuoteService {
	return &sales.QuoteService{Sales: w.svc, Store: w.s}
}

func (w *salesWorld) staffActor() audit.Actor {
	return audit.Actor{Realm: audit.RealmAdmin, ID: w.staff.ID, ClientAddr: "192.0.2.1"}
}

func yenPtr(y oroshi.Yen) *oroshi.Yen { return &y }

// quoteActions lists the audit actions recorded on a quote, oldest first.
func (w *salesWorld) quoteActions(id oroshi.ID) []string {
	w.t.Helper()
	var out []string
	for _, l := range auditLines(w.t.(*testing.T), w.s, w.tn) {
		if strings.Contains(l, " quote:"+id.String()+" ") {
			out = append(out, strings.SplitN(l, " ", 2)[0])
		}
	}
	return out
}

// issuedQuote is a quote for the buyer issued once: STD-1 × 3 at ¥90
// (set by staff) and RED-1 × 4 at the buyer's price (¥200), valid ten days.
func issuedQuote(t *testing.T, w *salesWorld, qs *sales.QuoteService) sales.Quote {
	t.Helper()
	ctx := context.Background()
	in := sales.QuoteDraftInput{Lines: []sales.QuoteLineInput{
		{Code: "STD-1", Quantity: 3, UnitPrice: yenPtr(90)}, {Code: "RED-1", Quantity: 4}},
		ValidUntil: pricing.DateOf(salesNow).AddDays(10), Notes: "納期は受注後3営業日"}
	q, err := qs.CreateQuote(ctx, w.tn, w.buyer, in, w.staffActor())
	if err != nil {
		t.Fatal(err)
	}
	if q, err = qs.Issue(ctx, w.tn, q.ID, q.RowVersion, w.staffActor()); err != nil {
		t.Fatal(err)
	}
	return q
}

func (w *salesWorld) acceptInput(q sales.Quote, version int) sales.QuoteAcceptInput {
	return sales.QuoteAcceptInput{Tenant: w.tn, BuyerID: w.buyer, UserID: w.purchaser.ID, QuoteID: q.ID,
		Version: version, ShipToID: w.shipTo, PONumber: "PO-Q1", IdemKey: w.key()}
}

func TestQuoteIssueReviseAccept(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "quote")
		qs := quoteService(w)
		// Issuing needs a validity date.
		draft, err := qs.CreateQuote(ctx, w.tn, w.buyer, sales.QuoteDraftInput{
			Lines: []sales.QuoteLineInput{{Code: "STD-1", Quantity: 3, UnitPrice: yenPtr(90)}}}, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := qs.Issue(ctx, w.tn, draft.ID, 0, w.staffActor()); !hasField(err, "valid_until") {
			t.Fatalf("issue without validity: %v", err)
		}
		q := issuedQuote(t, w, qs)
		if !regexp.MustCompile(`^Q-2026-000002$`).MatchString(q.Number) || q.Status != sales.QuoteIssued ||
			q.IssuedVersion != 1 || len(q.Versions) != 1 || !q.Versions[0].Issued {
			t.Fatalf("issued quote %+v", q)
		}
		v1 := q.Versions[0]
		// ¥270 + ¥800: tax once per rate, ¥27 at 10 %, ¥64 at 8 %.
		if v1.Totals.Total != 1161 || v1.Lines[0].UnitPrice != 90 || v1.Lines[1].UnitPrice != 200 || v1.Lines[1].ProductName != "本枯れ鰹節" {
			t.Fatalf("version 1 %+v", v1)
		}
		// Revise: a new draft from version 1; version 1 stays as it was.
		if q, err = qs.Revise(ctx, w.tn, q.ID, q.RowVersion, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		if q.Status != sales.QuoteDraft || q.LatestVersion != 2 {
			t.Fatalf("revised %+v", q)
		}
		in := sales.QuoteDraftInput{Lines: []sales.QuoteLineInput{{Code: "STD-1", Quantity: 3, UnitPrice: yenPtr(80)},
			{Code: "RED-1", Quantity: 4, UnitPrice: yenPtr(190)}}, ValidUntil: pricing.DateOf(salesNow).AddDays(20)}
		if q, err = qs.UpdateDraft(ctx, w.tn, q.ID, q.RowVersion, in, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		// The buyer does not see a draft revision and cannot accept meanwhile.
		bq, err := qs.BuyerQuote(ctx, w.tn, w.buyer, q.ID)
		if err != nil || len(bq.Versions) != 1 {
			t.Fatalf("buyer view during revision: %+v %v", bq.Versions, err)
		}
		if _, err := qs.Accept(ctx, w.acceptInput(q, 1)); !hasField(err, "version") {
			t.Fatalf("accept while revising: %v", err)
		}
		if q, err = qs.Issue(ctx, w.tn, q.ID, q.RowVersion, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(q.Versions[0], v1) {
			t.Errorf("version 1 changed by the revision:\n%+v\n%+v", q.Versions[0], v1)
		}
		if q.IssuedVersion != 2 || !q.Superseded(1) {
			t.Fatalf("after reissue %+v", q)
		}
		// The superseded version is refused.
		_, err = qs.Accept(ctx, w.acceptInput(q, 1))
		if !hasField(err, "version") || fieldMsg(err, "version") != sales.MsgQuoteSuperseded {
			t.Fatalf("accept superseded: %v", err)
		}
		in2 := w.acceptInput(q, 2)
		p, err := qs.Accept(ctx, in2)
		if err != nil {
			t.Fatal(err)
		}
		o := p.Order
		if o.QuoteID != q.ID || len(o.Lines) != 2 || o.Lines[0].UnitPrice != 80 || o.Lines[1].UnitPrice != 190 ||
			o.Lines[0].PriceRule != sales.QuotePriceLabel || o.Totals.Total != 240+24+760+60 || o.PONumber != "PO-Q1" {
			t.Fatalf("order from quote %+v", o)
		}
		if w.stock("RED-1") != 6 {
			t.Errorf("stock %d, want 6", w.stock("RED-1"))
		}
		q, _ = qs.Quote(ctx, w.tn, q.ID)
		if q.Status != sales.QuoteAccepted || q.OrderID != o.ID || q.AcceptedVersion != 2 {
			t.Fatalf("accepted quote %+v", q)
		}
		// The same request again gives the same order; another is refused.
		again, err := qs.Accept(ctx, in2)
		if err != nil || !again.Replayed || again.Order.ID != o.ID {
			t.Fatalf("replay %+v %v", again, err)
		}
		if _, err := qs.Accept(ctx, w.acceptInput(q, 2)); fieldMsg(err, "version") != "この見積は既に受注済です" {
			t.Fatalf("second accept: %v", err)
		}
		want := []string{sales.ActionQuoteCreate, sales.ActionQuoteIssue, sales.ActionQuoteRevise, sales.ActionQuoteUpdate,
			sales.ActionQuoteIssue, sales.ActionQuoteAccept}
		if got := w.quoteActions(q.ID); !slices.Equal(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}
		var types []sales.EventType
		for _, e := range q.Events {
			types = append(types, e.Type)
		}
		if !slices.Equal(types, []sales.EventType{sales.EventQuoteIssued, sales.EventQuoteIssued, sales.EventQuoteAccepted}) {
			t.Errorf("events %v", types)
		}
		if w.count("orders") != 1 {
			t.Errorf("%d orders", w.count("orders"))
		}
	})
}

func hasField(err error, field string) bool { return fieldMsg(err, field) != "" }

func fieldMsg(err error, field string) string {
	var ve *oroshi.ValidationError
	if !errors.As(err, &ve) {
		return ""
	}
	return ve.Fields[field]
}

func TestQuoteRequestWithdrawAndIsolation(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "qreq")
		qs := quoteService(w)
		if _, err := qs.RequestQuote(ctx, w.shopper(w.purchaser), "", ""); !hasField(err, "lines") {
			t.Fatalf("empty cart: %v", err)
		}
		w.addToCart(w.purchaser, "STD-1", 100)
		q, err := qs.RequestQuote(ctx, w.shopper(w.purchaser), "100個以上のお値引きをお願いします", "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		if q.Status != sales.QuoteRequested || q.RequestedBy != w.purchaser.ID || len(q.Versions) != 1 ||
			q.Versions[0].Lines[0].Quantity != 100 || q.RequestNote == "" {
			t.Fatalf("request %+v", q)
		}
		if c, _ := w.svc.Cart(ctx, w.shopper(w.purchaser)); len(c.Lines) != 1 {
			t.Errorf("cart not kept: %+v", c.Lines)
		}
		if len(q.Events) != 1 || q.Events[0].Type != sales.EventQuoteRequested || q.Events[0].QuoteID != q.ID {
			t.Errorf("events %+v", q.Events)
		}
		// Another company's quote answers as missing.
		if _, err := qs.BuyerQuote(ctx, w.tn, w.other, q.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("other buyer: %v", err)
		}
		if l, _ := qs.BuyerQuotes(ctx, w.tn, w.other, sales.QuoteFilter{}); len(l.Quotes) != 0 {
			t.Errorf("other buyer's list %+v", l.Quotes)
		}
		if l, _ := qs.Quotes(ctx, w.tn, sales.QuoteFilter{Status: sales.QuoteRequested}); len(l.Quotes) != 1 {
			t.Errorf("requested filter %+v", l.Quotes)
		}
		// A stale row version is refused; a withdrawal cannot be accepted.
		if _, err := qs.Withdraw(ctx, w.tn, q.ID, q.RowVersion+1, "", w.staffActor()); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("stale withdraw: %v", err)
		}
		if q, err = qs.Withdraw(ctx, w.tn, q.ID, q.RowVersion, "在庫なしのため", w.staffActor()); err != nil || q.Status != sales.QuoteWithdrawn {
			t.Fatalf("withdraw %+v %v", q, err)
		}
		if _, err := qs.Issue(ctx, w.tn, q.ID, 0, w.staffActor()); !errors.Is(err, oroshi.ErrConflict) {
			t.Errorf("issue withdrawn: %v", err)
		}
		if got := w.quoteActions(q.ID); !slices.Equal(got, []string{sales.ActionQuoteRequest, sales.ActionQuoteWithdraw}) {
			t.Errorf("audit %v", got)
		}
	})
}

func TestQuoteExpired(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "qexp")
		q := issuedQuote(t, w, quoteService(w))
		// Eleven days later the validity (ten days, inclusive) has passed.
		later := salesNow.Add(11 * 24 * time.Hour)
		clock := func() time.Time { return later }
		svc := &sales.Service{Store: s, Pricing: w.svc.Pricing, Now: clock}
		qs := &sales.QuoteService{Sales: svc, Store: s}
		in := w.acceptInput(q, 1)
		in.IdemKey = "exp-1"
		if _, err := qs.Accept(ctx, in); fieldMsg(err, "version") != "この見積は有効期限が切れているため受諾できません" {
			t.Fatalf("accept expired: %v", err)
		}
		got, err := qs.Quotes(ctx, w.tn, sales.QuoteFilter{Status: sales.QuoteExpired})
		if err != nil || len(got.Quotes) != 1 || got.Quotes[0].StatusOn(qs.Today()) != sales.QuoteExpired {
			t.Fatalf("expired list %+v %v", got.Quotes, err)
		}
		if l, _ := qs.Quotes(ctx, w.tn, sales.QuoteFilter{Status: sales.QuoteIssued}); len(l.Quotes) != 0 {
			t.Errorf("issued filter lists an expired quote")
		}
		if w.count("orders") != 0 {
			t.Errorf("an order was written")
		}
		// An expired quote can be revised and issued again.
		r, err := qs.Revise(ctx, w.tn, q.ID, 0, w.staffActor())
		if err != nil || r.Status != sales.QuoteDraft {
			t.Fatalf("revise expired: %+v %v", r, err)
		}
	})
}
