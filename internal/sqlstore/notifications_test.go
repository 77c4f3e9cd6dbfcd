package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// notifyWorld is a salesWorld with a seller owner and the dispatchers.
type notifyWorld struct {
	*salesWorld
	owner   identity.User
	mailer  *salesnotify.Mailer
	noticer *salesnotify.Noticer
}

func newNotifyWorld(t *testing.T, s *sqlstore.Store, slug string) *notifyWorld {
	w := &notifyWorld{salesWorld: newSalesWorld(t, s, slug)}
	w.owner = w.newUser(identity.RealmAdmin, identity.RoleOwner, "owner@"+slug+".example", 0)
	w.mailer = &salesnotify.Mailer{Store: s, BaseURL: "https://oroshi.example.jp/"}
	w.noticer = &salesnotify.Noticer{Store: s}
	return w
}

// dispatch runs the mailer and the noticer on every event of o after
// from, twice: the second run is a retried job and must add nothing.
func (w *notifyWorld) dispatch(t *testing.T, o sales.Order, from int) {
	t.Helper()
	ctx := context.Background()
	full, err := w.svc.Order(ctx, w.tn, o.ID)
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
}

// mailsTo are the outbox mails to addr, oldest first.
func mailsTo(t *testing.T, s *sqlstore.Store, addr string) []notify.Mail {
	t.Helper()
	all, err := s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Mail
	for _, m := range all {
		if m.To == addr {
			out = append(out, m)
		}
	}
	slices.Reverse(out)
	return out
}

func subjects(ms []notify.Mail) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}

func wantContains(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, text)
		}
	}
}

// TestSalesNotifyMail: the right people get the right Japanese mails for
// a buyer's order through its life, once each however often the job runs.
func TestSalesNotifyMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx, must := context.Background(), mustOrder(t)
		w := newNotifyWorld(t, s, "mailer")
		w.addToCart(w.purchaser, "STD-1", 5)
		v := w.addToCart(w.purchaser, "RED-1", 2)
		in := w.cartOrder(w.purchaser, v.Revision)
		in.PONumber = "<b>PO-1</b>"
		o := w.place(in)
		w.dispatch(t, o, 0)

		seller := "【mailer株式会社】"
		buyerMails := mailsTo(t, s, w.purchaser.Email)
		if want := []string{seller + "ご注文を承りました（注文番号 " + o.Number + "）"}; !slices.Equal(subjects(buyerMails), want) {
			t.Fatalf("purchaser's mails %q, want %q", subjects(buyerMails), want)
		}
		m := buyerMails[0]
		wantContains(t, "text", m.Text, "株式会社まるやま商店\n山田 太郎 様", "注文番号: "+o.Number, "業務用ラップ",
			"本枯れ鰹節 500g ※", "合計（税込）: ", "https://oroshi.example.jp/mailer/orders/"+o.ID.String(), "発注番号: <b>PO-1</b>")
		wantContains(t, "html", m.HTML, "&lt;b&gt;PO-1&lt;/b&gt;", `href="https://oroshi.example.jp/mailer/orders/`+o.ID.String()+`"`)
		if strings.Contains(m.HTML, "<b>PO-1") {
			t.Error("the HTML part does not escape the PO number")
		}
		owner := mailsTo(t, s, w.owner.Email)
		if len(owner) != 1 || owner[0].Subject != seller+"新しいご注文がありました（注文番号 "+o.Number+"）" {
			t.Fatalf("owner's mails %q", subjects(owner))
		}
		wantContains(t, "seller mail", owner[0].Text, "https://oroshi.example.jp/mailer/admin/orders/"+o.ID.String(),
			"株式会社まるやま商店 様から新しいご注文")
		if got := mailsTo(t, s, w.staff.Email); len(got) != 0 || len(mailsTo(t, s, w.admin.Email)) != 0 {
			t.Errorf("staff without the approver role or the buyer admin got mail: %q", subjects(got))
		}

		// The lifecycle: each change tells the purchaser, with its facts.
		n := len(o.Events)
		o = must(w.svc.Approve(ctx, w.tn, o.ID, salesStaff))
		o = must(w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Carrier: "ヤマト運輸", TrackingNumber: "1234-5678-9012",
			All: true}, salesStaff))
		w.dispatch(t, o, n)
		buyerMails = mailsTo(t, s, w.purchaser.Email)
		want := []string{seller + "ご注文を承りました（注文番号 " + o.Number + "）", seller + "ご注文を承認しました（注文番号 " + o.Number + "）",
			seller + "ご注文の商品を出荷しました（注文番号 " + o.Number + "）"}
		if !slices.Equal(subjects(buyerMails), want) {
			t.Fatalf("purchaser's mails %q, want %q", subjects(buyerMails), want)
		}
		wantContains(t, "shipped mail", buyerMails[2].Text, "運送会社: ヤマト運輸", "送り状番号: 1234-5678-9012", "状態: 出荷済")
		if len(mailsTo(t, s, w.owner.Email)) != 1 {
			t.Error("the seller was mailed about its own changes")
		}
	})
}

