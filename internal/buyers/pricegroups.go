package buyers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

// PriceGroup is a price group or rank (価格グループ／ランク) of one tenant.
// A buyer belongs to at most one; the pricing package keeps the price lists
// of each group.
type PriceGroup struct {
	ID        oroshi.ID
	Tenant    oroshi.TenantID
	Code      string // the seller's own code, unique per tenant: A, RANK1
	Name      string
	Buyers    int // buyers in the group; filled by lists only
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PriceGroupStore keeps price groups.
type PriceGroupStore interface {
	// PriceGroups lists a tenant's groups by code, with their buyer counts.
	PriceGroups(ctx context.Context, t oroshi.TenantID) ([]PriceGroup, error)
	PriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (PriceGroup, error)
	// CreatePriceGroup inserts g; a taken code wraps ErrConflict.
	CreatePriceGroup(ctx context.Context, g PriceGroup, ev audit.Event) (PriceGroup, error)
	// UpdatePriceGroup saves code and name; a taken code wraps ErrConflict.
	UpdatePriceGroup(ctx context.Context, g PriceGroup, ev audit.Event) (PriceGroup, error)
	// DeletePriceGroup removes a group and, by cascade, its price lists. A
	// group still set on buyers or named in product visibility is kept and
	// a *PriceGroupInUseError returned.
	DeletePriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID, ev audit.Event) error
}

// PriceGroupInUseError says why a price group cannot be deleted. It matches
// oroshi.ErrConflict with errors.Is.
type PriceGroupInUseError struct {
	Buyers   int // buyers whose price group it is
	Products int // product visibility entries naming it
}

func (e *PriceGroupInUseError) Error() string {
	return fmt.Sprintf("price group in use by %d buyers and %d product visibility entries", e.Buyers, e.Products)
}

// Is makes the error an oroshi.ErrConflict.
func (e *PriceGroupInUseError) Is(target error) bool { return target == oroshi.ErrConflict }

// Audit actions on price groups.
const (
	ActionGroupCreate = "価格グループ（作成）"
	ActionGroupUpdate = "価格グループ（更新）"
	ActionGroupDelete = "価格グループ（削除）"
)

// ValidatePriceGroup checks a price group's code and name, after Fold.
func ValidatePriceGroup(g PriceGroup) error {
	v := &oroshi.ValidationError{}
	if !codeRE.MatchString(g.Code) {
		v.Add("code", "価格グループコードは半角英数字・ハイフン・アンダースコアの20文字以内で入力してください")
	}
	checkLen(v, "name", g.Name, 1, 100, "価格グループ名を100文字以内で入力してください")
	return v.Err()
}

// PriceGroups lists a tenant's price groups by code.
func (s *Service) PriceGroups(ctx context.Context, t oroshi.TenantID) ([]PriceGroup, error) {
	return s.Store.PriceGroups(ctx, t)
}

// PriceGroup returns one price group of tenant t.
func (s *Service) PriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (PriceGroup, error) {
	return s.Store.PriceGroup(ctx, t, id)
}

// CreatePriceGroup validates and stores a new price group.
func (s *Service) CreatePriceGroup(ctx context.Context, g PriceGroup, actor audit.Actor) (PriceGroup, error) {
	g.Code, g.Name = Fold(g.Code), Fold(g.Name)
	if err := ValidatePriceGroup(g); err != nil {
		return PriceGroup{}, err
	}
	ev := actor.Event(ActionGroupCreate, "price_group", "")
	ev.Tenant = g.Tenant
	ev.Detail = map[string]any{"code": g.Code, "name": g.Name}
	created, err := s.Store.CreatePriceGroup(ctx, g, ev)
	if err != nil {
		return PriceGroup{}, groupErr("create price group "+g.Code, err)
	}
	return created, nil
}

// UpdatePriceGroup changes a price group's code and name.
func (s *Service) UpdatePriceGroup(ctx context.Context, g PriceGroup, actor audit.Actor) (PriceGroup, error) {
	before, err := s.Store.PriceGroup(ctx, g.Tenant, g.ID)
	if err != nil {
		return PriceGroup{}, fmt.Errorf("update price group %s: %w", g.ID, err)
	}
	g.Code, g.Name = Fold(g.Code), Fold(g.Name)
	if err := ValidatePriceGroup(g); err != nil {
		return PriceGroup{}, err
	}
	diff := audit.Diff(map[string]any{"code": before.Code, "name": before.Name},
		map[string]any{"code": g.Code, "name": g.Name})
	if len(diff) == 0 {
		return before, nil
	}
	ev := actor.Event(ActionGroupUpdate, "price_group", g.ID.String())
	ev.Tenant = g.Tenant
	ev.Detail = diff
	updated, err := s.Store.UpdatePriceGroup(ctx, g, ev)
	if err != nil {
		return PriceGroup{}, groupErr("update price group "+g.ID.String(), err)
	}
	return updated, nil
}

// DeletePriceGroup removes a price group and its price lists. A group that
// buyers still belong to, or that limits the visibility of products, is
// refused with a message saying what to change first.
func (s *Service) DeletePriceGroup(ctx context.Context, t oroshi.TenantID, id oroshi.ID, actor audit.Actor) error {
	before, err := s.Store.PriceGroup(ctx, t, id)
	if err != nil {
		return fmt.Errorf("delete price group %s: %w", id, err)
	}
	ev := actor.Event(ActionGroupDelete, "price_group", id.String())
	ev.Tenant = t
	ev.Detail = map[string]any{"code": before.Code, "name": before.Name}
	err = s.Store.DeletePriceGroup(ctx, t, id, ev)
	var inUse *PriceGroupInUseError
	switch {
	case errors.As(err, &inUse) && inUse.Buyers > 0:
		return oroshi.Invalid("price_group", fmt.Sprintf(
			"この価格グループは取引先%d社に設定されているため削除できません。先に取引先の価格グループを変更してください", inUse.Buyers))
	case errors.As(err, &inUse):
		return oroshi.Invalid("price_group",
			"この価格グループは商品の公開先に指定されているため削除できません。先に商品の公開先を変更してください")
	case err != nil:
		return fmt.Errorf("delete price group %s: %w", id, err)
	}
	return nil
}

func groupErr(op string, err error) error {
	if errors.Is(err, oroshi.ErrConflict) {
		return oroshi.Invalid("code", "この価格グループコードは既に使われています")
	}
	return fmt.Errorf("%s: %w", op, err)
}
