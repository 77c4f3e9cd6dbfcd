package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/mail/mailtest"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// tenantMail is the tenant's outbox, oldest first.
func tenantMail(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) []notify.Mail {
	t.Helper()
	all, err := s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Mail
	for _, m := range all {
		if m.Tenant == tn {
			out = append(out, m)
		}
	}
	slices.Reverse(out)
	return out
}

// TestDocumentsDeliveryMail: issuing a document queues a Japanese mail in
// the same transaction — to the shop user who placed the order, or for a
// proxy order to the buyer company's admins — with a link by default, or
// with the document attached by ID when the tenant chose PDF添付; the send
// job reads the stored PDF, and it arrives through a real SMTP server with
// its Japanese name and the very bytes.
func TestDocumentsDeliveryMail(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "docmail")
		ds := docService(w)
		ds.BaseURL = "https://oroshi.example.jp/"
		saveLayout(t, w, ds, "T7000012050002")

		proxy := w.place(w.proxyOrder(w.line("STD-1", 3)))
		oc, err := ds.IssueOrderConfirmation(ctx, w.tn, proxy.ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		ms := tenantMail(t, s, w.tn)
		if len(ms) != 1 || ms[0].To != w.admin.Email || len(ms[0].DocumentIDs) != 0 ||
			ms[0].Subject != "【"+tenantName(t, s, w.tn)+"】注文請書を発行しました（"+proxy.Number+"）" ||
			!strings.Contains(ms[0].Text, "https://oroshi.example.jp/docmail/documents/"+oc.ID.String()+"/pdf") ||
			!strings.Contains(ms[0].Text, "山田 太郎 様") {
			t.Fatalf("proxy order's mail %+v", ms)
		}

		// PDF添付: the placing purchaser gets the 納品書 attached by ID.
		l, err := ds.Layout(ctx, w.tn)
		if err != nil {
			t.Fatal(err)
		}
		l.Delivery = documents.DeliveryAttach
		if _, err := ds.SaveLayout(ctx, w.tn, documents.LayoutInput{Layout: l}, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		v := w.addToCart(w.purchaser, "STD-1", 2)
		o := w.place(w.cartOrder(w.purchaser, v.Revision))
		if _, err := w.svc.Approve(ctx, w.tn, o.ID, w.staffActor()); err != nil {
			t.Fatal(err)
		}
		o, err = w.svc.Ship(ctx, w.tn, o.ID, sales.ShipmentInput{All: true}, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		slip, err := ds.IssueDeliverySlip(ctx, w.tn, o.ID, o.Shipments[0].ID, w.staffActor())
		if err != nil {
			t.Fatal(err)
		}
		ms = tenantMail(t, s, w.tn)
		m := ms[len(ms)-1]
		if len(ms) != 2 || m.To != w.purchaser.Email || !slices.Equal(m.DocumentIDs, []oroshi.ID{slip.ID}) ||
			!strings.Contains(m.Text, "添付") || strings.Contains(m.Text, "/pdf") {
			t.Fatalf("attached mail %+v", m)
		}
		files, err := s.MailAttachments(ctx, m)
		if err != nil || len(files) != 1 || files[0].Name != slip.FileName() || files[0].SHA256 != slip.SHA256 {
			t.Fatalf("attachments %v %v", files, err)
		}
		sendThroughMailpit(t, s, m, slip)
	})
}

// sendThroughMailpit delivers m as the send job does and reads it back.
func sendThroughMailpit(t *testing.T, s *sqlstore.Store, m notify.Mail, d documents.Document) {
	t.Helper()
	host, port, api := mailtest.Start(t)
	snd, err := mail.New(config.SMTP{Host: host, Port: port, From: "さくら食品 <no-reply@sakura.example.jp>", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := (notify.Service{Store: s, Sender: snd}).Deliver(ctx, m.ID, false); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Mail(ctx, m.ID); err != nil || got.Status != notify.StatusSent {
		t.Errorf("mail after delivery: %+v %v", got, err)
	}
	msgs := mailtest.Messages(t, api)
	if len(msgs) != 1 || len(msgs[0].Attachments) != 1 {
		t.Fatalf("mailpit: %+v", msgs)
	}
	a := msgs[0].Attachments[0]
	sum := sha256.Sum256(mailtest.Part(t, api, msgs[0].ID, a.PartID))
	if a.FileName != d.FileName() || !strings.HasPrefix(a.FileName, "納品書_") || hex.EncodeToString(sum[:]) != d.SHA256 {
		t.Errorf("attachment %q sha %x, want %q %s", a.FileName, sum, d.FileName(), d.SHA256)
	}
}

func tenantName(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) string {
	t.Helper()
	x, err := s.Tenant(context.Background(), tn)
	if err != nil {
		t.Fatal(err)
	}
	return x.Name
}
