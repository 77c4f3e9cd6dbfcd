package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Service holds the rules of billing. Store and Sales are required: Sales
// moves per-order invoiced orders to 請求済 by its own lifecycle rules.
type Service struct {
	Store Store
	Sales *sales.Service
	// Documents issues the 請求書 of each new invoice and the 返還請求書 of
	// each credit note; nil issues none (they can be issued later).
	Documents DocumentIssuer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// QueueDocuments makes closings queue each new invoice's 請求書 PDF as a
	// job (serve renders them after the closing) instead of rendering it
	// inline; it needs a job queue, so app sets it.
	QueueDocuments bool
	// Workers is how many buyers a monthly closing closes at once (0 or 1:
	// one after the other). SQLite has one writer: keep 1 there.
	Workers int
}

// SystemActor is the actor of the scheduled closing.
var SystemActor = audit.Actor{Realm: audit.RealmSystem}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Today is the current JST date.
func (s *Service) Today() pricing.Date { return pricing.DateOf(s.now()) }

func event(actor audit.Actor, t oroshi.TenantID, action, target string, id oroshi.ID) audit.Event {
	idText := ""
	if id != 0 {
		idText = id.String()
	}
	ev := actor.Event(action, target, idText)
	ev.Tenant = t
	return ev
}

// Settings returns the tenant's billing settings.
func (s *Service) Settings(ctx context.Context, t oroshi.TenantID) (Settings, error) {
	st, err := s.Store.BillingSettings(ctx, t)
	if err != nil {
		return Settings{}, fmt.Errorf("billing settings: %w", err)
	}
	return st, nil
}

// SaveSettings stores the tenant's billing settings (請求設定).
func (s *Service) SaveSettings(ctx context.Context, t oroshi.TenantID, st Settings, actor audit.Actor) error {
	v := &oroshi.ValidationError{}
	if st.Mode != ModeMonthly && st.Mode != ModePerOrder {
		v.Add("mode", "請求方法を選んでください")
	}
	if st.Method != MethodDetailed && st.Method != MethodSlips {
		v.Add("method", "適格請求書の方式を選んでください")
	}
	if err := v.Err(); err != nil {
		return err
	}
	before, err := s.Settings(ctx, t)
	if err != nil {
		return err
	}
	diff := audit.Diff(map[string]any{"mode": before.Mode.Label(), "method": before.Method.Label()},
		map[string]any{"mode": st.Mode.Label(), "method": st.Method.Label()})
	if len(diff) == 0 {
		return nil
	}
	ev := event(actor, t, ActionSettings, TargetSettings, 0)
	ev.Detail = diff
	if err := s.Store.SaveBillingSettings(ctx, t, st, ev); err != nil {
		return fmt.Errorf("save billing settings: %w", err)
	}
	return nil
}

// Invoice returns one invoice with its lines and payments.
func (s *Service) Invoice(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Invoice, error) {
	iv, err := s.Store.Invoice(ctx, t, id)
	if err != nil {
		return Invoice{}, fmt.Errorf("invoice %s: %w", id, err)
	}
	return iv, nil
}

// MaxLimit bounds a list page.
const MaxLimit = 200

// Invoices lists invoices, newest first.
func (s *Service) Invoices(ctx context.Context, t oroshi.TenantID, f Filter) ([]Invoice, error) {
	v := &oroshi.ValidationError{}
	if f.Status != "" && !f.Status.Valid() {
		v.Add("status", "入金状況の指定が正しくありません")
	}
	if !f.From.IsZero() && !f.From.Valid() {
		v.Add("from", "期間（開始）が正しくありません")
	}
	if !f.To.IsZero() && !f.To.Valid() {
		v.Add("to", "期間（終了）が正しくありません")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = 50
	}
	list, err := s.Store.Invoices(ctx, t, f)
	if err != nil {
		return nil, fmt.Errorf("invoices: %w", err)
	}
	return list, nil
}

// Balance is a buyer's billing position.
func (s *Service) Balance(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (Balance, error) {
	if _, err := s.Store.Buyer(ctx, t, buyerID); err != nil {
		return Balance{}, fmt.Errorf("balance of buyer %s: %w", buyerID, err)
	}
	b, err := s.Store.Balance(ctx, t, buyerID)
	if err != nil {
		return Balance{}, fmt.Errorf("balance of buyer %s: %w", buyerID, err)
	}
	b.BuyerID = buyerID
	return b, nil
}

// Aging is the 未回収一覧 as of today.
func (s *Service) Aging(ctx context.Context, t oroshi.TenantID) (Aging, error) {
	items, err := s.Store.OpenItems(ctx, t)
	if err != nil {
		return Aging{}, fmt.Errorf("aging: %w", err)
	}
	return BuildAging(items, s.Today()), nil
}

// Payments lists payments (newest last, by ID).
func (s *Service) Payments(ctx context.Context, t oroshi.TenantID, f PaymentFilter) ([]Payment, error) {
	ps, err := s.Store.Payments(ctx, t, f)
	if err != nil {
		return nil, fmt.Errorf("payments: %w", err)
	}
	return ps, nil
}
