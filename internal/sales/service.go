package sales

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// Audit actions (操作履歴) and the target type.
const (
	ActionOrderPlace          = "注文（受付）"
	ActionOrderProxy          = "注文（代理入力）"
	ActionOrderAutoApprove    = "注文（自動承認）"
	ActionOrderApprove        = "注文（承認）"
	ActionOrderCancelApproval = "注文（承認取消）"
	ActionOrderShip           = "注文（出荷）"
	ActionOrderInvoice        = "注文（請求済）"
	ActionOrderComplete       = "注文（完了）"
	ActionOrderCancel         = "注文（キャンセル）"
	ActionOrderBuyerApprove   = "注文（社内承認）"
	ActionOrderBuyerReject    = "注文（社内否認）"
	ActionBuyerSettings       = "取引先注文設定（更新）"
	ActionSettings            = "販売設定（更新）"

	TargetOrder         = "order"
	TargetBuyerSettings = "buyer_sales_settings"
	TargetUserLimit     = "buyer_user_order_limit"
	TargetSettings      = "sales_settings"
)

// Service holds the rules of ordering. Store and Pricing are required.
type Service struct {
	Store   Store
	Pricing *pricing.Service
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// BusinessDay tells whether a JST day (midnight JST) is a business day;
	// app wiring sets holiday.IsBusinessDay. nil: Monday to Friday.
	BusinessDay func(time.Time) bool
	// Credit checks credit limits at checkout (see credit.go); nil: none.
	Credit CreditChecker
}

// BuyerUser is a shop user acting for their buyer company (from the session).
type BuyerUser struct {
	Tenant  oroshi.TenantID
	BuyerID oroshi.ID
	UserID  oroshi.ID
}

// Problem is a refusal with a Japanese message for people. It matches each
// of Kinds with errors.Is (oroshi.ErrConflict, ErrStaleCart …).
type Problem struct {
	Msg   string
	Kinds []error
}

func (p *Problem) Error() string   { return p.Msg }
func (p *Problem) Unwrap() []error { return p.Kinds }

// Message is the Japanese text for people.
func (p *Problem) Message() string { return p.Msg }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// today is the current JST date.
func (s *Service) today() pricing.Date { return pricing.DateOf(s.now()) }

func event(actor audit.Actor, t oroshi.TenantID, action, target string, id oroshi.ID) audit.Event {
	idText := ""
	if id != 0 {
		idText = id.String()
	}
	ev := actor.Event(action, target, idText)
	ev.Tenant = t
	return ev
}

// Settings returns the tenant's sales settings.
func (s *Service) Settings(ctx context.Context, t oroshi.TenantID) (Settings, error) {
	st, err := s.Store.SalesSettings(ctx, t)
	if err != nil {
		return Settings{}, fmt.Errorf("sales settings: %w", err)
	}
	return st, nil
}

// SaveSettings stores the tenant's sales settings (販売設定).
func (s *Service) SaveSettings(ctx context.Context, t oroshi.TenantID, st Settings, actor audit.Actor) error {
	if !validRounding(st.TaxRounding) {
		return oroshi.Invalid("tax_rounding", "消費税の端数処理を選んでください")
	}
	before, err := s.Settings(ctx, t)
	if err != nil {
		return err
	}
	diff := audit.Diff(map[string]any{"tax_rounding": before.TaxRounding.Label()},
		map[string]any{"tax_rounding": st.TaxRounding.Label()})
	if len(diff) == 0 {
		return nil
	}
	ev := event(actor, t, ActionSettings, TargetSettings, 0)
	ev.Detail = diff
	if err := s.Store.SaveSalesSettings(ctx, t, st, ev); err != nil {
		return fmt.Errorf("save sales settings: %w", err)
	}
	return nil
}