// TestSalesNotifyApproverAndCancel: an assigned approver gets the seller's
// mail instead of the owners; a proxy order tells the buyer's admins; a
// cancellation carries its reason.
func TestSalesNotifyApproverAndCancel(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx, must := context.Background(), mustOrder(t)
		w := newNotifyWorld(t, s, "approver")
		if err := w.svc.SaveBuyerSettings(ctx, w.tn, sales.BuyerSettings{BuyerID: w.buyer, ApproverUserID: w.staff.ID},
			salesStaff); err != nil {
			t.Fatal(err)
		}
		o := w.place(w.proxyOrder(w.line("STD-1", 3)))
		o = must(w.svc.Cancel(ctx, w.tn, o.ID, "在庫切れのため", salesStaff))
		w.dispatch(t, o, 0)
		if got := subjects(mailsTo(t, s, w.staff.Email)); len(got) != 1 || !strings.Contains(got[0], "新しいご注文") {
			t.Errorf("approver's mails %q", got)
		}
		if got := mailsTo(t, s, w.owner.Email); len(got) != 0 {
			t.Errorf("owner mailed although an approver is assigned: %q", subjects(got))
		}
		admin := mailsTo(t, s, w.admin.Email)
		if len(admin) != 2 || len(mailsTo(t, s, w.purchaser.Email)) != 0 {
			t.Fatalf("buyer admin's mails %q (a proxy order goes to the company's admins)", subjects(admin))
		}
		wantContains(t, "proxy order mail", admin[0].Text, "代理で入力しました", "入力方法: 代理入力")
		wantContains(t, "cancel mail", admin[1].Subject, "ご注文をキャンセルしました")
		wantContains(t, "cancel mail", admin[1].Text, "キャンセル理由: 在庫切れのため")
	})
}

// TestSalesNotifyNotices: notices reach the right users only, once, with
// unread counts and read marks per user.
func TestSalesNotifyNotices(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx, must := context.Background(), mustOrder(t)
		w := newNotifyWorld(t, s, "notices")
		stranger := w.newUser(identity.RealmShop, identity.RoleBuyerAdmin, "other@notices.example", w.other)
		v := w.addToCart(w.purchaser, "STD-1", 2)
		o := w.place(w.cartOrder(w.purchaser, v.Revision))
		o = must(w.svc.Approve(ctx, w.tn, o.ID, salesStaff))
		w.dispatch(t, o, 0)
		notices := &salesnotify.Notices{Store: s}
		titles := func(u identity.User) []string {
			t.Helper()
			list, err := notices.List(ctx, w.tn, u.ID, salesnotify.Page{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range list {
				out = append(out, n.Title)
			}
			return out
		}
		num := "（" + o.Number + "）"
		if got, want := titles(w.purchaser), []string{"ご注文を承認しました" + num, "ご注文を承りました" + num}; !slices.Equal(got, want) {
			t.Errorf("purchaser's notices %q, want %q", got, want)
		}
		for _, u := range []identity.User{w.staff, w.owner} {
			if got := titles(u); !slices.Equal(got, []string{"新しいご注文がありました" + num}) {
				t.Errorf("%s's notices %q", u.Email, got)
			}
		}
		if got := titles(w.admin); len(got) != 0 || len(titles(stranger)) != 0 {
			t.Errorf("buyer admin (not the placer) or another company saw %q", got)
		}
		if n, err := notices.Unread(ctx, w.tn, w.purchaser.ID); err != nil || n != 2 {
			t.Fatalf("unread %d, %v", n, err)
		}
		list, _ := notices.List(ctx, w.tn, w.purchaser.ID, salesnotify.Page{})
		if list[0].Link != "/orders/"+o.ID.String() || !list[0].Unread() {
			t.Errorf("notice %+v", list[0])
		}
		if _, err := notices.Open(ctx, w.tn, w.staff.ID, list[0].ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("opening another user's notice: %v", err)
		}
		opened, err := notices.Open(ctx, w.tn, w.purchaser.ID, list[0].ID)
		if err != nil || opened.Unread() {
			t.Fatalf("open: %+v, %v", opened, err)
		}
		if n, _ := notices.Unread(ctx, w.tn, w.purchaser.ID); n != 1 {
			t.Errorf("unread after opening one: %d", n)
		}
		if n, err := notices.ReadAll(ctx, w.tn, w.purchaser.ID); err != nil || n != 1 {
			t.Errorf("read all: %d, %v", n, err)
		}
		if n, _ := notices.Unread(ctx, w.tn, w.staff.ID); n != 1 {
			t.Errorf("staff's unread changed by the purchaser's reading: %d", n)
		}
		if n := w.count("notifications"); n != 4 {
			t.Errorf("%d notices, want 4 (two retried dispatches added none)", n)
		}
	})
}

