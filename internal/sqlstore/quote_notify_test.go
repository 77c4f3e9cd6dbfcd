package sqlstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// dispatchQuote runs the mailer and the noticer on every event of quote
// id after from, twice: the second run is a retried job and must add
// nothing. It returns the number of events the quote has.
func (w *notifyWorld) dispatchQuote(t *testing.T, qs *sales.QuoteService, q sales.Quote, from int) int {
	t.Helper()
	ctx := context.Background()
	full, err := qs.Quote(ctx, w.tn, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, e := range full.Events[from:] {
			if err := w.mailer.Dispatch(ctx, w.tn, e.ID); err != nil {
				t.Fatalf("mail %s: %v", e.Type, err)
			}
			if err := w.noticer.Dispatch(ctx, w.tn, e.ID); err != nil {
				t.Fatalf("notice %s: %v", e.Type, err)
			}
		}
	}
	return len(full.Events)
}

// noticeTitles are the titles of u's notices, newest first, with their links.
func noticeTitles(t *testing.T, s *sqlstore.Store, u identity.User) (titles, links []string) {
	t.Helper()
	list, err := (&salesnotify.Notices{Store: s}).List(context.Background(), u.Tenant, u.ID, salesnotify.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		titles, links = append(titles, n.Title), append(links, n.Link)
	}
	return titles, links
}

// reviseAndIssue makes version 2 of an issued quote: STD-1 × 3 at ¥80,
// RED-1 × 4 at ¥190, valid twenty days, and issues it.
func reviseAndIssue(t *testing.T, w *notifyWorld, qs *sales.QuoteService, q sales.Quote) sales.Quote {
	t.Helper()
	ctx := context.Background()
	q, err := qs.Revise(ctx, w.tn, q.ID, q.RowVersion, w.staffActor())
	if err != nil {
		t.Fatal(err)
	}
	in := sales.QuoteDraftInput{Lines: []sales.QuoteLineInput{{Code: "STD-1", Quantity: 3, UnitPrice: yenPtr(80)},
		{Code: "RED-1", Quantity: 4, UnitPrice: yenPtr(190)}}, ValidUntil: pricing.DateOf(salesNow).AddDays(20),
		Notes: "<b>送料込み</b>"}
	if q, err = qs.UpdateDraft(ctx, w.tn, q.ID, q.RowVersion, in, w.staffActor()); err != nil {
		t.Fatal(err)
	}
	if q, err = qs.Issue(ctx, w.tn, q.ID, q.RowVersion, w.staffActor()); err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuoteNotifyMail: a buyer's request tells the seller's owners, each
// issued version tells the purchaser who asked (with prices, validity and
// total), the acceptance tells the seller the order number; once each
// however often the job runs.
func TestQuoteNotifyMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newNotifyWorld(t, s, "qmail")
		qs := quoteService(w.salesWorld)
		w.addToCart(w.purchaser, "STD-1", 100)
		q, err := qs.RequestQuote(ctx, w.shopper(w.purchaser), "100個以上のお値引きをお願いします", "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		n := w.dispatchQuote(t, qs, q, 0)
		seller, admin := "【qmail株式会社】", "https://oroshi.example.jp/qmail/admin/quotes/"+q.ID.String()
		owner := mailsTo(t, s, w.owner.Email)
		if want := []string{seller + "見積のご依頼がありました（見積番号 " + q.Number + "）"}; !slices.Equal(subjects(owner), want) {
			t.Fatalf("owner's mails %q, want %q", subjects(owner), want)
		}
		wantContains(t, "request text", owner[0].Text, "株式会社まるやま商店 様から見積のご依頼", "見積番号: "+q.Number,
			"状態: 依頼中", "ご要望: 100個以上のお値引きをお願いします", "STD-1 業務用ラップ  100個 × 105円  10,500円",
			"見積ページ:\n"+admin)
		wantContains(t, "request html", owner[0].HTML, `href="`+admin+`"`, "見積ページを開く", "<th", "単価")
		if got := mailsTo(t, s, w.staff.Email); len(got) != 0 || len(mailsTo(t, s, w.purchaser.Email)) != 0 {
			t.Errorf("plain staff or the buyer got the request mail: %q", subjects(got))
		}

		// Issued, revised and issued again: the purchaser hears of each version.
		v1 := reviseSource(t, w, qs, q)
		v2 := reviseAndIssue(t, w, qs, v1)
		n = w.dispatchQuote(t, qs, v2, n)
		buyer := mailsTo(t, s, w.purchaser.Email)
		want := []string{seller + "お見積りを発行しました（見積番号 " + q.Number + " 第1版）",
			seller + "お見積りを発行しました（見積番号 " + q.Number + " 第2版）"}
		if !slices.Equal(subjects(buyer), want) {
			t.Fatalf("purchaser's mails %q, want %q", subjects(buyer), want)
		}
		shop := "https://oroshi.example.jp/qmail/quotes/" + q.ID.String()
		// ¥240 + ¥760: ¥24 at 10 %, ¥60 at 8 %.
		wantContains(t, "issued text", buyer[1].Text, "株式会社まるやま商店\n山田 太郎 様", "第2版を発行しました", "版: 第2版",
			"状態: 発行済", "有効期限: 2026/06/02（火）", "STD-1 業務用ラップ  3個 × 80円  240円", "本枯れ鰹節 500g ※",
			"※ は軽減税率（8%）対象です。", "合計（税込）: 1,084円", "備考: <b>送料込み</b>", "お見積りの詳細:\n"+shop)
		wantContains(t, "issued html", buyer[1].HTML, `href="`+shop+`"`, "&lt;b&gt;送料込み&lt;/b&gt;", "1,084円")
		if strings.Contains(buyer[1].HTML, "<b>送料込み") {
			t.Error("the HTML part does not escape the notes")
		}
		wantContains(t, "first version", buyer[0].Text, "有効期限: 2026/06/03（水）", "合計（税込）: 10,450円")
		if got := mailsTo(t, s, w.admin.Email); len(got) != 0 {
			t.Errorf("the buyer admin got %q although the purchaser asked", subjects(got))
		}

		// Accepted: the seller learns the order's number.
		p, err := qs.Accept(ctx, w.acceptInput(v2, 2))
		if err != nil {
			t.Fatal(err)
		}
		w.dispatchQuote(t, qs, v2, n)
		owner = mailsTo(t, s, w.owner.Email)
		if len(owner) != 2 || owner[1].Subject != seller+"見積が受諾されました（見積番号 "+q.Number+" 第2版）" {
			t.Fatalf("owner's mails %q", subjects(owner))
		}
		wantContains(t, "accepted text", owner[1].Text, "ご注文（注文番号 "+p.Order.Number+"）になりました",
			"注文番号: "+p.Order.Number, "状態: 受注済", "合計（税込）: 1,084円", admin)
		if len(mailsTo(t, s, w.purchaser.Email)) != 2 {
			t.Error("the buyer was mailed about its own acceptance")
		}
		if got := w.count("sales_event_dispatches"); got != 2*4 {
			t.Errorf("%d dispatch records, want 8 (4 events × mail and notice)", got)
		}
	})
}

