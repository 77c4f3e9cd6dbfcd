package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

const (
	ok   = http.StatusOK
	away = http.StatusSeeOther // to the area's sign-in page
	deny = http.StatusForbidden
)

// testRoleTable signs in one user of every role of every realm and asks
// for each protected page: exactly the roles allowed see it, the others of
// the same area are refused, and everyone else is sent to that area's
// sign-in page as if anonymous.
func testRoleTable(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	pages := []string{"/ops/", slug + "/admin/", slug + "/admin/users", slug + "/admin/settings", slug + "/", slug + "/search?q=だし"}
	tests := []struct {
		role string // "" for anonymous
		want []int  // per page, in the order above
	}{
		{"", []int{away, away, away, away, away, away}},
		{identity.RoleOperator, []int{ok, away, away, away, away, away}},
		{identity.RoleOwner, []int{away, ok, ok, ok, away, away}},
		{identity.RoleAdmin, []int{away, ok, ok, deny, away, away}},
		{identity.RoleStaff, []int{away, ok, deny, deny, away, away}},
		{identity.RoleViewer, []int{away, ok, deny, deny, away, away}},
		{identity.RoleBuyerAdmin, []int{away, away, away, away, ok, ok}},
		{identity.RolePurchaser, []int{away, away, away, away, ok, ok}},
		{identity.RoleBuyerView, []int{away, away, away, away, ok, ok}},
	}
	for _, tt := range tests {
		b := e.browser(t)
		name := "anonymous"
		if tt.role != "" {
			name = tt.role
			b.signIn(e.user(t, f, tt.role))
		}
		for i, path := range pages {
			p := b.get(path)
			if p.status != tt.want[i] {
				t.Errorf("%s GET %s: %d, want %d", name, path, p.status, tt.want[i])
				continue
			}
			switch p.status {
			case away:
				if login := loginOf(path); p.location != login {
					t.Errorf("%s GET %s: redirected to %q, want %q", name, path, p.location, login)
				}
			case deny:
				mustContain(t, name+" GET "+path, p, deny, "アクセス権限がありません")
			}
		}
	}
}

// loginOf is the sign-in page of the area a path belongs to.
func loginOf(path string) string {
	if strings.HasPrefix(path, "/ops/") {
		return "/ops/login"
	}
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 3)
	if len(parts) > 1 && parts[1] == "admin" {
		return "/" + parts[0] + "/admin/login"
	}
	return "/" + parts[0] + "/login"
}

// testCookieOfAnotherArea: a session cookie only works in the area (and
// tenant) that issued it; elsewhere the browser is anonymous.
func testCookieOfAnotherArea(t *testing.T, e *env, f *fixture) {
	other := e.tenant(t, "other"+f.tenant.Slug)
	slug, otherSlug := "/"+f.tenant.Slug, "/"+other.Slug
	signedIn := map[string]string{} // role → session cookie value
	home := map[string]string{}     // role → its area's home
	for _, role := range []string{identity.RoleOperator, identity.RoleOwner, identity.RolePurchaser} {
		b := e.browser(t)
		u := e.user(t, f, role)
		b.signIn(u)
		signedIn[role], home[role] = b.cookie(cookieName(u.base)), u.base+"/"
		if signedIn[role] == "" {
			t.Fatalf("%s: no session cookie", role)
		}
	}
	tests := []struct {
		role, cookie, path string
	}{
		{identity.RoleOperator, "oroshi_admin", slug + "/admin/"},
		{identity.RoleOperator, "oroshi_shop", slug + "/"},
		{identity.RoleOwner, "oroshi_ops", "/ops/"},
		{identity.RoleOwner, "oroshi_shop", slug + "/"},
		{identity.RoleOwner, "oroshi_admin", otherSlug + "/admin/"},
		{identity.RolePurchaser, "oroshi_admin", slug + "/admin/"},
		{identity.RolePurchaser, "oroshi_ops", "/ops/"},
		{identity.RolePurchaser, "oroshi_shop", otherSlug + "/"},
	}
	for _, tt := range tests {
		b := e.browser(t)
		b.setCookie(tt.cookie, signedIn[tt.role])
		p := b.get(tt.path)
		if p.status != away || p.location != loginOf(tt.path) {
			t.Errorf("%s's session as %s on %s: %d → %q, want 303 → %s", tt.role, tt.cookie, tt.path, p.status, p.location, loginOf(tt.path))
		}
	}
	// The same cookies still work where they belong.
	for role, path := range home {
		b := e.browser(t)
		b.setCookie(cookieName(strings.TrimSuffix(path, "/")), signedIn[role])
		if p := b.get(path); p.status != ok {
			t.Errorf("%s's own cookie on %s: %d, want 200", role, path, p.status)
		}
	}
}

// testMFAPending: after the password, before the code, protected pages send
// the user to the second factor; the code then opens them.
func testMFAPending(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	for _, role := range []string{identity.RoleOperator, identity.RoleOwner, identity.RoleAdmin} {
		u := e.user(t, f, role)
		b := e.browser(t)
		b.signInPassword(u, "/mfa")
		paths := []string{u.base + "/"}
		if u.Realm == identity.RealmAdmin {
			paths = append(paths, slug+"/admin/users")
		}
		for _, path := range paths {
			if p := b.get(path); p.status != away || p.location != u.base+"/mfa" {
				t.Errorf("%s with MFA pending GET %s: %d → %q, want 303 → %s/mfa", role, path, p.status, p.location, u.base)
			}
		}
		mustContain(t, role+" GET /mfa", b.get(u.base+"/mfa"), ok, "二段階認証")
		// A wrong code is refused with the form again.
		p := b.submit(u.base+"/mfa", u.base+"/mfa", map[string][]string{"code": {"12345x"}})
		mustContain(t, role+" wrong code", p, http.StatusUnprocessableEntity, "確認コードが正しくありません")
		b.signIn(u) // password again, then the code
		if p := b.get(u.base + "/"); p.status != ok {
			t.Errorf("%s after the second factor: %d, want 200", role, p.status)
		}
	}
}
