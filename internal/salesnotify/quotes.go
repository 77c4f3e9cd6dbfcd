package salesnotify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// quoteHappening is a quote event with what every channel needs to tell
// of it.
type quoteHappening struct {
	Event  sales.Event
	Quote  sales.Quote
	Tenant tenancy.Tenant
	// Version is the version the event is about: the one issued or
	// accepted, the first one of a request. Issued versions never change,
	// so a late job tells what the buyer was shown.
	Version sales.QuoteVersion
}

// loadQuote reads quote event e's quote and tenant.
func loadQuote(ctx context.Context, st Store, e sales.Event) (quoteHappening, error) {
	q, err := st.Quote(ctx, e.Tenant, e.QuoteID)
	if err != nil {
		return quoteHappening{}, fmt.Errorf("load quote of sales event %s: %w", e.ID, err)
	}
	tn, err := st.Tenant(ctx, e.Tenant)
	if err != nil {
		return quoteHappening{}, fmt.Errorf("load tenant of sales event %s: %w", e.ID, err)
	}
	n := 1
	if f, ok := e.Detail["version"].(float64); ok && f >= 1 {
		n = int(f)
	}
	v, ok := q.Version(n)
	if !ok {
		return quoteHappening{}, fmt.Errorf("quote %s version %d of sales event %s: %w", q.Number, n, e.ID, oroshi.ErrNotFound)
	}
	return quoteHappening{Event: e, Quote: q, Tenant: tn, Version: v}, nil
}

// status is the quote's status right after the event (the quote may have
// moved on by the time the job runs).
func (h quoteHappening) status() sales.QuoteStatus {
	switch h.Event.Type {
	case sales.EventQuoteRequested:
		return sales.QuoteRequested
	case sales.EventQuoteIssued:
		return sales.QuoteIssued
	case sales.EventQuoteAccepted:
		return sales.QuoteAccepted
	}
	return h.Quote.Status
}

// orderNumber is the number of the order an acceptance made.
func (h quoteHappening) orderNumber() string {
	n, _ := h.Event.Detail["order_number"].(string)
	return n
}

// ref names the quote in subjects and notice titles: the number, and the
// version once one was issued (Q-2026-000001 第2版).
func (h quoteHappening) ref() string {
	if h.Event.Type == sales.EventQuoteRequested {
		return h.Quote.Number
	}
	return fmt.Sprintf("%s 第%d版", h.Quote.Number, h.Version.Version)
}

// quoteNotes decides who hears what of a quote event: the seller of a
// request and of an acceptance (a mail to the responsible people, a
// notice to all staff), the buyer of an issued version.
func quoteNotes(h quoteHappening) []note {
	q, v := h.Quote, h.Version
	switch h.Event.Type {
	case sales.EventQuoteRequested:
		return sellerNotes("見積のご依頼がありました", q.BuyerName+" 様から見積のご依頼がありました。"+
			"内容を確認して、見積を作成・発行してください。明細の金額はご依頼時点の販売価格による参考値です。")
	case sales.EventQuoteIssued:
		lead := "以下の内容でお見積りを発行しました。有効期限までに、見積ページからそのままご注文いただけます。"
		if v.Version > 1 {
			lead = fmt.Sprintf("お見積りを改訂し、第%d版を発行しました。以前の版ではご注文いただけません。"+
				"以下の内容をご確認のうえ、有効期限までに見積ページからご注文ください。", v.Version)
		}
		return []note{{to: toBuyer, mail: true, notice: true, title: "お見積りを発行しました", lead: lead}}
	case sales.EventQuoteAccepted:
		return sellerNotes("見積が受諾されました", fmt.Sprintf("%s 様が見積（第%d版）を受諾し、ご注文（注文番号 %s）になりました。"+
			"注文の内容を確認して承認してください。", q.BuyerName, v.Version, h.orderNumber()))
	}
	return nil
}

// quoteRecipients are the active users of audience a for the quote.
func quoteRecipients(ctx context.Context, st Store, h quoteHappening, a audience) ([]identity.User, error) {
	q := h.Quote
	switch a {
	case toBuyer:
		return requester(ctx, st, q)
	case toSeller:
		return sellerPeople(ctx, st, q.Tenant, q.BuyerID)
	case toStaff:
		return sellerStaff(ctx, st, q.Tenant)
	}
	return nil, fmt.Errorf("unknown audience %d for a quote", a)
}