// reviseSource issues the requested quote once as it was asked, valid
// three weeks: version 1.
func reviseSource(t *testing.T, w *notifyWorld, qs *sales.QuoteService, q sales.Quote) sales.Quote {
	t.Helper()
	ctx := context.Background()
	in := sales.QuoteDraftInput{Lines: []sales.QuoteLineInput{{Code: "STD-1", Quantity: 100, UnitPrice: yenPtr(95)}},
		ValidUntil: pricing.DateOf(salesNow).AddDays(21)}
	q, err := qs.UpdateDraft(ctx, w.tn, q.ID, q.RowVersion, in, w.staffActor())
	if err != nil {
		t.Fatal(err)
	}
	if q, err = qs.Issue(ctx, w.tn, q.ID, q.RowVersion, w.staffActor()); err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuoteNotifyApproverAndNotices: an assigned approver gets the
// seller's mail instead of the owners while every staff member gets the
// notice; a quote staff started goes to the buyer company's admins.
func TestQuoteNotifyApproverAndNotices(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newNotifyWorld(t, s, "qnote")
		qs := quoteService(w.salesWorld)
		if err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: w.buyer, ApproverUserID: w.staff.ID},
			salesStaff); err != nil {
			t.Fatal(err)
		}
		w.addToCart(w.purchaser, "RED-1", 2)
		req, err := qs.RequestQuote(ctx, w.shopper(w.purchaser), "", "")
		if err != nil {
			t.Fatal(err)
		}
		w.dispatchQuote(t, qs, req, 0)
		if got := subjects(mailsTo(t, s, w.staff.Email)); len(got) != 1 || !strings.Contains(got[0], "見積のご依頼") {
			t.Errorf("approver's mails %q", got)
		}
		if got := mailsTo(t, s, w.owner.Email); len(got) != 0 {
			t.Errorf("owner mailed although an approver is assigned: %q", subjects(got))
		}
		wantReq := []string{"見積のご依頼がありました（" + req.Number + "）"}
		for _, u := range []identity.User{w.staff, w.owner} {
			titles, links := noticeTitles(t, s, u)
			if !slices.Equal(titles, wantReq) || links[0] != "/quotes/"+req.ID.String() {
				t.Errorf("%s's notices %q %q, want %q", u.Email, titles, links, wantReq)
			}
		}

		q := issuedQuote(t, w.salesWorld, qs) // started by staff: nobody asked
		w.dispatchQuote(t, qs, q, 0)
		admin := mailsTo(t, s, w.admin.Email)
		if len(admin) != 1 || admin[0].Subject != "【qnote株式会社】お見積りを発行しました（見積番号 "+q.Number+" 第1版）" {
			t.Fatalf("buyer admin's mails %q", subjects(admin))
		}
		wantContains(t, "issued text", admin[0].Text, "備考: 納期は受注後3営業日", "有効期限: 2026/05/23（土）",
			"合計（税込）: 1,161円")
		if titles, _ := noticeTitles(t, s, w.purchaser); len(titles) != 0 || len(mailsTo(t, s, w.purchaser.Email)) != 0 {
			t.Errorf("the purchaser heard of a quote it did not ask for: %q", titles)
		}
		titles, links := noticeTitles(t, s, w.admin)
		if want := []string{"お見積りを発行しました（" + q.Number + " 第1版）"}; !slices.Equal(titles, want) ||
			links[0] != "/quotes/"+q.ID.String() {
			t.Errorf("buyer admin's notices %q %q, want %q", titles, links, want)
		}
		if n := w.count("notifications"); n != 3 {
			t.Errorf("%d notices, want 3 (retried dispatches added none)", n)
		}
	})
}

