package sales

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// QuoteService holds the rules of quotes. It prices and places through
// Sales (the same evaluation and placement as the cart and checkout).
type QuoteService struct {
	Sales *Service
	Store QuoteStore
}

// RequestQuote is a buyer's request (見積依頼) for the lines of its cart,
// with a note; the cart is kept. Lines are priced at the buyer's prices
// today as a starting point for staff.
func (s *QuoteService) RequestQuote(ctx context.Context, u BuyerUser, note string, clientAddr string) (Quote, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxRequestLen {
		return Quote{}, oroshi.Invalid("note", fmt.Sprintf("ご要望は%d文字以内で入力してください", MaxRequestLen))
	}
	_, actor, err := s.Sales.placer(ctx, PlaceInput{Tenant: u.Tenant, BuyerID: u.BuyerID, UserID: u.UserID, ClientAddr: clientAddr})
	if err != nil {
		return Quote{}, err
	}
	if err := s.activeBuyer(ctx, u.Tenant, u.BuyerID); err != nil {
		return Quote{}, err
	}
	c, err := s.Sales.Store.Cart(ctx, u.Tenant, u.UserID)
	if err != nil {
		return Quote{}, fmt.Errorf("quote request: cart of user %s: %w", u.UserID, err)
	}
	if len(c.Lines) == 0 {
		return Quote{}, oroshi.Invalid("lines", "カートに商品がありません。見積を依頼する商品をカートに入れてください")
	}
	in := QuoteDraftInput{}
	for _, l := range c.Lines {
		in.Lines = append(in.Lines, QuoteLineInput{SKUID: l.SKUID, Quantity: l.Quantity})
	}
	first, err := s.buildVersion(ctx, u.Tenant, u.BuyerID, in, 1)
	if err != nil {
		return Quote{}, err
	}
	q := Quote{Tenant: u.Tenant, BuyerID: u.BuyerID, Status: QuoteRequested, RequestedBy: u.UserID, RequestNote: note}
	ev := event(actor, u.Tenant, ActionQuoteRequest, TargetQuote, 0)
	ev.Detail = quoteSummary(first)
	ev.Detail["note"] = note
	events := []Event{salesEvent(actor, EventQuoteRequested, map[string]any{"note": note, "lines": len(first.Lines)})}
	return s.create(ctx, q, first, ev, events)
}

// CreateQuote starts a quote for a buyer company as staff (作成中).
func (s *QuoteService) CreateQuote(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, in QuoteDraftInput, actor audit.Actor) (Quote, error) {
	if err := s.activeBuyer(ctx, t, buyerID); err != nil {
		return Quote{}, err
	}
	first, err := s.buildVersion(ctx, t, buyerID, in, 1)
	if err != nil {
		return Quote{}, err
	}
	q := Quote{Tenant: t, BuyerID: buyerID, Status: QuoteDraft, CreatedBy: actor.ID}
	ev := event(actor, t, ActionQuoteCreate, TargetQuote, 0)
	ev.Detail = quoteSummary(first)
	return s.create(ctx, q, first, ev, nil)
}

func (s *QuoteService) create(ctx context.Context, q Quote, first QuoteVersion, ev audit.Event, events []Event) (Quote, error) {
	q.LatestVersion, q.ValidUntil, q.Total = 1, first.ValidUntil, first.Totals.Total
	ev.Detail["buyer_id"] = q.BuyerID.String()
	created, err := s.Store.CreateQuote(ctx, q, first, ev, events)
	if err != nil {
		return Quote{}, fmt.Errorf("create quote for buyer %s: %w", q.BuyerID, err)
	}
	return created, nil
}

// activeBuyer checks that the buyer company exists and may trade.
func (s *QuoteService) activeBuyer(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) error {
	b, err := s.Sales.Store.Buyer(ctx, t, buyerID)
	if err != nil {
		return fmt.Errorf("quote for buyer %s: %w", buyerID, err)
	}
	if !b.Active() {
		return oroshi.Invalid("buyer_id", "この取引先は取引停止中のため見積を作成できません")
	}
	return nil
}

// UpdateDraft saves the draft of a quote 依頼中 or 作成中 (見積（更新）).
// rowVersion is the version the editor was shown (0: do not check).
func (s *QuoteService) UpdateDraft(ctx context.Context, t oroshi.TenantID, id oroshi.ID, rowVersion int64, in QuoteDraftInput, actor audit.Actor) (Quote, error) {
	q, err := s.loadFor(ctx, t, id, rowVersion, QuoteEdit)
	if err != nil {
		return Quote{}, err
	}
	qv, err := s.buildVersion(ctx, t, q.BuyerID, in, q.LatestVersion)
	if err != nil {
		return Quote{}, err
	}
	ev := event(actor, t, ActionQuoteUpdate, TargetQuote, q.ID)
	ev.Detail = quoteSummary(qv)
	return s.change(ctx, q, QuoteEdit, QuoteChange{Draft: &qv, Audit: []audit.Event{ev}})
}