// BuyerSettings returns a buyer company's ordering settings.
func (s *Service) BuyerSettings(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (BuyerSettings, error) {
	bs, err := s.Store.BuyerSettings(ctx, t, buyerID)
	if err != nil {
		return BuyerSettings{}, fmt.Errorf("buyer %s sales settings: %w", buyerID, err)
	}
	bs.BuyerID = buyerID
	return bs, nil
}

// SaveBuyerSettings stores a buyer company's ordering settings. The
// approver, when set, must be an active seller staff member.
func (s *Service) SaveBuyerSettings(ctx context.Context, t oroshi.TenantID, bs BuyerSettings, actor audit.Actor) error {
	if _, err := s.Store.Buyer(ctx, t, bs.BuyerID); err != nil {
		return fmt.Errorf("buyer settings: buyer %s: %w", bs.BuyerID, err)
	}
	if bs.ApproverUserID != 0 {
		u, err := s.Store.User(ctx, t, bs.ApproverUserID)
		if errors.Is(err, oroshi.ErrNotFound) || err == nil && (u.Realm != identity.RealmAdmin || u.Status != identity.StatusActive) {
			return oroshi.Invalid("approver_user_id", "承認担当者は有効な担当者アカウントから選んでください")
		}
		if err != nil {
			return fmt.Errorf("buyer settings: approver %s: %w", bs.ApproverUserID, err)
		}
	}
	before, err := s.BuyerSettings(ctx, t, bs.BuyerID)
	if err != nil {
		return err
	}
	diff := audit.Diff(buyerSettingsMap(before), buyerSettingsMap(bs))
	if len(diff) == 0 {
		return nil
	}
	ev := event(actor, t, ActionBuyerSettings, TargetBuyerSettings, bs.BuyerID)
	ev.Detail = diff
	if err := s.Store.SaveBuyerSettings(ctx, t, bs, ev); err != nil {
		return fmt.Errorf("save buyer %s settings: %w", bs.BuyerID, err)
	}
	return nil
}

func buyerSettingsMap(bs BuyerSettings) map[string]any {
	return map[string]any{"buyer_approval": bs.BuyerApproval, "auto_approve": bs.AutoApprove,
		"approver_user_id": bs.ApproverUserID.String()}
}

// UserLimit returns a buyer user's order limit (0: none).
func (s *Service) UserLimit(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (UserLimit, error) {
	ul, err := s.Store.UserLimit(ctx, t, userID)
	if err != nil {
		return UserLimit{}, fmt.Errorf("user %s order limit: %w", userID, err)
	}
	ul.UserID = userID
	return ul, nil
}

// SaveUserLimit sets a shop user's order limit (tax included, 0: none).
func (s *Service) SaveUserLimit(ctx context.Context, t oroshi.TenantID, ul UserLimit, actor audit.Actor) error {
	if ul.OrderLimit < 0 || ul.OrderLimit > MaxOrderLimit {
		return oroshi.Invalid("order_limit", "発注上限額は0円以上（0は上限なし）で入力してください")
	}
	u, err := s.Store.User(ctx, t, ul.UserID)
	if err != nil {
		return fmt.Errorf("order limit: user %s: %w", ul.UserID, err)
	}
	if u.Realm != identity.RealmShop {
		return oroshi.Invalid("user_id", "発注上限額は取引先のユーザーにだけ設定できます")
	}
	before, err := s.UserLimit(ctx, t, ul.UserID)
	if err != nil {
		return err
	}
	if before.OrderLimit == ul.OrderLimit {
		return nil
	}
	ev := event(actor, t, ActionBuyerSettings, TargetUserLimit, ul.UserID)
	ev.Detail = map[string]any{"buyer_id": u.BuyerID.String(), "email": u.Email,
		"order_limit": audit.Change{Before: int64(before.OrderLimit), After: int64(ul.OrderLimit)}}
	if err := s.Store.SaveUserLimit(ctx, t, ul, ev); err != nil {
		return fmt.Errorf("save user %s order limit: %w", ul.UserID, err)
	}
	return nil
}

// SalesEvent returns one sales event (for the dispatchers).
func (s *Service) SalesEvent(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Event, error) {
	e, err := s.Store.SalesEvent(ctx, t, id)
	if err != nil {
		return Event{}, fmt.Errorf("sales event %s: %w", id, err)
	}
	return e, nil
}
