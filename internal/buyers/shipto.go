package buyers

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// ShipTo is a delivery address (納品先) of a buyer company. A company with
// ship-tos has exactly one default, the one checkout preselects.
type ShipTo struct {
	ID         oroshi.ID
	Tenant     oroshi.TenantID
	BuyerID    oroshi.ID
	Label      string // the buyer's name for it: 本店, 第二倉庫
	Recipient  string // 宛名 on the slip, when not the company itself
	PostalCode string // NNN-NNNN
	Address    string
	Phone      string
	IsDefault  bool
	Position   int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ShipToStore keeps ship-tos. Every change holds the buyer's row lock, so
// concurrent changes of one company's ship-tos happen one after the other
// and the one-default rule holds whatever their interleaving.
type ShipToStore interface {
	// ShipTos lists a buyer's ship-tos, default first, then by position.
	ShipTos(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]ShipTo, error)
	// ShipTo returns one ship-to of buyerID.
	ShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (ShipTo, error)
	// CreateShipTo adds st after the others. It becomes the default when it
	// asks to or is the buyer's first; the others then lose the flag.
	CreateShipTo(ctx context.Context, st ShipTo, ev audit.Event) (ShipTo, error)
	// UpdateShipTo saves st's address fields; IsDefault true makes it the
	// default, false leaves the flag as it is (a default is replaced, never
	// removed).
	UpdateShipTo(ctx context.Context, st ShipTo, ev audit.Event) (ShipTo, error)
	// SetDefaultShipTo makes one ship-to the default and unsets the others.
	SetDefaultShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, ev audit.Event) error
	// DeleteShipTo removes one; if it was the default, the oldest remaining
	// ship-to becomes the default.
	DeleteShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, ev audit.Event) error
}

// MaxShipTos bounds the ship-tos of one company (a checkout select stays usable).
const MaxShipTos = 200

// Audit actions on ship-tos.
const (
	ActionShipToCreate = "納品先（作成）"
	ActionShipToUpdate = "納品先（更新）"
	ActionShipToDelete = "納品先（削除）"
)

// NormalizeShipTo folds widths and puts postal code and phone in form.
func NormalizeShipTo(st ShipTo) ShipTo {
	st.Label, st.Recipient, st.Address = Fold(st.Label), Fold(st.Recipient), Fold(st.Address)
	st.PostalCode, _ = NormalizePostalCode(st.PostalCode)
	st.Phone, _ = NormalizePhone(st.Phone)
	return st
}

// ValidateShipTo checks a normalised ship-to. A delivery needs a postal
// code and an address; the phone is optional.
func ValidateShipTo(st ShipTo) error {
	v := &oroshi.ValidationError{}
	checkLen(v, "label", st.Label, 1, 50, "納品先名を50文字以内で入力してください")
	checkLen(v, "recipient", st.Recipient, 0, 100, "宛名は100文字以内で入力してください")
	if pc, ok := NormalizePostalCode(st.PostalCode); !ok || pc == "" {
		v.Add("postal_code", "郵便番号は7桁の数字（例: 123-4567）で入力してください")
	}
	checkLen(v, "address", st.Address, 1, 200, "住所を200文字以内で入力してください")
	if _, ok := NormalizePhone(st.Phone); !ok {
		v.Add("phone", "電話番号は数字とハイフンで10〜15桁を入力してください")
	}
	return v.Err()
}

// ShipTos lists a buyer's ship-tos, default first.
func (s *Service) ShipTos(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]ShipTo, error) {
	return s.Store.ShipTos(ctx, t, buyerID)
}

// ShipTo returns one ship-to of a buyer; one of another buyer is not found,
// so a shop user can only pick its own company's addresses.
func (s *Service) ShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (ShipTo, error) {
	return s.Store.ShipTo(ctx, t, buyerID, id)
}

