package notify_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

func TestMailValidate(t *testing.T) {
	ok := notify.Mail{To: "taro@example.jp", Subject: "【丸川食品】ご注文を受け付けました", Text: "本文"}
	tests := []struct {
		name  string
		edit  func(*notify.Mail)
		field string // "" when valid
	}{
		{"valid", func(*notify.Mail) {}, ""},
		{"display name", func(m *notify.Mail) { m.To = "山田 太郎 <taro@example.jp>" }, ""},
		{"html alternative", func(m *notify.Mail) { m.HTML = "<p>本文</p>" }, ""},
		{"empty address", func(m *notify.Mail) { m.To = "" }, "to"},
		{"no domain", func(m *notify.Mail) { m.To = "taro" }, "to"},
		{"two addresses", func(m *notify.Mail) { m.To = "a@example.jp, b@example.jp" }, "to"},
		{"newline in address", func(m *notify.Mail) { m.To = "taro@example.jp\nBcc: x@example.jp" }, "to"},
		{"empty subject", func(m *notify.Mail) { m.Subject = "　" }, "subject"},
		{"CRLF in subject", func(m *notify.Mail) { m.Subject = "件名\r\nBcc: x@example.jp" }, "subject"},
		{"LF in subject", func(m *notify.Mail) { m.Subject = "件名\n続き" }, "subject"},
		{"long subject", func(m *notify.Mail) { m.Subject = strings.Repeat("あ", 256) }, "subject"},
		{"empty body", func(m *notify.Mail) { m.Text = " \n" }, "text"},
		{"huge body", func(m *notify.Mail) { m.Text = strings.Repeat("x", 1<<20+1) }, "text"},
		{"invalid UTF-8", func(m *notify.Mail) { m.Text = "\xff" }, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			err := notify.Validate(m)
			var ve *oroshi.ValidationError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tt.field != "" && (!errors.As(err, &ve) || ve.Fields[tt.field] == ""):
				t.Errorf("Validate = %v, want a message on %q", err, tt.field)
			}
		})
	}
}

// outbox is an in-memory notify.Store: business rules are tested without
// a database (sqlstore's tests cover the real one).
type outbox map[oroshi.ID]notify.Mail

func (o outbox) QueueMail(_ context.Context, m notify.Mail) (notify.Mail, error) {
	m.ID, m.Status = oroshi.ID(len(o)+1), notify.StatusPending
	o[m.ID] = m
	return m, nil
}

func (o outbox) Outbox(context.Context, int) ([]notify.Mail, error) { return nil, nil }

func (o outbox) Mail(_ context.Context, id oroshi.ID) (notify.Mail, error) {
	m, ok := o[id]
	if !ok {
		return notify.Mail{}, oroshi.ErrNotFound
	}
	return m, nil
}

func (o outbox) update(id oroshi.ID, f func(*notify.Mail)) error {
	m, ok := o[id]
	if !ok {
		return oroshi.ErrNotFound
	}
	f(&m)
	o[id] = m
	return nil
}

func (o outbox) MarkMailSent(_ context.Context, id oroshi.ID) error {
	return o.update(id, func(m *notify.Mail) { m.Status = notify.StatusSent; m.Attempts++ })
}

func (o outbox) MarkMailHeld(_ context.Context, id oroshi.ID) error {
	return o.update(id, func(m *notify.Mail) { m.Status = notify.StatusHeld })
}

func (o outbox) MarkMailAttemptFailed(_ context.Context, id oroshi.ID, errText string, final bool) error {
	return o.update(id, func(m *notify.Mail) {
		m.Attempts++
		m.LastError = errText
		if final {
			m.Status = notify.StatusFailed
		}
	})
}

// MailAttachments answers the files of stored, by document ID.
func (o outbox) MailAttachments(_ context.Context, m notify.Mail) ([]notify.Attachment, error) {
	var out []notify.Attachment
	for _, id := range m.DocumentIDs {
		f, ok := stored[id]
		if !ok {
			return nil, fmt.Errorf("document %s: %w", id, oroshi.ErrNotFound)
		}
		out = append(out, f)
	}
	return out, nil
}

// sender records what it was asked to send and answers with err.
type sender struct {
	err  error
	sent int
	last notify.Mail
}

func (s *sender) Send(_ context.Context, m notify.Mail) error {
	s.sent++
	s.last = m
	return s.err
}

