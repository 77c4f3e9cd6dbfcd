package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMailQueueAndOutbox(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		svc := notify.Service{Store: s}
		platform, err := svc.Queue(ctx, notify.Mail{To: "ops@example.jp", Subject: "【oroshi】お知らせ", Text: "本文です。\n"})
		if err != nil {
			t.Fatal(err)
		}
		tenant, err := svc.Queue(ctx, notify.Mail{Tenant: 42, To: "山田 太郎 <taro@example.jp>",
			Subject: "【丸川食品】ご注文を受け付けました", Text: "ご注文ありがとうございます。", HTML: "<p>ご注文ありがとうございます。</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if tenant.ID == 0 || tenant.Status != notify.StatusPending || tenant.CreatedAt.IsZero() {
			t.Errorf("queued mail = %+v", tenant)
		}
		for _, want := range []notify.Mail{platform, tenant} {
			got, err := s.Mail(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Mail(%s) round trip (-want +got):\n%s", want.ID, diff)
			}
		}
		list, err := s.Outbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != tenant.ID || list[1].ID != platform.ID {
			t.Errorf("Outbox is not newest first: %+v", list)
		}
		if list, err := s.Outbox(ctx, 1); err != nil || len(list) != 1 {
			t.Errorf("Outbox(1) = %d mails, %v", len(list), err)
		}
		if _, err := s.Mail(ctx, 12345); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("unknown mail: got %v, want ErrNotFound", err)
		}
	})
}

func TestMailMarks(t *testing.T) {
	errText := "dial tcp 127.0.0.1:1: connect: connection refused"
	tests := []struct {
		name string
		mark func(context.Context, *sqlstore.Store, oroshi.ID) error
		want notify.Mail // Status, Attempts, LastError; SentAt set when non-nil
	}{
		{"sent", func(ctx context.Context, s *sqlstore.Store, id oroshi.ID) error { return s.MarkMailSent(ctx, id) },
			notify.Mail{Status: notify.StatusSent, Attempts: 1, SentAt: new(time.Time)}},
		{"held", func(ctx context.Context, s *sqlstore.Store, id oroshi.ID) error { return s.MarkMailHeld(ctx, id) },
			notify.Mail{Status: notify.StatusHeld}},
		{"attempt failed", func(ctx context.Context, s *sqlstore.Store, id oroshi.ID) error {
			return s.MarkMailAttemptFailed(ctx, id, errText, false)
		}, notify.Mail{Status: notify.StatusPending, Attempts: 1, LastError: errText}},
		{"final attempt failed", func(ctx context.Context, s *sqlstore.Store, id oroshi.ID) error {
			if err := s.MarkMailAttemptFailed(ctx, id, "first", false); err != nil {
				return err
			}
			return s.MarkMailAttemptFailed(ctx, id, errText, true)
		}, notify.Mail{Status: notify.StatusFailed, Attempts: 2, LastError: errText}},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m, err := s.QueueMail(ctx, notify.Mail{Tenant: 7, To: "buyer@example.jp", Subject: "件名", Text: "本文"})
				if err != nil {
					t.Fatal(err)
				}
				if err := tt.mark(ctx, s, m.ID); err != nil {
					t.Fatal(err)
				}
				got, err := s.Mail(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if (got.SentAt != nil) != (tt.want.SentAt != nil) || (got.SentAt != nil && got.SentAt.Before(got.CreatedAt)) {
					t.Errorf("SentAt = %v (created %v)", got.SentAt, got.CreatedAt)
				}
				ignore := cmpopts.IgnoreFields(notify.Mail{}, "ID", "Tenant", "To", "Subject", "Text", "HTML", "CreatedAt", "SentAt")
				if diff := cmp.Diff(tt.want, got, ignore); diff != "" {
					t.Errorf("after mark (-want +got):\n%s", diff)
				}
			})
		}
		if err := s.MarkMailSent(ctx, 999); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("mark unknown mail: got %v, want ErrNotFound", err)
		}
	})
}

func TestMailQueueValidates(t *testing.T) {
	tests := []struct {
		name  string
		m     notify.Mail
		field string
	}{
		{"bad address", notify.Mail{To: "not an address", Subject: "件名", Text: "本文"}, "to"},
		{"header injection in address", notify.Mail{To: "a@example.jp\r\nBcc: x@example.jp", Subject: "件名", Text: "本文"}, "to"},
		{"header injection in subject", notify.Mail{To: "a@example.jp", Subject: "件名\r\nBcc: x@example.jp", Text: "本文"}, "subject"},
		{"empty subject", notify.Mail{To: "a@example.jp", Subject: " ", Text: "本文"}, "subject"},
		{"empty body", notify.Mail{To: "a@example.jp", Subject: "件名", HTML: "<p>x</p>"}, "text"},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		for _, tt := range tests {
			_, err := s.QueueMail(ctx, tt.m)
			var ve *oroshi.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.field] == "" {
				t.Errorf("%s: got %v, want a validation error on %q", tt.name, err, tt.field)
			}
		}
		if list, err := s.Outbox(ctx, 0); err != nil || len(list) != 0 {
			t.Errorf("invalid mail was stored: %+v, %v", list, err)
		}
	})
}

func TestJobCounts(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		got, err := s.JobCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"available": 0, "cancelled": 0, "completed": 0, "discarded": 0,
			"pending": 0, "retryable": 0, "running": 0, "scheduled": 0}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("JobCounts on an empty queue (-want +got):\n%s", diff)
		}
	})
}
