package salesnotify

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Mailer e-mails the people an event concerns (a jobs.Dispatcher).
type Mailer struct {
	Store Store
	// BaseURL is the site's public URL (config.PublicURL), for the links
	// to the order pages.
	BaseURL string
}

// Dispatch queues the event's mails once: a second call finds the first
// one's record and sends nothing.
func (m *Mailer) Dispatch(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID) error {
	e, err := readEvent(ctx, m.Store, t, eventID)
	switch {
	case err != nil:
		return err
	case e.QuoteID != 0:
		return m.dispatchQuote(ctx, e)
	case e.OrderID == 0:
		return nil
	}
	h, err := load(ctx, m.Store, e)
	if err != nil {
		return err
	}
	var mails []notify.Mail
	for _, n := range notesFor(h) {
		if !n.mail {
			continue
		}
		people, err := recipients(ctx, m.Store, h, n.to)
		if err != nil {
			return fmt.Errorf("mail of sales event %s: %w", eventID, err)
		}
		for _, u := range people {
			ml, err := m.compose(h, n, u)
			if err != nil {
				return fmt.Errorf("mail of sales event %s: %w", eventID, err)
			}
			mails = append(mails, ml)
		}
	}
	if _, err := m.Store.QueueEventMail(ctx, t, eventID, dedupeMail(mails)); err != nil {
		return fmt.Errorf("mail of sales event %s: %w", eventID, err)
	}
	return nil
}

func (m *Mailer) compose(h happening, n note, u identity.User) (notify.Mail, error) {
	l := newLetter(h, n, u, m.link(h, n))
	text, html, err := render(l)
	if err != nil {
		return notify.Mail{}, err
	}
	// The bare address, as identity's mails use: the greeting names the person.
	return notify.Mail{Tenant: h.Order.Tenant, To: u.Email, Subject: subject(h.Tenant.Name, n.title, h.Order.Number),
		Text: text, HTML: html}, nil
}

// link is the order's page in the reader's area.
func (m *Mailer) link(h happening, n note) string {
	return strings.TrimRight(m.BaseURL, "/") + "/" + h.Tenant.Slug + orderPath(h, n)
}

// orderPath is the order's page below the tenant: /orders/{id} in the
// shop, /admin/orders/{id} in the admin.
func orderPath(h happening, n note) string {
	if n.admin {
		return "/admin/orders/" + h.Order.ID.String()
	}
	return "/orders/" + h.Order.ID.String()
}

// dedupeMail keeps one mail per address and subject: a person in two
// audiences (an owner who is also the approver) gets it once.
func dedupeMail(ms []notify.Mail) []notify.Mail {
	seen := map[string]bool{}
	var out []notify.Mail
	for _, m := range ms {
		k := strings.ToLower(m.To) + "\x00" + m.Subject
		if !seen[k] {
			seen[k] = true
			out = append(out, m)
		}
	}
	return out
}

// Noticer adds in-site notices (a jobs.Dispatcher).
type Noticer struct {
	Store Store
}

// Dispatch adds the event's notices once per user. A notice's link is
// below the reader's area, where both the shop and the admin have the
// order at /orders/{id} (and the quote at /quotes/{id}).
func (d *Noticer) Dispatch(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID) error {
	e, err := readEvent(ctx, d.Store, t, eventID)
	switch {
	case err != nil:
		return err
	case e.QuoteID != 0:
		return d.dispatchQuote(ctx, e)
	case e.OrderID == 0:
		return nil
	}
	h, err := load(ctx, d.Store, e)
	if err != nil {
		return err
	}
	var ns []Notification
	seen := map[oroshi.ID]bool{}
	for _, n := range notesFor(h) {
		if !n.notice {
			continue
		}
		people, err := recipients(ctx, d.Store, h, n.to)
		if err != nil {
			return fmt.Errorf("notices of sales event %s: %w", eventID, err)
		}
		for _, u := range people {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			ns = append(ns, Notification{Tenant: t, UserID: u.ID, EventID: eventID, Kind: string(h.Event.Type),
				Title: n.title + "（" + h.Order.Number + "）", Body: n.lead, Link: "/orders/" + h.Order.ID.String()})
		}
	}
	if _, err := d.Store.AddNotifications(ctx, t, eventID, ns); err != nil {
		return fmt.Errorf("notices of sales event %s: %w", eventID, err)
	}
	return nil
}
