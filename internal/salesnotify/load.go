package salesnotify

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// happening is a sales event with what every channel needs to tell of it.
type happening struct {
	Event  sales.Event
	Order  sales.Order
	Tenant tenancy.Tenant
	// PlacerName is the name of the shop user who placed the order ("" for
	// a proxy order or a user since deleted).
	PlacerName string
}

// readEvent reads sales event id of tenant t.
func readEvent(ctx context.Context, st Store, t oroshi.TenantID, id oroshi.ID) (sales.Event, error) {
	e, err := st.SalesEvent(ctx, t, id)
	if err != nil {
		return sales.Event{}, fmt.Errorf("load sales event: %w", err)
	}
	return e, nil
}

// load reads order event e's order and tenant.
func load(ctx context.Context, st Store, e sales.Event) (happening, error) {
	t, id := e.Tenant, e.ID
	o, err := st.Order(ctx, t, e.OrderID)
	if err != nil {
		return happening{}, fmt.Errorf("load order of sales event %s: %w", id, err)
	}
	tn, err := st.Tenant(ctx, t)
	if err != nil {
		return happening{}, fmt.Errorf("load tenant of sales event %s: %w", id, err)
	}
	h := happening{Event: e, Order: o, Tenant: tn}
	people, err := placer(ctx, st, o)
	if err != nil {
		return happening{}, err
	}
	for _, u := range people {
		h.PlacerName = u.Name
	}
	return h, nil
}

// status is the order's status right after the event: a job may run
// later (a retry, a backlog), when the order has moved on, and a mail about
// an approval should not say 出荷済.
func (h happening) status() sales.Status {
	if to, ok := h.Event.Detail["to"].(string); ok && sales.Status(to).Valid() {
		return sales.Status(to)
	}
	switch h.Event.Type {
	case sales.EventOrderCreated:
		return sales.StatusReceived
	case sales.EventOrderBuyerApprovalRequested:
		return sales.StatusBuyerApproval
	}
	return h.Order.Status
}

// Audiences of a message.
type audience int

const (
	toBuyer       audience = iota // the person who placed the order, or the company's admins
	toBuyerAdmins                 // the buyer company's admins (社内承認)
	toPlacer                      // the purchaser who placed the order
	toSeller                      // the buyer's assigned approver, else the tenant's owners and admins
	toStaff                       // every active seller staff member (notices only)
)

// recipients are the active users of audience a for order o.
func recipients(ctx context.Context, st Store, h happening, a audience) ([]identity.User, error) {
	o := h.Order
	switch a {
	case toPlacer:
		return placer(ctx, st, o)
	case toBuyer:
		if o.PlacedByRealm == string(identity.RealmShop) {
			return placer(ctx, st, o)
		}
		return buyerAdmins(ctx, st, o.Tenant, o.BuyerID)
	case toBuyerAdmins:
		return buyerAdmins(ctx, st, o.Tenant, o.BuyerID)
	case toSeller:
		return sellerPeople(ctx, st, o.Tenant, o.BuyerID)
	case toStaff:
		return sellerStaff(ctx, st, o.Tenant)
	}
	return nil, fmt.Errorf("unknown audience %d", a)
}

// sellerStaff is every active seller staff member.
func sellerStaff(ctx context.Context, st Store, t oroshi.TenantID) ([]identity.User, error) {
	users, err := st.Users(ctx, t, identity.RealmAdmin)
	if err != nil {
		return nil, fmt.Errorf("seller staff: %w", err)
	}
	return keep(users, func(u identity.User) bool { return true }), nil
}

// placer is the shop user who placed o, when still active; a proxy order
// placed by staff has none.
func placer(ctx context.Context, st Store, o sales.Order) ([]identity.User, error) {
	if o.PlacedByRealm != string(identity.RealmShop) {
		return nil, nil
	}
	u, err := st.User(ctx, o.Tenant, o.PlacedBy)
	if errors.Is(err, oroshi.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("placing user %s: %w", o.PlacedBy, err)
	}
	return keep([]identity.User{u}, func(u identity.User) bool { return u.BuyerID == o.BuyerID }), nil
}

// buyerAdmins are the active admins of buyer company buyerID.
func buyerAdmins(ctx context.Context, st Store, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error) {
	users, err := st.BuyerUsers(ctx, t, buyerID)
	if err != nil {
		return nil, fmt.Errorf("users of buyer %s: %w", buyerID, err)
	}
	return keep(users, func(u identity.User) bool { return u.Role == identity.RoleBuyerAdmin }), nil
}

// sellerPeople is the approver assigned to buyer company buyerID when
// active, else the tenant's active owners and admins.
func sellerPeople(ctx context.Context, st Store, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error) {
	bs, err := st.BuyerSettings(ctx, t, buyerID)
	if err != nil {
		return nil, fmt.Errorf("settings of buyer %s: %w", buyerID, err)
	}
	if bs.ApproverUserID != 0 {
		u, err := st.User(ctx, t, bs.ApproverUserID)
		if err != nil && !errors.Is(err, oroshi.ErrNotFound) {
			return nil, fmt.Errorf("approver %s: %w", bs.ApproverUserID, err)
		}
		if err == nil && u.Realm == identity.RealmAdmin && u.Status == identity.StatusActive {
			return []identity.User{u}, nil
		}
	}
	users, err := st.Users(ctx, t, identity.RealmAdmin)
	if err != nil {
		return nil, fmt.Errorf("seller staff: %w", err)
	}
	return keep(users, func(u identity.User) bool {
		return u.Role == identity.RoleOwner || u.Role == identity.RoleAdmin
	}), nil
}

// keep returns the active users for which ok holds.
func keep(users []identity.User, ok func(identity.User) bool) []identity.User {
	var out []identity.User
	for _, u := range users {
		if u.Status == identity.StatusActive && ok(u) {
			out = append(out, u)
		}
	}
	return out
}
