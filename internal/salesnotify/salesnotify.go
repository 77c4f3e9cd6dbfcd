// Package salesnotify tells people about sales events (an order placed,
// approved, shipped, cancelled, a buyer-side approval asked for, a quote
// requested, issued or accepted …): Japanese
// e-mails in plain text and HTML through the mail outbox, in-site notices
// (お知らせ) with a read state per user, and webhook events to the seller's
// endpoints.
//
// Each channel is a jobs.Dispatcher of its own (Mailer, Noticer,
// Publisher). The sales event job calls every dispatcher again when any of
// them failed, so each is idempotent per event: mail and notices are
// written in one transaction with a record of the event and channel
// (sales_event_dispatches) that a second run finds and stops at; webhook
// deliveries are unique per endpoint and event ID.
package salesnotify

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// Channels, as recorded in sales_event_dispatches.
const (
	ChannelMail   = "mail"
	ChannelNotice = "notice"
)

// Notification is one in-site notice to one user. Link is a path below
// the user's area ("/orders/123"), which pages prefix with the area's base.
type Notification struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID
	UserID    oroshi.ID
	EventID   oroshi.ID
	Kind      string // the sales event type
	Title     string
	Body      string
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Unread tells whether the user has not opened the notice yet.
func (n Notification) Unread() bool { return n.ReadAt == nil }

// Page selects a page of a user's notices, newest first.
type Page struct {
	Before     oroshi.ID // keyset: notices older than this one; 0 from the newest
	Limit      int
	UnreadOnly bool
}

// Page sizes.
const (
	DefaultPageSize = 30
	MaxPageSize     = 100
)

// Store is what the dispatchers and the notices pages need.
type Store interface {
	SalesEvent(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Event, error)
	Order(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Order, error)
	// Quote returns one quote with every version and its lines.
	Quote(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Quote, error)
	Tenant(ctx context.Context, id oroshi.TenantID) (tenancy.Tenant, error)
	User(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (identity.User, error)
	Users(ctx context.Context, t oroshi.TenantID, realm identity.Realm) ([]identity.User, error)
	BuyerUsers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error)
	Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Buyer, error)
	BuyerSettings(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (sales.BuyerSettings, error)

	// QueueEventMail queues mails (each validated, with its send job) and
	// records that event's mail is done, in one transaction. When the
	// record exists already it writes nothing and answers false.
	QueueEventMail(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID, mails []notify.Mail) (bool, error)
	// AddNotifications stores ns and records that event's notices are
	// done, in one transaction; false when they were done already.
	AddNotifications(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID, ns []Notification) (bool, error)

	Notifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, p Page) ([]Notification, error)
	UnreadNotifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error)
	// ReadNotification marks one of the user's notices read (once) and
	// returns it; another user's notice wraps oroshi.ErrNotFound.
	ReadNotification(ctx context.Context, t oroshi.TenantID, userID, id oroshi.ID) (Notification, error)
	ReadAllNotifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error)
}

// Notices is the in-site notices list of the shop and the admin.
type Notices struct {
	Store Store
}

// List returns a page of the user's notices, newest first.
func (n *Notices) List(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, p Page) ([]Notification, error) {
	switch {
	case p.Limit <= 0:
		p.Limit = DefaultPageSize
	case p.Limit > MaxPageSize:
		p.Limit = MaxPageSize
	}
	out, err := n.Store.Notifications(ctx, t, userID, p)
	if err != nil {
		return nil, fmt.Errorf("notices of user %s: %w", userID, err)
	}
	return out, nil
}

// MaxUnread is as far as Unread counts: the badge shows "99+" above 99.
const MaxUnread = 100

// Unread counts the user's unread notices (the header's badge), up to
// MaxUnread.
func (n *Notices) Unread(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error) {
	c, err := n.Store.UnreadNotifications(ctx, t, userID)
	if err != nil {
		return 0, fmt.Errorf("unread notices of user %s: %w", userID, err)
	}
	return c, nil
}

// Open marks one of the user's notices read and returns it (to follow its
// link).
func (n *Notices) Open(ctx context.Context, t oroshi.TenantID, userID, id oroshi.ID) (Notification, error) {
	out, err := n.Store.ReadNotification(ctx, t, userID, id)
	if err != nil {
		return Notification{}, fmt.Errorf("open notice %s: %w", id, err)
	}
	return out, nil
}

// ReadAll marks every notice of the user read and says how many were not.
func (n *Notices) ReadAll(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error) {
	c, err := n.Store.ReadAllNotifications(ctx, t, userID)
	if err != nil {
		return 0, fmt.Errorf("read all notices of user %s: %w", userID, err)
	}
	return c, nil
}
