package identity

// Permission is something a route or an action requires. Every check in
// web, api and the services asks Can; roles are defined here and nowhere else.
type Permission string

// Permissions, by area.
const (
	PermOpsConsole Permission = "ops.console" // operator console: tenants, outbox

	PermAdminView   Permission = "admin.view"   // read the seller's data
	PermAdminEdit   Permission = "admin.edit"   // change catalog, buyers, orders
	PermAdminManage Permission = "admin.manage" // staff users, settings, API keys
	PermAdminOwner  Permission = "admin.owner"  // contract, tenant-wide security

	PermShopView   Permission = "shop.view"   // browse, see own orders
	PermShopOrder  Permission = "shop.order"  // cart, checkout, quotes
	PermShopManage Permission = "shop.manage" // own company's users, approvals
)

// AllPermissions lists every permission, for the role table test.
var AllPermissions = []Permission{
	PermOpsConsole, PermAdminView, PermAdminEdit, PermAdminManage, PermAdminOwner,
	PermShopView, PermShopOrder, PermShopManage,
}

var grants = map[Realm]map[string][]Permission{
	RealmOps: {RoleOperator: {PermOpsConsole}},
	RealmAdmin: {
		RoleOwner:  {PermAdminView, PermAdminEdit, PermAdminManage, PermAdminOwner},
		RoleAdmin:  {PermAdminView, PermAdminEdit, PermAdminManage},
		RoleStaff:  {PermAdminView, PermAdminEdit},
		RoleViewer: {PermAdminView},
	},
	RealmShop: {
		RoleBuyerAdmin: {PermShopView, PermShopOrder, PermShopManage},
		RolePurchaser:  {PermShopView, PermShopOrder},
		RoleBuyerView:  {PermShopView},
	},
}

// Can tells whether a user of realm with role holds permission p. A role
// of another realm holds nothing: an operator is not seller staff.
func Can(realm Realm, role string, p Permission) bool {
	for _, g := range grants[realm][role] {
		if g == p {
			return true
		}
	}
	return false
}

// ValidRole tells whether role exists in realm.
func ValidRole(realm Realm, role string) bool {
	_, ok := grants[realm][role]
	return ok
}

// NeedsMFA tells whether a user must use a second factor: operators and
// seller owners/admins always; everyone else who has set one up, or whose
// tenant requires it.
func NeedsMFA(u User, tenantRequires bool) bool {
	switch {
	case u.TOTPEnabled:
		return true
	case u.Realm == RealmOps:
		return true
	case u.Realm == RealmAdmin && (u.Role == RoleOwner || u.Role == RoleAdmin):
		return true
	}
	return tenantRequires
}
