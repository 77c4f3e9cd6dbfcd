package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// testBuyerRoles: viewers read buyers, staff change them, admins manage
// price groups and fields; buyer users see none of it.
func testBuyerRoles(t *testing.T, e *env, f *fixture) {
	admin := "/" + f.tenant.Slug + "/admin"
	id := f.buyer.ID.String()
	pages := []string{admin + "/buyers", admin + "/buyers/" + id, admin + "/buyers/new", admin + "/buyers/" + id + "/edit",
		admin + "/groups", admin + "/settings/fields", "/" + f.tenant.Slug + "/company/users"}
	tests := []struct {
		role string
		want []int
	}{
		{"", []int{away, away, away, away, away, away, away}},
		{identity.RoleViewer, []int{ok, ok, deny, deny, deny, deny, away}},
		{identity.RoleStaff, []int{ok, ok, ok, ok, deny, deny, away}},
		{identity.RoleAdmin, []int{ok, ok, ok, ok, ok, ok, away}},
		{identity.RoleBuyerAdmin, []int{away, away, away, away, away, away, ok}},
		{identity.RolePurchaser, []int{away, away, away, away, away, away, deny}},
		{identity.RoleBuyerView, []int{away, away, away, away, away, away, deny}},
	}
	browsers := map[string]*browser{}
	for _, tt := range tests {
		b := e.browser(t)
		browsers[tt.role] = b
		if tt.role != "" {
			b.signIn(e.user(t, f, tt.role))
		}
		for i, path := range pages {
			if p := b.get(path); p.status != tt.want[i] {
				t.Errorf("%q GET %s: %d, want %d", tt.role, path, p.status, tt.want[i])
			}
		}
	}
	// A viewer's list has no button to create, and posting is refused.
	b := browsers[identity.RoleViewer]
	p := b.get(admin + "/buyers")
	if p.status != ok || strings.Contains(p.body, admin+"/buyers/new") {
		t.Errorf("viewer's list offers to create a buyer")
	}
	before := e.buyerCount(t, f)
	p = b.post(admin+"/buyers", url.Values{"csrf_token": {b.csrf(p)}, "code": {"V1"}, "name": {"閲覧者の取引先"}})
	mustContain(t, "viewer creates", p, deny, "アクセス権限がありません")
	if n := e.buyerCount(t, f); n != before {
		t.Errorf("a viewer created a buyer")
	}
	p = b.post(admin+"/buyers/"+id+"/status", url.Values{"csrf_token": {b.csrf(b.get(admin + "/buyers"))}, "status": {"suspended"}})
	mustContain(t, "viewer suspends", p, deny)
	// Staff cannot change field settings either.
	s := browsers[identity.RoleStaff]
	p = s.post(admin+"/settings/fields", url.Values{"csrf_token": {s.csrf(s.get(admin + "/buyers"))}, "entity": {"buyer"},
		"key": {"x"}, "label": {"x"}, "type": {"text"}})
	mustContain(t, "staff adds a field", p, deny)
}

// testCompanyUsers: a buyer admin manages its own company's users only;
// the company comes from the session, whatever the form says.
func testCompanyUsers(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	other := e.addBuyer(t, f, buyers.Buyer{Code: "B002", Name: "株式会社よそ"})
	stranger, err := e.s.CreateUser(ctx, identity.User{Tenant: f.tenant.ID, Realm: identity.RealmShop, BuyerID: other.ID,
		Email: "yoso." + f.tenant.Slug + "@example.jp", Name: "よその人", Role: identity.RolePurchaser,
		PasswordHash: passwordHash(), Status: identity.StatusActive},
		audit.Event{Tenant: f.tenant.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	b, me := e.signedIn(t, f, identity.RoleBuyerAdmin)
	path := "/" + f.tenant.Slug + "/company/users"
	p := b.get(path)
	mustContain(t, "company users", p, ok, "会社のユーザー", "株式会社まるやま商店", me.Email)
	if strings.Contains(p.body, stranger.Email) {
		t.Errorf("another company's user is listed")
	}
	if strings.Contains(p.body, path+"/"+me.ID.String()+"/status") {
		t.Errorf("the buyer admin is offered to disable itself")
	}
	email := "shinjin." + f.tenant.Slug + "@maruyama.example.jp"
	p = b.submit(path, path, url.Values{"email": {email}, "name": {"新人"}, "role": {identity.RolePurchaser}, "buyer_id": {other.ID.String()}})
	mustContain(t, "invited", followFlash(t, b, p, path), ok, "招待メールを送信しました。", email)
	u, err := e.s.UserByEmail(ctx, f.tenant.ID, identity.RealmShop, email)
	if err != nil || u.BuyerID != f.buyer.ID {
		t.Fatalf("invited user %+v, %v: want one of the admin's own company", u, err)
	}
	if m := mailsTo(t, e, email); len(m) != 1 {
		t.Errorf("%d invitation mails", len(m))
	}
	p = b.submit(path, path+"/"+stranger.ID.String()+"/status", url.Values{"status": {identity.StatusDisabled}})
	if p.status != http.StatusNotFound {
		t.Errorf("disable another company's user: %d, want 404", p.status)
	}
	if s, _ := e.s.User(ctx, f.tenant.ID, stranger.ID); s.Status != identity.StatusActive {
		t.Errorf("another company's user is %s", s.Status)
	}
	p = b.submit(path, path+"/"+me.ID.String()+"/status", url.Values{"status": {identity.StatusDisabled}})
	mustContain(t, "disable oneself", p, http.StatusUnprocessableEntity, "自分自身の状態は変更できません")
	p = b.submit(path, path+"/"+u.ID.String()+"/status", url.Values{"status": {identity.StatusDisabled}})
	mustContain(t, "disable a colleague", followFlash(t, b, p, path), ok, "ユーザーの状態を変更しました。")
	p = b.submit(path, path, url.Values{"email": {"x@example.jp"}, "name": {"x"}, "role": {identity.RoleOwner}})
	mustContain(t, "seller role", p, http.StatusUnprocessableEntity, "権限の指定が正しくありません")
}

// testBuyerPagesInEnglish: the pages read in English once chosen.
func testBuyerPagesInEnglish(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	admin := "/" + f.tenant.Slug + "/admin"
	b.get("/lang?to=en&next=/")
	b.lang = "en"
	mustContain(t, "list", b.get(admin+"/buyers"), ok, "Buyers", "New buyer", "Buyer code", "End of month", "End of next month")
	mustContain(t, "form", b.get(admin+"/buyers/new"), ok, "Terms of trade", "Next month", "10th", "Invoice")
	mustContain(t, "detail", b.get(admin+"/buyers/"+f.buyer.ID.String()), ok, "Ship-to addresses", "Suspend")
	mustContain(t, "groups", b.get(admin+"/groups"), ok, "Add a price group")
	mustContain(t, "fields", b.get(admin+"/settings/fields"), ok, "Names of the standard fields", "Default name")
	shop, _ := e.signedIn(t, f, identity.RoleBuyerAdmin)
	shop.get("/lang?to=en&next=/")
	shop.lang = "en"
	mustContain(t, "company users", shop.get("/"+f.tenant.Slug+"/company/users"), ok, "Company users", "Invite a user")
}
