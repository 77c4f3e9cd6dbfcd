package buyers

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// errNoIdentity is a wiring mistake, not a user's.
var errNoIdentity = errors.New("buyers: Service.Identity is not set")

// InviteBuyerUser creates an invited shop user of buyer company buyerID
// and e-mails the invitation to set a password. Seller staff who may edit
// buyers can invite to any company of their tenant; a buyer admin only to
// its own company. Inviting again an address that is still only invited to
// the same company mails a fresh link instead of failing.
func (s *Service) InviteBuyerUser(ctx context.Context, tn tenancy.Tenant, buyerID oroshi.ID, email, name, role string, actor audit.Actor) (identity.User, error) {
	if s.Identity == nil {
		return identity.User{}, errNoIdentity
	}
	who, err := s.authorize(ctx, tn.ID, buyerID, actor, true)
	if err != nil {
		return identity.User{}, err
	}
	b, err := s.Store.Buyer(ctx, tn.ID, buyerID)
	if err != nil {
		return identity.User{}, fmt.Errorf("invite to buyer %s: %w", buyerID, err)
	}
	if !b.Active() {
		return identity.User{}, oroshi.Invalid("buyer", "停止中の取引先にはユーザーを招待できません")
	}
	u, err := s.Identity.Store.UserByEmail(ctx, tn.ID, identity.RealmShop, identity.NormalizeEmail(email))
	if err != nil || u.BuyerID != buyerID || u.Status != identity.StatusInvited {
		u, err = s.Identity.CreateUser(ctx, identity.NewUser{Tenant: tn.ID, Realm: identity.RealmShop,
			BuyerID: buyerID, Email: email, Name: name, Role: role}, actor)
		if err != nil {
			return identity.User{}, err
		}
	}
	inviter := tn.Name
	if who.Realm == identity.RealmShop {
		inviter = b.Name + " " + who.Name + "様"
	}
	if _, err := s.Identity.Invite(ctx, u, tn.Slug, tn.Name, inviter); err != nil {
		return identity.User{}, fmt.Errorf("invite %s: %w", u.Email, err)
	}
	return u, nil
}

// BuyerUsers lists the users of one buyer company, for seller staff or for
// that company's buyer admin.
func (s *Service) BuyerUsers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, actor audit.Actor) ([]identity.User, error) {
	if _, err := s.authorize(ctx, t, buyerID, actor, false); err != nil {
		return nil, err
	}
	if _, err := s.Store.Buyer(ctx, t, buyerID); err != nil {
		return nil, fmt.Errorf("users of buyer %s: %w", buyerID, err)
	}
	return s.Store.BuyerUsers(ctx, t, buyerID)
}

// DisableBuyerUser stops a user of company buyerID from signing in and ends
// their sessions. A buyer admin cannot disable itself (the company would be
// left without anyone to undo it).
func (s *Service) DisableBuyerUser(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID, actor audit.Actor) error {
	return s.setUserStatus(ctx, t, buyerID, userID, identity.StatusDisabled, actor)
}

// EnableBuyerUser lets a disabled user of company buyerID sign in again.
func (s *Service) EnableBuyerUser(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID, actor audit.Actor) error {
	return s.setUserStatus(ctx, t, buyerID, userID, identity.StatusActive, actor)
}

func (s *Service) setUserStatus(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID, status string, actor audit.Actor) error {
	if s.Identity == nil {
		return errNoIdentity
	}
	who, err := s.authorize(ctx, t, buyerID, actor, true)
	if err != nil {
		return err
	}
	target, err := s.Identity.Store.User(ctx, t, userID)
	if err == nil && (target.Realm != identity.RealmShop || target.BuyerID != buyerID) {
		err = oroshi.ErrNotFound // another company's user is not found here
	}
	if err != nil {
		return fmt.Errorf("buyer %s user %s: %w", buyerID, userID, err)
	}
	switch {
	case who.ID == userID && who.Realm == identity.RealmShop:
		return oroshi.Invalid("user", "自分自身の状態は変更できません")
	case status == identity.StatusActive && target.Status != identity.StatusDisabled:
		return nil // invited and active users need no enabling
	case target.Status == status:
		return nil
	}
	return s.Identity.SetStatus(ctx, t, identity.RealmShop, userID, status, who.Role, actor)
}

// authorize checks that actor may see (write=false) or manage (write=true)
// the users of buyer company buyerID: seller staff by role, a buyer user
// only as a buyer admin of that very company. The system and API realms
// are trusted here (API keys' scopes are checked by the API layer). It
// returns the acting user (zero for system and API).
func (s *Service) authorize(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID, actor audit.Actor, write bool) (identity.User, error) {
	switch actor.Realm {
	case audit.RealmSystem, audit.RealmAPI:
		return identity.User{}, nil
	case audit.RealmAdmin, audit.RealmShop:
	default:
		return identity.User{}, fmt.Errorf("realm %q manages no buyer users: %w", actor.Realm, oroshi.ErrForbidden)
	}
	if s.Identity == nil {
		return identity.User{}, errNoIdentity
	}
	u, err := s.Identity.Store.User(ctx, t, actor.ID)
	if err != nil || u.Status != identity.StatusActive || string(u.Realm) != actor.Realm {
		return identity.User{}, fmt.Errorf("actor %s: %w", actor.ID, oroshi.ErrForbidden)
	}
	perm := identity.PermAdminView
	switch {
	case u.Realm == identity.RealmShop:
		perm = identity.PermShopManage
		if u.BuyerID != buyerID {
			return identity.User{}, fmt.Errorf("buyer user %s of another company: %w", u.ID, oroshi.ErrForbidden)
		}
	case write:
		perm = identity.PermAdminEdit
	}
	if !identity.Can(u.Realm, u.Role, perm) {
		return identity.User{}, fmt.Errorf("user %s (%s) lacks %s: %w", u.ID, u.Role, perm, oroshi.ErrForbidden)
	}
	return u, nil
}
