package web

import (
	"bytes"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// TestNavCache: a page with the kept navigation is byte for byte the page
// the layout renders itself, for every realm, role and language, also for
// a second tenant's base (filled into the navigation kept for the first).
func TestNavCache(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	c := newNavCache()
	tenant := &tenancy.Tenant{ID: 7, Slug: "sakura", Name: "さくら食品株式会社", Status: tenancy.StatusActive}
	users := []struct {
		area  string
		realm identity.Realm
		roles []string
		bases []string
	}{
		{"ops", identity.RealmOps, []string{identity.RoleOperator}, []string{"/ops"}},
		{"admin", identity.RealmAdmin, []string{identity.RoleOwner, identity.RoleAdmin, identity.RoleStaff, identity.RoleViewer},
			[]string{"/sakura/admin", "/ume-2/admin"}},
		{"shop", identity.RealmShop, []string{identity.RoleBuyerAdmin, identity.RolePurchaser, identity.RoleBuyerView},
			[]string{"/sakura", "/ume-2"}},
	}
	for _, u := range users {
		for _, role := range u.roles {
			for _, base := range u.bases {
				for _, lang := range []string{langJA, langEN} {
					p := &Page{Lang: lang, Title: "ホーム", Area: u.area, Base: base, CSRF: "token", Path: "/x", Tenant: tenant,
						User: &identity.User{ID: 1, Realm: u.realm, Role: role, Name: "桜井 一郎"}}
					var want, got bytes.Buffer
					if err := pages.execute(&want, "admin/settings", p); err != nil {
						t.Fatal(err)
					}
					nav, ok := c.nav(pages, "admin/settings", p)
					if !ok || !strings.Contains(string(nav), base+"/") {
						t.Fatalf("%s %s %s: nav not kept (%v) or without its base:\n%s", u.area, role, base, ok, nav)
					}
					p.Nav = nav
					if err := pages.execute(&got, "admin/settings", p); err != nil {
						t.Fatal(err)
					}
					if got.String() != want.String() {
						t.Errorf("%s %s %s %s: the page with the kept nav differs:\n%s\n----- want:\n%s", u.area, role, base, lang, got.String(), want.String())
					}
				}
			}
		}
	}
	odd := &Page{Lang: langJA, Area: "shop", Base: "/さくら", User: &identity.User{Realm: identity.RealmShop, Role: identity.RolePurchaser}}
	if _, ok := c.nav(pages, "admin/settings", odd); ok {
		t.Error("a base that prints escaped was filled in")
	}
}
