// Package webhooks sends a seller's events (orders, quotes) to the HTTPS
// endpoints the seller registers: signed JSON, retried with exponential
// backoff through the job queue, every attempt kept in a delivery log.
//
// Other areas call Service.Publish (or the store's publish helper inside
// their own transaction); the job worker calls Service.Deliver.
package webhooks

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// Event types an endpoint can subscribe to, and ping (the test button).
const (
	OrderCreated           = "order.created"
	OrderApproved          = "order.approved"
	OrderApprovalCancelled = "order.approval_cancelled"
	OrderShipped           = "order.shipped"
	OrderCancelled         = "order.cancelled"
	QuoteIssued            = "quote.issued"
	QuoteAccepted          = "quote.accepted"
	Ping                   = "ping"
)

// EventInfo is an event type with its Japanese label for the admin pages.
type EventInfo struct {
	Type  string
	Label string
}

// EventTypes lists the subscribable types in display order (not ping,
// which every endpoint receives when the seller asks for it). A fresh
// slice each time, so no caller can change another's.
func EventTypes() []EventInfo {
	return []EventInfo{
		{OrderCreated, "注文（受付）"},
		{OrderApproved, "注文（承認）"},
		{OrderApprovalCancelled, "注文（承認取消）"},
		{OrderShipped, "注文（出荷）"},
		{OrderCancelled, "注文（キャンセル）"},
		{QuoteIssued, "見積（発行）"},
		{QuoteAccepted, "見積（承諾）"},
	}
}

// Delivery statuses.
const (
	StatusPending   = "pending"   // waiting for its first or next attempt
	StatusSucceeded = "succeeded" // the endpoint answered 2xx
	StatusFailed    = "failed"    // every attempt failed
	StatusCancelled = "cancelled" // the endpoint was disabled first
)

// Limits.
const (
	MaxEndpoints   = 10  // per tenant
	MaxURLLength   = 500 // characters
	MaxDescription = 200 // characters
)

// Audit actions.
const (
	ActionCreate    = "Webhook設定（作成）"
	ActionUpdate    = "Webhook設定（更新）"
	ActionDelete    = "Webhook設定（削除）"
	ActionRotate    = "Webhook設定（シークレット再発行）"
	ActionPing      = "Webhook設定（テスト送信）"
	ActionRedeliver = "Webhook配信（再送）"
)

// Endpoint is one URL of a seller that receives events.
type Endpoint struct {
	ID          oroshi.ID
	Tenant      oroshi.TenantID
	URL         string
	Description string
	Events      []string // subscribed types, in EventTypes order
	Active      bool
	// SealedSecret is the signing secret sealed with the server key; only
	// the Service opens it (RevealSecret, Deliver).
	SealedSecret string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Subscribes tells whether the endpoint wants events of type typ.
func (e Endpoint) Subscribes(typ string) bool {
	for _, t := range e.Events {
		if t == typ {
			return true
		}
	}
	return false
}

// Event is something that happened, published to the subscribed endpoints.
// ID must be globally unique and stable for the happening (e.g.
// "order.created:<order id>"), so that publishing it twice is harmless.
type Event struct {
	ID         string
	Type       string
	OccurredAt time.Time
	Data       any // marshalled to JSON as the payload's "data" object
}

// Message is an event ready to send: its ID, type and the exact JSON body.
type Message struct {
	EventID string
	Type    string
	Body    []byte
}

// Delivery is one event to one endpoint.
type Delivery struct {
	ID            oroshi.ID
	Tenant        oroshi.TenantID
	EndpointID    oroshi.ID
	EventID       string
	EventType     string
	Body          []byte
	Status        string
	Attempts      int
	LastStatus    int // HTTP status of the last attempt; 0 when none answered
	LastError     string
	NextAttemptAt *time.Time // pending deliveries: when the next attempt is due
	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeliveredAt   *time.Time
}

// Attempt is one POST of a delivery.
type Attempt struct {
	DeliveryID oroshi.ID
	N          int // 1, 2, …
	At         time.Time
	StatusCode int // 0 when no response
	Error      string
	Duration   time.Duration
}

// ErrTooManyEndpoints is returned by the store when a tenant has
// MaxEndpoints already; it matches oroshi.ErrConflict.
var ErrTooManyEndpoints = errTooMany{}

type errTooMany struct{}

func (errTooMany) Error() string        { return "too many webhook endpoints" }
func (errTooMany) Is(target error) bool { return target == oroshi.ErrConflict }

// DeliveryPage asks for a page of an endpoint's deliveries, newest first:
// Before is the ID of the last one of the previous page (0 for the first).
type DeliveryPage struct {
	Limit  int
	Before oroshi.ID
}

// Store is what webhooks needs from the database; every method is scoped
// to one tenant.
type Store interface {
	WebhookEndpoints(ctx context.Context, t oroshi.TenantID) ([]Endpoint, error)
	WebhookEndpoint(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Endpoint, error)
	// CreateWebhookEndpoint stores e unless the tenant has limit endpoints
	// already (ErrTooManyEndpoints).
	CreateWebhookEndpoint(ctx context.Context, e Endpoint, limit int, ev audit.Event) (Endpoint, error)
	// UpdateWebhookEndpoint saves URL, description, events and active; an
	// endpoint made inactive has its pending deliveries cancelled.
	UpdateWebhookEndpoint(ctx context.Context, e Endpoint, ev audit.Event) (Endpoint, error)
	SetWebhookSecret(ctx context.Context, t oroshi.TenantID, id oroshi.ID, sealed string, ev audit.Event) error
	// DeleteWebhookEndpoint removes the endpoint with its deliveries.
	DeleteWebhookEndpoint(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error
	// PublishWebhook creates a delivery and its job for every active
	// endpoint subscribed to m.Type, in one transaction; a delivery of the
	// same endpoint and event ID is not made twice. It returns how many
	// deliveries were made.
	PublishWebhook(ctx context.Context, t oroshi.TenantID, m Message) (int, error)
	// QueueWebhookDelivery creates a delivery of m to one endpoint and its
	// job (the test button), recording ev.
	QueueWebhookDelivery(ctx context.Context, t oroshi.TenantID, endpoint oroshi.ID, m Message, ev audit.Event) (Delivery, error)
	WebhookDeliveries(ctx context.Context, t oroshi.TenantID, endpoint oroshi.ID, p DeliveryPage) ([]Delivery, error)
	WebhookDelivery(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Delivery, error)
	// WebhookAttempts lists a delivery's attempts, newest first.
	WebhookAttempts(ctx context.Context, t oroshi.TenantID, delivery oroshi.ID) ([]Attempt, error)
	// RecordWebhookAttempt logs a (numbered by the store) and sets the
	// delivery's status and next attempt; a delivery no longer pending
	// keeps its status.
	RecordWebhookAttempt(ctx context.Context, t oroshi.TenantID, a Attempt, status string, next *time.Time) error
	// RedeliverWebhook makes a finished delivery pending again and enqueues
	// its job.
	RedeliverWebhook(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) (Delivery, error)
}

// Sealer seals signing secrets (identity.Service.Sealer("webhook")).
type Sealer interface {
	Seal(plain string) (string, error)
	Open(sealed string) (string, error)
}