// CreateShipTo adds a ship-to to a buyer company of st.Tenant.
func (s *Service) CreateShipTo(ctx context.Context, st ShipTo, actor audit.Actor) (ShipTo, error) {
	st = NormalizeShipTo(st)
	if err := ValidateShipTo(st); err != nil {
		return ShipTo{}, err
	}
	existing, err := s.Store.ShipTos(ctx, st.Tenant, st.BuyerID)
	if err != nil {
		return ShipTo{}, fmt.Errorf("create ship-to: %w", err)
	}
	if len(existing) >= MaxShipTos {
		return ShipTo{}, oroshi.Invalid("label", fmt.Sprintf("納品先は1社につき%d件までです", MaxShipTos))
	}
	ev := actor.Event(ActionShipToCreate, "ship_to", "")
	ev.Tenant = st.Tenant
	ev.Detail = shipToMap(st)
	ev.Detail["buyer_id"] = st.BuyerID.String()
	created, err := s.Store.CreateShipTo(ctx, st, ev)
	if err != nil {
		return ShipTo{}, fmt.Errorf("create ship-to of buyer %s: %w", st.BuyerID, err)
	}
	return created, nil
}

// UpdateShipTo saves a ship-to's fields; IsDefault true also makes it the
// default (false cannot remove the default: choose another one instead).
func (s *Service) UpdateShipTo(ctx context.Context, st ShipTo, actor audit.Actor) (ShipTo, error) {
	before, err := s.Store.ShipTo(ctx, st.Tenant, st.BuyerID, st.ID)
	if err != nil {
		return ShipTo{}, fmt.Errorf("update ship-to %s: %w", st.ID, err)
	}
	st = NormalizeShipTo(st)
	if err := ValidateShipTo(st); err != nil {
		return ShipTo{}, err
	}
	st.IsDefault = st.IsDefault || before.IsDefault
	diff := audit.Diff(shipToMap(before), shipToMap(st))
	if len(diff) == 0 {
		return before, nil
	}
	ev := actor.Event(ActionShipToUpdate, "ship_to", st.ID.String())
	ev.Tenant = st.Tenant
	ev.Detail = diff
	updated, err := s.Store.UpdateShipTo(ctx, st, ev)
	if err != nil {
		return ShipTo{}, fmt.Errorf("update ship-to %s: %w", st.ID, err)
	}
	return updated, nil
}

// SetDefaultShipTo makes one ship-to its company's default.
func (s *Service) SetDefaultShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, actor audit.Actor) error {
	before, err := s.Store.ShipTo(ctx, t, buyerID, id)
	if err != nil {
		return fmt.Errorf("default ship-to %s: %w", id, err)
	}
	if before.IsDefault {
		return nil
	}
	ev := actor.Event(ActionShipToUpdate, "ship_to", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"is_default": audit.Change{Before: false, After: true}}
	if err := s.Store.SetDefaultShipTo(ctx, t, buyerID, id, ev); err != nil {
		return fmt.Errorf("default ship-to %s: %w", id, err)
	}
	return nil
}

// DeleteShipTo removes a ship-to; a deleted default passes to the oldest
// remaining one.
func (s *Service) DeleteShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, actor audit.Actor) error {
	before, err := s.Store.ShipTo(ctx, t, buyerID, id)
	if err != nil {
		return fmt.Errorf("delete ship-to %s: %w", id, err)
	}
	ev := actor.Event(ActionShipToDelete, "ship_to", id.String())
	ev.Tenant = t
	ev.Detail = shipToMap(before)
	ev.Detail["buyer_id"] = buyerID.String()
	if err := s.Store.DeleteShipTo(ctx, t, buyerID, id, ev); err != nil {
		return fmt.Errorf("delete ship-to %s: %w", id, err)
	}
	return nil
}

func shipToMap(st ShipTo) map[string]any {
	return map[string]any{"label": st.Label, "recipient": st.Recipient, "postal_code": st.PostalCode,
		"address": st.Address, "phone": st.Phone, "is_default": st.IsDefault}
}
