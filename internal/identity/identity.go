// Package identity is about people signing in: users of the three realms
// (operators, seller staff, buyer users), passwords, sessions, lockouts,
// two-factor codes, invitation and reset tokens, and what each role may do.
package identity

import (
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Realm is the area a user belongs to.
type Realm string

// The three realms. Operators live in tenant oroshi.PlatformTenant.
const (
	RealmOps   Realm = "ops"   // 運営者
	RealmAdmin Realm = "admin" // seller staff (ご契約者様)
	RealmShop  Realm = "shop"  // buyer users (エンドユーザ様)
)

// Roles by realm.
const (
	RoleOperator = "operator"

	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleStaff  = "staff"
	RoleViewer = "viewer"

	RoleBuyerAdmin = "buyer_admin"
	RolePurchaser  = "purchaser"
	RoleBuyerView  = "buyer_viewer"
)

// RolesOf lists the roles a realm accepts, most powerful first.
func RolesOf(r Realm) []string {
	switch r {
	case RealmOps:
		return []string{RoleOperator}
	case RealmAdmin:
		return []string{RoleOwner, RoleAdmin, RoleStaff, RoleViewer}
	case RealmShop:
		return []string{RoleBuyerAdmin, RolePurchaser, RoleBuyerView}
	}
	return nil
}

// RoleLabel is the Japanese name of a role.
func RoleLabel(role string) string {
	return map[string]string{
		RoleOperator: "運営者", RoleOwner: "オーナー", RoleAdmin: "管理者", RoleStaff: "担当者",
		RoleViewer: "閲覧者", RoleBuyerAdmin: "取引先管理者", RolePurchaser: "発注担当者", RoleBuyerView: "閲覧者",
	}[role]
}

// User statuses.
const (
	StatusInvited  = "invited"
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// User is a person who signs in. The user of a session (Store.SessionUser)
// comes without PasswordHash and TOTPSecret: what needs them reads the
// user (Store.User).
type User struct {
	ID           oroshi.ID
	Tenant       oroshi.TenantID
	Realm        Realm
	BuyerID      oroshi.ID // shop users only
	Email        string
	Name         string
	Role         string
	PasswordHash string
	TOTPSecret   string
	TOTPEnabled  bool
	Status       string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Session is a signed-in browser. ID is the SHA-256 of the cookie's token:
// the database never holds a usable token.
type Session struct {
	ID         string
	Tenant     oroshi.TenantID
	Realm      Realm
	UserID     oroshi.ID
	CSRFToken  string
	MFAPending bool // password accepted, second factor (or its set-up) still due
	ClientAddr string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// Token purposes.
const (
	PurposeReset  = "reset"
	PurposeInvite = "invite"
)

// Token is a single-use link sent by e-mail. ID is the SHA-256 of the secret.
type Token struct {
	ID        string
	Tenant    oroshi.TenantID
	UserID    oroshi.ID
	Purpose   string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}