// TestQuoteNotifyWebhooks: quote.issued and quote.accepted become one
// delivery each to a subscribed endpoint, with the quote as the payload;
// a request is not published.
func TestQuoteNotifyWebhooks(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newNotifyWorld(t, s, "qhooks")
		qs := quoteService(w.salesWorld)
		svc := webhookService(s)
		hook, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: w.tn, URL: "https://erp.example.jp/quotes",
			Events: []string{webhooks.QuoteIssued, webhooks.QuoteAccepted}})
		orders, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: w.tn, URL: "https://erp.example.jp/orders",
			Events: []string{webhooks.OrderCreated}})
		q := issuedQuote(t, w.salesWorld, qs)
		p, err := qs.Accept(ctx, w.acceptInput(q, 1))
		if err != nil {
			t.Fatal(err)
		}
		if q, err = qs.Quote(ctx, w.tn, q.ID); err != nil {
			t.Fatal(err)
		}
		pub := &salesnotify.Publisher{Store: s, Webhooks: svc}
		for range 2 {
			for _, e := range q.Events {
				if err := pub.Dispatch(ctx, w.tn, e.ID); err != nil {
					t.Fatalf("publish %s: %v", e.Type, err)
				}
			}
		}
		ds, err := svc.Deliveries(ctx, w.tn, hook.ID, webhooks.DeliveryPage{})
		if err != nil || len(ds) != 2 {
			t.Fatalf("deliveries %d, %v; want quote.issued and quote.accepted once each", len(ds), err)
		}
		if none, _ := svc.Deliveries(ctx, w.tn, orders.ID, webhooks.DeliveryPage{}); len(none) != 0 {
			t.Errorf("an order endpoint got %d quote deliveries", len(none))
		}
		byType := map[string]salesnotify.QuoteData{}
		for _, d := range ds {
			var body struct {
				ID   string                `json:"id"`
				Type string                `json:"type"`
				Data salesnotify.QuoteData `json:"data"`
			}
			if err := json.Unmarshal(d.Body, &body); err != nil || body.ID != d.EventID || body.Type != d.EventType {
				t.Fatalf("body %s: %v", d.Body, err)
			}
			byType[d.EventType] = body.Data
		}
		issued, accepted := byType[webhooks.QuoteIssued], byType[webhooks.QuoteAccepted]
		if issued.Number != q.Number || issued.Version != 1 || issued.Buyer.Code != "B001" || issued.ValidUntil != "2026-05-23" ||
			issued.Total != 1161 || len(issued.Lines) != 2 || issued.Lines[0].UnitPrice != 90 || issued.Lines[1].TaxRate != 8 ||
			len(issued.TaxByRate) != 2 || issued.IssuedAt == "" || issued.OrderNumber != "" {
			t.Errorf("quote.issued payload %+v", issued)
		}
		if accepted.Status != string(sales.QuoteAccepted) || accepted.OrderNumber != p.Order.Number ||
			accepted.OrderID != p.Order.ID.String() || accepted.Version != 1 {
			t.Errorf("quote.accepted payload %+v", accepted)
		}
	})
}
