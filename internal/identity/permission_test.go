package identity

import (
	"slices"
	"testing"
)

// TestRoleTable proves each role gets exactly its permissions, across the
// three realms, and that a role name never leaks into another realm.
func TestRoleTable(t *testing.T) {
	want := map[Realm]map[string][]Permission{
		RealmOps:   {RoleOperator: {PermOpsConsole}},
		RealmAdmin: {RoleOwner: {PermAdminView, PermAdminEdit, PermAdminManage, PermAdminOwner}, RoleAdmin: {PermAdminView, PermAdminEdit, PermAdminManage}, RoleStaff: {PermAdminView, PermAdminEdit}, RoleViewer: {PermAdminView}},
		RealmShop:  {RoleBuyerAdmin: {PermShopView, PermShopOrder, PermShopManage}, RolePurchaser: {PermShopView, PermShopOrder}, RoleBuyerView: {PermShopView}},
	}
	allRoles := []string{RoleOperator, RoleOwner, RoleAdmin, RoleStaff, RoleViewer, RoleBuyerAdmin, RolePurchaser, RoleBuyerView, "", "root"}
	for _, realm := range []Realm{RealmOps, RealmAdmin, RealmShop, "other"} {
		for _, role := range allRoles {
			for _, p := range AllPermissions {
				expected := slices.Contains(want[realm][role], p)
				if got := Can(realm, role, p); got != expected {
					t.Errorf("Can(%s, %q, %s) = %v, want %v", realm, role, p, got, expected)
				}
			}
		}
	}
}

func TestNeedsMFA(t *testing.T) {
	tests := []struct {
		u        User
		required bool
		want     bool
	}{
		{User{Realm: RealmOps, Role: RoleOperator}, false, true},
		{User{Realm: RealmAdmin, Role: RoleOwner}, false, true},
		{User{Realm: RealmAdmin, Role: RoleAdmin}, false, true},
		{User{Realm: RealmAdmin, Role: RoleStaff}, false, false},
		{User{Realm: RealmAdmin, Role: RoleStaff}, true, true},
		{User{Realm: RealmShop, Role: RolePurchaser}, false, false},
		{User{Realm: RealmShop, Role: RolePurchaser}, true, true},
	}
	for _, tt := range tests {
		if got := NeedsMFA(tt.u, tt.required); got != tt.want {
			t.Errorf("NeedsMFA(%s/%s, %v) = %v", tt.u.Realm, tt.u.Role, tt.required, got)
		}
	}
}