// requester is the shop user who asked for the quote when still active in
// the company, else (a quote staff started, a user gone) the company's
// admins: an issued quote must reach someone who can accept it.
func requester(ctx context.Context, st Store, q sales.Quote) ([]identity.User, error) {
	if q.RequestedBy != 0 {
		u, err := st.User(ctx, q.Tenant, q.RequestedBy)
		if err != nil && !errors.Is(err, oroshi.ErrNotFound) {
			return nil, fmt.Errorf("requesting user %s: %w", q.RequestedBy, err)
		}
		people := keep([]identity.User{u}, func(u identity.User) bool {
			return u.Realm == identity.RealmShop && u.BuyerID == q.BuyerID
		})
		if err == nil && len(people) > 0 {
			return people, nil
		}
	}
	return buyerAdmins(ctx, st, q.Tenant, q.BuyerID)
}

// dispatchQuote queues the mails of quote event e once.
func (m *Mailer) dispatchQuote(ctx context.Context, e sales.Event) error {
	h, err := loadQuote(ctx, m.Store, e)
	if err != nil {
		return fmt.Errorf("mail of sales event %s: %w", e.ID, err)
	}
	var mails []notify.Mail
	for _, n := range quoteNotes(h) {
		if !n.mail {
			continue
		}
		people, err := quoteRecipients(ctx, m.Store, h, n.to)
		if err != nil {
			return fmt.Errorf("mail of sales event %s: %w", e.ID, err)
		}
		for _, u := range people {
			text, html, err := render(newQuoteLetter(h, n, u, m.quoteLink(h, n)))
			if err != nil {
				return fmt.Errorf("mail of sales event %s: %w", e.ID, err)
			}
			mails = append(mails, notify.Mail{Tenant: e.Tenant, To: u.Email, Text: text, HTML: html,
				Subject: fmt.Sprintf("【%s】%s（見積番号 %s）", h.Tenant.Name, n.title, h.ref())})
		}
	}
	if _, err := m.Store.QueueEventMail(ctx, e.Tenant, e.ID, dedupeMail(mails)); err != nil {
		return fmt.Errorf("mail of sales event %s: %w", e.ID, err)
	}
	return nil
}

// quoteLink is the quote's page in the reader's area: /{tenant}/quotes/{id}
// in the shop, /{tenant}/admin/quotes/{id} in the admin.
func (m *Mailer) quoteLink(h quoteHappening, n note) string {
	area := ""
	if n.admin {
		area = "/admin"
	}
	return strings.TrimRight(m.BaseURL, "/") + "/" + h.Tenant.Slug + area + "/quotes/" + h.Quote.ID.String()
}

// dispatchQuote adds the notices of quote event e once per user; the
// link /quotes/{id} is below the reader's area, as for orders.
func (d *Noticer) dispatchQuote(ctx context.Context, e sales.Event) error {
	h, err := loadQuote(ctx, d.Store, e)
	if err != nil {
		return fmt.Errorf("notices of sales event %s: %w", e.ID, err)
	}
	var ns []Notification
	seen := map[oroshi.ID]bool{}
	for _, n := range quoteNotes(h) {
		if !n.notice {
			continue
		}
		people, err := quoteRecipients(ctx, d.Store, h, n.to)
		if err != nil {
			return fmt.Errorf("notices of sales event %s: %w", e.ID, err)
		}
		for _, u := range people {
			if !seen[u.ID] {
				seen[u.ID] = true
				ns = append(ns, Notification{Tenant: e.Tenant, UserID: u.ID, EventID: e.ID, Kind: string(e.Type),
					Title: n.title + "（" + h.ref() + "）", Body: n.lead, Link: "/quotes/" + h.Quote.ID.String()})
			}
		}
	}
	if _, err := d.Store.AddNotifications(ctx, e.Tenant, e.ID, ns); err != nil {
		return fmt.Errorf("notices of sales event %s: %w", e.ID, err)
	}
	return nil
}
