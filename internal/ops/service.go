package ops

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// Store keeps windows, the switch and announcements. Scheduling and
// canceling queue one mail per admin and owner of every active tenant
// (letter composes each), in the same transaction as the change and its
// operation-history entry.
type Store interface {
	StatusSource
	ScheduleWindow(ctx context.Context, w Window, letter func(Recipient) notify.Mail, actor audit.Actor) (Window, int, error)
	CancelWindow(ctx context.Context, id oroshi.ID, letter func(Window, Recipient) notify.Mail, actor audit.Actor) (Window, error)
	Windows(ctx context.Context, limit int) ([]Window, error)
	SetMaintenanceMode(ctx context.Context, m Mode, actor audit.Actor) error
	CreateAnnouncement(ctx context.Context, a Announcement, actor audit.Actor) (Announcement, error)
	DeleteAnnouncement(ctx context.Context, id oroshi.ID, actor audit.Actor) error
	Announcements(ctx context.Context, limit int) ([]Announcement, error)
	// AnnouncementsFor lists what tenant t's audience ("admin" or "shop")
	// sees at now, newest first.
	AnnouncementsFor(ctx context.Context, t oroshi.TenantID, audience string, now time.Time, limit int) ([]Announcement, error)
}

// Service applies the rules before the store records.
type Service struct {
	Store Store
	Now   func() time.Time
	Gate  *Gate // forgotten after each change, so this instance sees it at once
}

// Schedule checks and records a maintenance window or a service-end notice
// (w.Kind KindServiceEnd) and tells every tenant admin; it returns the
// number of mails queued.
func (s *Service) Schedule(ctx context.Context, w Window, actor audit.Actor) (Window, int, error) {
	now := s.Now()
	check := CheckWindow
	if w.Kind == KindServiceEnd {
		check = CheckServiceEnd
		w.Start, w.Stop = w.End, false
	}
	if err := check(w, now); err != nil {
		return Window{}, 0, err
	}
	w.CreatedBy, w.CreatedAt = actor.ID, now
	out, n, err := s.Store.ScheduleWindow(ctx, w, func(r Recipient) notify.Mail { return Letter(w, r) }, actor)
	s.forget()
	return out, n, err
}

// Cancel calls a window off and tells the tenants; a window already over
// or canceled wraps oroshi.ErrConflict.
func (s *Service) Cancel(ctx context.Context, id oroshi.ID, actor audit.Actor) error {
	_, err := s.Store.CancelWindow(ctx, id, CancelLetter, actor)
	s.forget()
	if err != nil {
		return fmt.Errorf("cancel maintenance %s: %w", id, err)
	}
	return nil
}

// SetMode switches maintenance mode on or off at once.
func (s *Service) SetMode(ctx context.Context, m Mode, actor audit.Actor) error {
	if m.On {
		v := &oroshi.ValidationError{}
		if m.Until != nil && !m.Until.After(s.Now()) {
			v.Add("until", "終了予定は現在より後にしてください。")
		}
		if len([]rune(m.Message)) > MaxMessage {
			v.Add("message", "メッセージが長すぎます。")
		}
		if err := v.Err(); err != nil {
			return err
		}
	} else {
		m.Message, m.Until = "", nil
	}
	m.UpdatedBy, m.UpdatedAt = actor.ID, s.Now()
	err := s.Store.SetMaintenanceMode(ctx, m, actor)
	s.forget()
	return err
}

// Announce checks and publishes an operator announcement.
func (s *Service) Announce(ctx context.Context, a Announcement, actor audit.Actor) (Announcement, error) {
	a, err := CheckAnnouncement(a, s.Now())
	if err != nil {
		return Announcement{}, err
	}
	a.CreatedBy, a.CreatedAt = actor.ID, s.Now()
	return s.Store.CreateAnnouncement(ctx, a, actor)
}

// Visible lists the announcements tenant t's audience sees now.
func (s *Service) Visible(ctx context.Context, t oroshi.TenantID, audience string) ([]Announcement, error) {
	return s.Store.AnnouncementsFor(ctx, t, audience, s.Now(), 10)
}

func (s *Service) forget() {
	if s.Gate != nil {
		s.Gate.Forget()
	}
}
