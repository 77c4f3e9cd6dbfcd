// Package notify is outgoing e-mail: the vocabulary of the mail outbox and
// the rules for queueing and delivering a mail. Mail is always written to
// the outbox first (in the transaction of the change it reports) and sent
// later by a job, so a slow or absent SMTP server never fails a request.
package notify

import (
	"context"
	"errors"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Mail statuses.
const (
	StatusPending = "pending" // waiting for its send job
	StatusSent    = "sent"    // accepted by the SMTP server
	// StatusHeld means no SMTP server is configured: the mail stays in the
	// outbox, where the operator console shows it. This is how the embedded
	// default works offline.
	StatusHeld   = "held"
	StatusFailed = "failed" // gave up: rejected, or out of retries
)

// Mail is one message in the outbox.
type Mail struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID // PlatformTenant (0) for operators' mail
	To        string          // "taro@example.jp" or "山田 太郎 <taro@example.jp>"
	Subject   string
	Text      string // plain-text body; always present
	HTML      string // optional alternative; "" sends plain text only
	Status    string
	Attempts  int    // SMTP attempts made
	LastError string // of the last failed attempt
	CreatedAt time.Time
	SentAt    *time.Time
	// DocumentIDs are issued documents (帳票) of Tenant sent as PDF
	// attachments. Only the IDs are kept in the outbox; the send job reads
	// the files into Attachments (Store.MailAttachments).
	DocumentIDs []oroshi.ID
	Attachments []Attachment // filled at send time, never stored
}

// Store is what notify needs from the database.
type Store interface {
	// QueueMail validates m, stores it as pending and enqueues its send job.
	QueueMail(ctx context.Context, m Mail) (Mail, error)
	// Outbox lists the newest mails first.
	Outbox(ctx context.Context, limit int) ([]Mail, error)
	Mail(ctx context.Context, id oroshi.ID) (Mail, error)
	MarkMailSent(ctx context.Context, id oroshi.ID) error
	MarkMailHeld(ctx context.Context, id oroshi.ID) error
	// MarkMailAttemptFailed counts a failed attempt; final marks it failed.
	MarkMailAttemptFailed(ctx context.Context, id oroshi.ID, errText string, final bool) error
	// MailAttachments reads the files of m.DocumentIDs in that order; a
	// missing document wraps oroshi.ErrNotFound.
	MailAttachments(ctx context.Context, m Mail) ([]Attachment, error)
}

// Sender hands one mail to a mail server (internal/mail over SMTP).
type Sender interface {
	Send(ctx context.Context, m Mail) error
}

var (
	// ErrNotConfigured is returned by a Sender that has no server to send
	// to; the mail is held rather than failed.
	ErrNotConfigured = errors.New("mail server not configured")
	// ErrRejected wraps a permanent refusal (SMTP 5xx, e.g. unknown
	// recipient): retrying cannot help.
	ErrRejected = errors.New("mail rejected")
)

// Service queues and delivers mail.
type Service struct {
	Store  Store
	Sender Sender // nil: no SMTP server, mail is held
}

// Queue validates m and stores it in the outbox; its send job runs after
// the write commits.
func (s Service) Queue(ctx context.Context, m Mail) (Mail, error) {
	if err := Validate(m); err != nil {
		return Mail{}, err
	}
	return s.Store.QueueMail(ctx, m) // its errors name the mail already
}

// Outbox lists the newest mails first, for the operator console.
func (s Service) Outbox(ctx context.Context, limit int) ([]Mail, error) {
	return s.Store.Outbox(ctx, limit)
}