// Issue freezes the draft as the quote's next issued version (見積（発行）);
// the versions issued before are superseded. The validity date is required.
func (s *QuoteService) Issue(ctx context.Context, t oroshi.TenantID, id oroshi.ID, rowVersion int64, actor audit.Actor) (Quote, error) {
	q, err := s.loadFor(ctx, t, id, rowVersion, QuoteIssue)
	if err != nil {
		return Quote{}, err
	}
	draft, ok := q.Draft()
	if !ok {
		return Quote{}, fmt.Errorf("quote %s has no draft: %w", q.Number, ErrQuoteChanged)
	}
	if msg := s.validityProblem(draft.ValidUntil); msg != "" {
		return Quote{}, oroshi.Invalid("valid_until", msg)
	}
	// Checked again: a SKU may have been hidden, or the rounding changed,
	// since the draft was saved.
	qv, err := s.buildVersion(ctx, t, q.BuyerID, draftInputOf(draft), draft.Version)
	if err != nil {
		return Quote{}, err
	}
	ev := event(actor, t, ActionQuoteIssue, TargetQuote, q.ID)
	ev.Detail = quoteSummary(qv)
	detail := map[string]any{"version": qv.Version, "total": int64(qv.Totals.Total), "valid_until": qv.ValidUntil.String()}
	return s.change(ctx, q, QuoteIssue, QuoteChange{Draft: &qv, Issue: qv.Version, IssuedBy: actor.ID,
		Audit: []audit.Event{ev}, Events: []Event{salesEvent(actor, EventQuoteIssued, detail)}})
}

// Revise starts a new draft (version n+1) from the latest issued version
// of an issued or expired quote (見積（改訂）). The issued versions stay as
// they are.
func (s *QuoteService) Revise(ctx context.Context, t oroshi.TenantID, id oroshi.ID, rowVersion int64, actor audit.Actor) (Quote, error) {
	q, err := s.loadFor(ctx, t, id, rowVersion, QuoteRevise)
	if err != nil {
		return Quote{}, err
	}
	latest, ok := q.Version(q.IssuedVersion)
	if !ok {
		return Quote{}, fmt.Errorf("quote %s version %d: %w", q.Number, q.IssuedVersion, oroshi.ErrNotFound)
	}
	next := latest
	next.Version, next.Issued, next.IssuedBy = q.LatestVersion+1, false, 0
	next.IssuedAt = time.Time{}
	next.Lines = append([]QuoteLine(nil), latest.Lines...)
	ev := event(actor, t, ActionQuoteRevise, TargetQuote, q.ID)
	ev.Detail = map[string]any{"from_version": latest.Version, "version": next.Version}
	return s.change(ctx, q, QuoteRevise, QuoteChange{Draft: &next, Audit: []audit.Event{ev}})
}

// Withdraw takes a quote back (見積（取下げ）) with an optional reason.
func (s *QuoteService) Withdraw(ctx context.Context, t oroshi.TenantID, id oroshi.ID, rowVersion int64, reason string, actor audit.Actor) (Quote, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxReasonLen {
		return Quote{}, oroshi.Invalid("reason", fmt.Sprintf("取下げ理由は%d文字以内で入力してください", MaxReasonLen))
	}
	q, err := s.loadFor(ctx, t, id, rowVersion, QuoteWithdraw)
	if err != nil {
		return Quote{}, err
	}
	ev := event(actor, t, ActionQuoteWithdraw, TargetQuote, q.ID)
	ev.Detail = map[string]any{"reason": reason}
	return s.change(ctx, q, QuoteWithdraw, QuoteChange{WithdrawReason: reason, Audit: []audit.Event{ev}})
}

// loadFor reads a quote and checks that action a is possible on it now and
// that it is still at rowVersion (when not 0).
func (s *QuoteService) loadFor(ctx context.Context, t oroshi.TenantID, id oroshi.ID, rowVersion int64, a QuoteAction) (Quote, error) {
	q, err := s.Quote(ctx, t, id)
	if err != nil {
		return Quote{}, err
	}
	if rowVersion != 0 && rowVersion != q.RowVersion {
		return Quote{}, quoteChanged()
	}
	if _, err := NextQuote(q.StatusOn(s.Sales.today()), a); err != nil {
		return Quote{}, fmt.Errorf("quote %s: %w", q.Number, err)
	}
	return q, nil
}

// change has the store apply ch to q (guarded by its status and row
// version) and returns the quote as it is then.
func (s *QuoteService) change(ctx context.Context, q Quote, a QuoteAction, ch QuoteChange) (Quote, error) {
	to, err := NextQuote(q.StatusOn(s.Sales.today()), a)
	if err != nil {
		return Quote{}, err
	}
	ch.QuoteID, ch.From, ch.To, ch.RowVersion = q.ID, q.Status, to, q.RowVersion
	for i := range ch.Audit {
		ch.Audit[i].Detail["number"] = q.Number
		ch.Audit[i].Detail["status"] = audit.Change{Before: q.Status.Label(), After: to.Label()}
	}
	for i := range ch.Events {
		ch.Events[i].QuoteID = q.ID
		ch.Events[i].Detail["number"] = q.Number
	}
	if err := s.Store.ChangeQuote(ctx, q.Tenant, ch); err != nil {
		return Quote{}, fmt.Errorf("quote %s %s: %w", q.Number, a, err)
	}
	return s.Quote(ctx, q.Tenant, q.ID)
}

// MsgQuoteChanged is the refusal of a change to a quote someone else
// changed meanwhile.
const MsgQuoteChanged = "見積が他の操作で変更されました。画面を開き直してください"

func quoteChanged() error {
	return &Problem{Msg: MsgQuoteChanged, Kinds: []error{oroshi.ErrConflict, ErrQuoteChanged}}
}
