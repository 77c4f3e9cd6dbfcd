package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
)

// recordTimeout bounds how long recording an outcome may take once the
// server has answered.
const recordTimeout = 10 * time.Second

// maxErrorLen keeps a chatty server's reply from bloating the outbox.
const maxErrorLen = 1000

// Deliver sends outbox mail id once; it is the body of the send job. A mail
// already sent or failed is left alone, because a job may run more than
// once. Without a server the mail is held. A failed attempt is recorded and
// returned so the job is retried; final (the last attempt) or a permanent
// rejection marks the mail failed. A missing mail wraps oroshi.ErrNotFound.
func (s Service) Deliver(ctx context.Context, id oroshi.ID, final bool) error {
	m, err := s.Store.Mail(ctx, id)
	if err != nil {
		return fmt.Errorf("deliver mail %s: %w", id, err)
	}
	if m.Status == StatusSent || m.Status == StatusFailed {
		return nil
	}
	sendErr := ErrNotConfigured
	if s.Sender != nil {
		if m, sendErr = s.attach(ctx, m); sendErr == nil {
			sendErr = s.Sender.Send(ctx, m)
		}
	}
	// The server has answered: record that even if the job's context ends
	// now (shutdown), or an accepted mail would be sent a second time.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	return s.record(rctx, m, sendErr, final)
}

func (s Service) record(ctx context.Context, m Mail, sendErr error, final bool) error {
	var err error
	switch {
	case sendErr == nil:
		err = s.Store.MarkMailSent(ctx, m.ID)
	case errors.Is(sendErr, ErrNotConfigured):
		if m.Status == StatusHeld {
			return nil
		}
		err = s.Store.MarkMailHeld(ctx, m.ID)
	default:
		giveUp := final || errors.Is(sendErr, ErrRejected) || permanent(sendErr)
		if err := s.Store.MarkMailAttemptFailed(ctx, m.ID, truncate(sendErr.Error(), maxErrorLen), giveUp); err != nil {
			return fmt.Errorf("send mail %s: %w (and recording it: %v)", m.ID, sendErr, err)
		}
		return fmt.Errorf("send mail %s: %w", m.ID, sendErr)
	}
	if err != nil {
		return fmt.Errorf("record mail %s: %w", m.ID, err)
	}
	return nil
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