func TestMailDeliver(t *testing.T) {
	refused := errors.New("dial tcp 127.0.0.1:25: connection refused")
	rejected := fmt.Errorf("%w: 550 no such user", notify.ErrRejected)
	tests := []struct {
		name       string
		status     string // of the mail before delivery
		sender     *sender
		final      bool
		wantErr    error // errors.Is target; nil for success
		wantStatus string
		wantSends  int
	}{
		{"sent", notify.StatusPending, &sender{}, false, nil, notify.StatusSent, 1},
		{"no sender holds", notify.StatusPending, nil, false, nil, notify.StatusHeld, 0},
		{"unconfigured sender holds", notify.StatusPending, &sender{err: notify.ErrNotConfigured}, false, nil, notify.StatusHeld, 1},
		{"held mail is sent once configured", notify.StatusHeld, &sender{}, false, nil, notify.StatusSent, 1},
		{"temporary failure stays pending", notify.StatusPending, &sender{err: refused}, false, refused, notify.StatusPending, 1},
		{"final failure fails", notify.StatusPending, &sender{err: refused}, true, refused, notify.StatusFailed, 1},
		{"rejection fails at once", notify.StatusPending, &sender{err: rejected}, false, notify.ErrRejected, notify.StatusFailed, 1},
		{"already sent is not resent", notify.StatusSent, &sender{}, false, nil, notify.StatusSent, 0},
		{"failed is not retried", notify.StatusFailed, &sender{}, false, nil, notify.StatusFailed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := outbox{1: {ID: 1, To: "a@example.jp", Subject: "件名", Text: "本文", Status: tt.status}}
			svc := notify.Service{Store: store}
			if tt.sender != nil {
				svc.Sender = tt.sender
			}
			err := svc.Deliver(context.Background(), 1, tt.final)
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Deliver = %v, want %v", err, tt.wantErr)
			}
			if got := store[1].Status; got != tt.wantStatus {
				t.Errorf("status = %q, want %q", got, tt.wantStatus)
			}
			if tt.sender != nil && tt.sender.sent != tt.wantSends {
				t.Errorf("sends = %d, want %d", tt.sender.sent, tt.wantSends)
			}
		})
	}
	if err := (notify.Service{Store: outbox{}}).Deliver(context.Background(), 9, false); !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("Deliver of a missing mail = %v, want ErrNotFound", err)
	}
}

func TestMailQueueValidatesBeforeStoring(t *testing.T) {
	store := outbox{}
	_, err := notify.Service{Store: store}.Queue(context.Background(), notify.Mail{To: "x", Subject: "s", Text: "t"})
	if !errors.As(err, new(*oroshi.ValidationError)) || len(store) != 0 {
		t.Errorf("Queue of an invalid mail = %v, stored %d", err, len(store))
	}
}

// stored are the documents the fake outbox can attach: 7 intact, 8 with
// bytes that no longer match their SHA-256.
var stored = map[oroshi.ID]notify.Attachment{
	7: {Name: "納品書_O-2026-000001-1_v1.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7 slip")}, // SHA256 set by init
	8: {Name: "altered.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7 changed"),
		SHA256: "0000000000000000000000000000000000000000000000000000000000000000"},
}

func init() {
	f := stored[7]
	sum := sha256.Sum256(f.Data)
	f.SHA256 = hex.EncodeToString(sum[:])
	stored[7] = f
}

// TestMailDeliverAttachments: documents are read at send time and handed
// to the sender checked; a missing or altered one fails the mail at once
// (retrying cannot help) and nothing is sent.
func TestMailDeliverAttachments(t *testing.T) {
	tests := []struct {
		name       string
		ids        []oroshi.ID
		wantErr    error
		wantStatus string
		wantFiles  int
	}{
		{"attached", []oroshi.ID{7}, nil, notify.StatusSent, 1},
		{"missing document", []oroshi.ID{7, 9}, oroshi.ErrNotFound, notify.StatusFailed, 0},
		{"altered document", []oroshi.ID{8}, notify.ErrAttachmentAltered, notify.StatusFailed, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := outbox{1: {ID: 1, To: "a@example.jp", Subject: "件名", Text: "本文", Status: notify.StatusPending, DocumentIDs: tt.ids}}
			snd := &sender{}
			err := notify.Service{Store: store, Sender: snd}.Deliver(context.Background(), 1, false)
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Deliver = %v, want %v", err, tt.wantErr)
			}
			if got := store[1].Status; got != tt.wantStatus {
				t.Errorf("status = %q, want %q", got, tt.wantStatus)
			}
			if len(snd.last.Attachments) != tt.wantFiles || (tt.wantFiles == 0) != (snd.sent == 0) {
				t.Errorf("sent %d times with %d files, want %d files", snd.sent, len(snd.last.Attachments), tt.wantFiles)
			}
			if tt.wantFiles > 0 && string(snd.last.Attachments[0].Data) != "%PDF-1.7 slip" {
				t.Errorf("attachment %q", snd.last.Attachments[0].Data)
			}
		})
	}
	m := notify.Mail{To: "a@example.jp", Subject: "件名", Text: "本文", DocumentIDs: make([]oroshi.ID, notify.MaxAttachments+1)}
	var ve *oroshi.ValidationError
	if err := notify.Validate(m); !errors.As(err, &ve) || ve.Fields["document_ids"] == "" {
		t.Errorf("Validate of %d attachments = %v", len(m.DocumentIDs), err)
	}
}
