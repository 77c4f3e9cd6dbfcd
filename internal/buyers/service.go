package buyers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/customfields"
)

// Audit actions on buyer companies.
const (
	ActionCreate  = "顧客データ（作成）"
	ActionUpdate  = "顧客データ（更新）"
	ActionSuspend = "顧客データ（停止）"
	ActionResume  = "顧客データ（再開）"
)

// Create validates and stores a new, active buyer company.
func (s *Service) Create(ctx context.Context, b Buyer, actor audit.Actor) (Buyer, error) {
	b.Status = StatusActive
	b, err := s.check(ctx, b)
	if err != nil {
		return Buyer{}, err
	}
	ev := actor.Event(ActionCreate, "buyer", "")
	ev.Tenant = b.Tenant
	ev.Detail = fieldMap(b)
	created, err := s.Store.CreateBuyer(ctx, b, ev)
	if err != nil {
		return Buyer{}, storeErr("create buyer "+b.Code, err)
	}
	return created, nil
}

// Update saves every field of b but its status (see Suspend and Resume).
// Custom holds all custom values: a key left out is cleared, and values of
// deleted fields are dropped. b.UpdatedAt is the version the caller read
// (a form carries it); when someone saved the buyer since, Update wraps
// ErrStale and changes nothing. A zero UpdatedAt (CSV import, API PUT)
// skips that check. Nothing is written, and no history recorded, when
// nothing changed.
func (s *Service) Update(ctx context.Context, b Buyer, actor audit.Actor) (Buyer, error) {
	before, err := s.Store.Buyer(ctx, b.Tenant, b.ID)
	if err != nil {
		return Buyer{}, fmt.Errorf("update buyer %s: %w", b.ID, err)
	}
	if !b.UpdatedAt.IsZero() && !b.UpdatedAt.Equal(before.UpdatedAt) {
		return Buyer{}, fmt.Errorf("update buyer %s: %w", b.ID, ErrStale)
	}
	b.Status, b.CreatedAt, b.UpdatedAt = before.Status, before.CreatedAt, before.UpdatedAt
	b, err = s.check(ctx, b)
	if err != nil {
		return Buyer{}, err
	}
	diff := audit.Diff(fieldMap(before), fieldMap(b))
	if len(diff) == 0 {
		return before, nil
	}
	ev := actor.Event(ActionUpdate, "buyer", b.ID.String())
	ev.Tenant = b.Tenant
	ev.Detail = diff
	updated, err := s.Store.UpdateBuyer(ctx, b, ev)
	if err != nil {
		return Buyer{}, storeErr("update buyer "+b.ID.String(), err)
	}
	return updated, nil
}

// check normalises b and validates it with its tenant's custom fields,
// reporting every problem at once so a form can mark them all.
func (s *Service) check(ctx context.Context, b Buyer) (Buyer, error) {
	b = Normalize(b)
	v := &oroshi.ValidationError{}
	if err := Validate(b); err != nil {
		mergeInto(v, err)
	}
	defs, err := s.Store.CustomFields(ctx, b.Tenant, customfields.EntityBuyer)
	if err != nil {
		return Buyer{}, fmt.Errorf("buyer custom fields: %w", err)
	}
	custom, err := customfields.Validate(defs, b.Custom)
	if err != nil {
		mergeInto(v, err)
	}
	b.Custom = custom
	if err := v.Err(); err != nil {
		return Buyer{}, err
	}
	return b, nil
}

func mergeInto(v *oroshi.ValidationError, err error) {
	var ve *oroshi.ValidationError
	if errors.As(err, &ve) {
		for k, m := range ve.Fields {
			v.Add(k, m)
		}
	}
}

// storeErr turns the store's rule errors into form messages.
func storeErr(op string, err error) error {
	switch {
	case errors.Is(err, ErrStale):
		return fmt.Errorf("%s: %w", op, err)
	case errors.Is(err, ErrUnknownPriceGroup):
		return oroshi.Invalid("price_group", "価格グループが見つかりません")
	case errors.Is(err, oroshi.ErrConflict):
		return oroshi.Invalid("code", "この取引先コードは既に使われています")
	}
	return fmt.Errorf("%s: %w", op, err)
}

// fieldMap is b as the history shows it, keyed like customfields.Builtins
// and custom.<key>.
func fieldMap(b Buyer) map[string]any {
	m := map[string]any{
		"code": b.Code, "name": b.Name, "kana": b.Kana, "postal_code": b.PostalCode,
		"address": b.Address, "phone": b.Phone, "billing_name": b.BillingName,
		"billing_email": b.BillingEmail, "price_group": idText(b.PriceGroupID),
		"closing_day": ClosingDayLabel(b.ClosingDay), "payment_terms": b.PaymentTerms.Label(),
		"credit_limit": int64(b.CreditLimit), "payment_method": b.PaymentMethod, "status": b.Status,
	}
	for k, v := range b.Custom {
		m[customfields.ErrKey(k)] = v
	}
	return m
}