// mustOrder fails the test on err (for the lifecycle calls above).
func mustOrder(t *testing.T) func(sales.Order, error) sales.Order {
	return func(o sales.Order, err error) sales.Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
}

// TestSalesNotifyWebhooks: order events become deliveries to the seller's
// subscribed endpoints, once per event, with the order as the payload.
func TestSalesNotifyWebhooks(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx, must := context.Background(), mustOrder(t)
		w := newNotifyWorld(t, s, "hooks")
		svc := webhookService(s)
		created, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: w.tn, URL: "https://erp.example.jp/created",
			Events: []string{webhooks.OrderCreated, webhooks.OrderShipped}})
		quiet, _ := mustEndpoint(t, svc, webhooks.Endpoint{Tenant: w.tn, URL: "https://erp.example.jp/cancel",
			Events: []string{webhooks.OrderCancelled}})
		pub := &salesnotify.Publisher{Store: s, Webhooks: svc}
		o := w.place(w.proxyOrder(w.line("STD-1", 4), w.line("RED-1", 1)))
		o = must(w.svc.Approve(ctx, w.tn, o.ID, salesStaff))
		o = must(w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{Carrier: "佐川急便", TrackingNumber: "S-1", All: true}, salesStaff))
		for range 2 {
			for _, e := range o.Events {
				if err := pub.Dispatch(ctx, w.tn, e.ID); err != nil {
					t.Fatalf("publish %s: %v", e.Type, err)
				}
			}
		}
		ds, err := svc.Deliveries(ctx, w.tn, created.ID, webhooks.DeliveryPage{})
		if err != nil || len(ds) != 2 {
			t.Fatalf("deliveries %d, %v; want order.created and order.shipped once each", len(ds), err)
		}
		if none, _ := svc.Deliveries(ctx, w.tn, quiet.ID, webhooks.DeliveryPage{}); len(none) != 0 {
			t.Errorf("an endpoint not subscribed got %d deliveries", len(none))
		}
		byType := map[string]webhooks.Delivery{}
		for _, d := range ds {
			byType[d.EventType] = d
		}
		shipped := byType[webhooks.OrderShipped]
		if shipped.EventID != o.Events[len(o.Events)-1].ID.String() {
			t.Errorf("event id %q, want the sales event's %s", shipped.EventID, o.Events[len(o.Events)-1].ID)
		}
		var body struct {
			ID   string                `json:"id"`
			Type string                `json:"type"`
			Data salesnotify.OrderData `json:"data"`
		}
		if err := json.Unmarshal(shipped.Body, &body); err != nil {
			t.Fatal(err)
		}
		d := body.Data
		if d.Number != o.Number || d.Buyer.Code != "B001" || d.Total != int64(o.Totals.Total) || len(d.Lines) != 2 ||
			d.Lines[1].TaxRate != 8 || d.Shipment == nil || d.Shipment.Carrier != "佐川急便" || d.Shipment.TrackingNumber != "S-1" {
			t.Errorf("payload %s", shipped.Body)
		}
	})
}

// TestUnreadCountStops: the badge's count stops at MaxUnread, however many
// notices wait (it is read on every page).
func TestUnreadCountStops(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newNotifyWorld(t, s, "unreadcap")
		notices := &salesnotify.Notices{Store: s}
		for _, tt := range []struct{ add, want int }{{3, 3}, {salesnotify.MaxUnread, salesnotify.MaxUnread}} {
			addUnread(t, s, w.tn, w.purchaser.ID, tt.add)
			if n, err := notices.Unread(ctx, w.tn, w.purchaser.ID); err != nil || n != tt.want {
				t.Errorf("after %d more notices: unread %d, %v; want %d", tt.add, n, err, tt.want)
			}
		}
	})
}

// addUnread inserts n unread notices for user straight into the table
// (each notice needs a sales event of its own through the store).
func addUnread(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, user oroshi.ID, n int) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := `INSERT INTO notifications (tenant_id, id, user_id, event_id, kind, title, created_at) VALUES (?, ?, ?, ?, 'order_placed', 'お知らせ', ?)`
	if s.Engine() == "postgres" {
		q = `INSERT INTO notifications (tenant_id, id, user_id, event_id, kind, title, created_at) VALUES ($1, $2, $3, $4, 'order_placed', 'お知らせ', $5)`
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			t.Fatal(err)
		}
	}
	for range n {
		if _, err := tx.ExecContext(ctx, q, tn, s.NewID(), user, s.NewID(), s.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