// idText writes an ID as text in the history (JSON numbers lose digits in
// JavaScript), "" for none.
func idText(id oroshi.ID) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

// Suspend stops a buyer company: its users can no longer sign in, and
// their open sessions end at once.
func (s *Service) Suspend(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	return s.setStatus(ctx, t, id, StatusSuspended, ActionSuspend, actor)
}

// Resume lets a suspended buyer company's users sign in again.
func (s *Service) Resume(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	return s.setStatus(ctx, t, id, StatusActive, ActionResume, actor)
}

func (s *Service) setStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status, action string, actor audit.Actor) error {
	b, err := s.Store.Buyer(ctx, t, id)
	if err != nil {
		return fmt.Errorf("%s %s: %w", action, id, err)
	}
	if b.Status == status {
		return nil
	}
	ev := actor.Event(action, "buyer", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"status": audit.Change{Before: b.Status, After: status}}
	if err := s.Store.SetBuyerStatus(ctx, t, id, status, ev); err != nil {
		return fmt.Errorf("%s %s: %w", action, id, err)
	}
	return nil
}

// Buyer returns one buyer company of tenant t.
func (s *Service) Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Buyer, error) {
	return s.Store.Buyer(ctx, t, id)
}

// Standing returns the buyer's status and price group (see Store).
func (s *Service) Standing(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Standing, error) {
	return s.Store.BuyerStanding(ctx, t, id)
}

// Detail is a buyer company with its ship-to addresses, default first.
type Detail struct {
	Buyer   Buyer
	ShipTos []ShipTo
}

// Detail returns a buyer company and its ship-to addresses.
func (s *Service) Detail(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (Detail, error) {
	b, err := s.Store.Buyer(ctx, t, id)
	if err != nil {
		return Detail{}, err
	}
	sts, err := s.Store.ShipTos(ctx, t, id)
	if err != nil {
		return Detail{}, fmt.Errorf("buyer %s ship-tos: %w", id, err)
	}
	return Detail{Buyer: b, ShipTos: sts}, nil
}

// CheckSignIn tells whether a shop user's company lets them in: a user of
// a suspended (or missing) buyer wraps ErrUnauthorized. Identity and web
// call it at sign-in and on every authenticated shop request.
func (s *Service) CheckSignIn(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) error {
	b, err := s.Store.Buyer(ctx, t, buyerID)
	if errors.Is(err, oroshi.ErrNotFound) || (err == nil && !b.Active()) {
		return fmt.Errorf("buyer %s is not active: %w", buyerID, oroshi.ErrUnauthorized)
	}
	return err
}

// Filter selects buyers for a list.
type Filter struct {
	// Query matches code, name or kana by substring, after Fold; a query in
	// hiragana also matches the kana.
	Query        string
	PriceGroupID oroshi.ID // 0: any group (or none)
	Status       string    // "": any
	Limit        int       // 0: DefaultLimit; at most MaxLimit
	Offset       int
}

// Page sizes of a buyer list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page is one page of a buyer list and how many match in all.
type Page struct {
	Buyers []Buyer
	Total  int
	Filter Filter // as applied (normalised query, limit)
}

// List returns the buyers of tenant t matching f, ordered by code.
func (s *Service) List(ctx context.Context, t oroshi.TenantID, f Filter) (Page, error) {
	f.Query = Fold(f.Query)
	if utf8.RuneCountInString(f.Query) > 100 {
		return Page{}, oroshi.Invalid("q", "検索語は100文字以内で入力してください")
	}
	if f.Status != "" && f.Status != StatusActive && f.Status != StatusSuspended {
		return Page{}, oroshi.Invalid("status", "状態の指定が正しくありません")
	}
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	f.Limit, f.Offset = min(f.Limit, MaxLimit), max(f.Offset, 0)
	list, total, err := s.Store.Buyers(ctx, t, f)
	if err != nil {
		return Page{}, fmt.Errorf("list buyers: %w", err)
	}
	return Page{Buyers: list, Total: total, Filter: f}, nil
}

// LikePatterns are the LIKE patterns of a normalised query, for the store:
// one for code and name, one for kana (in katakana), both in lower case, with the
// LIKE wildcards of the query escaped by backslash.
func LikePatterns(query string) (text, kana string) {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + esc.Replace(strings.ToLower(query)) + "%", "%" + esc.Replace(strings.ToLower(Katakana(query))) + "%"
}
