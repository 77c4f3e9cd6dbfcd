package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// testTenantSettings: the owner requires two-step verification for all and
// shows public notices on the shop's sign-in page; staff without a second
// factor are then taken through setting one up.
func testTenantSettings(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	ctx := context.Background()
	if _, err := e.s.CreateNotice(ctx, tenancy.Notice{Tenant: f.tenant.ID, Audience: "shop", Public: true,
		Title: "年末年始の営業について", PublishedAt: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	visitor := e.browser(t)
	if p := visitor.get(slug + "/login"); p.status != ok || regexp.MustCompile(`年末年始`).MatchString(p.body) {
		t.Errorf("public notice shown before the owner allowed it (%d)", p.status)
	}

	owner := e.browser(t)
	owner.signIn(e.user(t, f, identity.RoleOwner))
	p := owner.submit(slug+"/admin/settings", slug+"/admin/settings", url.Values{"require_2fa": {"on"}, "public_notices": {"on"}})
	mustContain(t, "after saving settings", followFlash(t, owner, p, slug+"/admin/settings"), ok, "設定を保存しました。", "checked")
	mustContain(t, "shop sign-in page", visitor.get(slug+"/login"), ok, "年末年始の営業について")

	staff := e.user(t, f, identity.RoleStaff)
	b := e.browser(t)
	b.signInPassword(staff, "/mfa")
	if p := b.get(slug + "/admin/mfa"); p.status != away || p.location != slug+"/admin/mfa/setup" {
		t.Fatalf("staff without TOTP on /mfa: %d → %q, want the set-up page", p.status, p.location)
	}
	setup := b.get(slug + "/admin/mfa/setup")
	mustContain(t, "set-up page", setup, ok, "二段階認証の設定", `src="data:image/png;base64,`)
	secret := regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`).FindStringSubmatch(setup.body)
	if secret == nil {
		t.Fatalf("no secret on the set-up page:\n%s", setup.body)
	}
	if p := b.get(slug + "/admin/"); p.status != away || p.location != slug+"/admin/mfa" {
		t.Errorf("protected page before set-up: %d → %q", p.status, p.location)
	}
	p = b.submit(slug+"/admin/mfa/setup", slug+"/admin/mfa/setup", url.Values{"code": {"000000"}})
	mustContain(t, "wrong set-up code", p, http.StatusUnprocessableEntity, "確認コードが正しくありません", secret[1])

	u, err := e.s.User(ctx, f.tenant.ID, staff.ID)
	if err != nil || u.TOTPEnabled {
		t.Fatalf("staff before confirming: %+v, %v", u, err)
	}
	code, err := e.svc.CurrentCode(u.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p = b.submit(slug+"/admin/mfa/setup", slug+"/admin/mfa/setup", url.Values{"code": {code}})
	mustContain(t, "after set-up", followFlash(t, b, p, slug+"/admin/"), ok, "二段階認証を設定しました。")
	if u, _ := e.s.User(ctx, f.tenant.ID, staff.ID); !u.TOTPEnabled {
		t.Error("the second factor is not enabled after set-up")
	}
}

// testUserStatus: an owner disables a staff member, whose session ends at
// once; nobody disables themselves, admins do not touch owners, and users of
// other tenants are not found.
func testUserStatus(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	owner, admin, staff := e.user(t, f, identity.RoleOwner), e.user(t, f, identity.RoleAdmin), e.user(t, f, identity.RoleStaff)
	ob, ab, sb := e.browser(t), e.browser(t), e.browser(t)
	ob.signIn(owner)
	ab.signIn(admin)
	sb.signIn(staff)
	other := e.fixture(t, 1000+f.n)
	stranger := e.user(t, other, identity.RoleStaff)

	setStatus := func(b *browser, id, status string) *page {
		t.Helper()
		token := b.csrf(b.get(slug + "/admin/users"))
		return b.post(slug+"/admin/users/"+id+"/status", url.Values{"csrf_token": {token}, "status": {status}})
	}
	p := setStatus(ob, staff.ID.String(), identity.StatusDisabled)
	mustContain(t, "after disabling", followFlash(t, ob, p, slug+"/admin/users"), ok, "ユーザーの状態を変更しました。", "無効")
	if p := sb.get(slug + "/admin/"); p.status != away {
		t.Errorf("disabled staff's session: %d, want 303", p.status)
	}
	p = sb.submit(slug+"/admin/login", slug+"/admin/login", url.Values{"email": {staff.Email}, "password": {password}})
	mustContain(t, "disabled staff signs in", p, http.StatusUnauthorized, msgBadLogin)

	tests := []struct {
		name   string
		b      *browser
		id     string
		status string
		want   int
	}{
		{"admin disables the owner", ab, owner.ID.String(), identity.StatusDisabled, deny},
		{"owner disables a user of another tenant", ob, stranger.ID.String(), identity.StatusDisabled, http.StatusNotFound},
		{"owner sets a made-up status", ob, admin.ID.String(), "root", http.StatusBadRequest},
		{"malformed id", ob, "abc", identity.StatusDisabled, http.StatusNotFound},
	}
	for _, tt := range tests {
		if p := setStatus(tt.b, tt.id, tt.status); p.status != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, p.status, tt.want)
		}
	}
	p = setStatus(ob, owner.ID.String(), identity.StatusDisabled)
	mustContain(t, "owner disables themselves", followFlash(t, ob, p, slug+"/admin/users"), ok, "自分自身は無効にできません。")
	for _, u := range []user{owner, stranger} {
		got, err := e.s.User(context.Background(), u.Tenant, u.ID)
		if err != nil || got.Status != identity.StatusActive {
			t.Errorf("%s after refused changes: %+v, %v", u.Email, got.Status, err)
		}
	}
	p = setStatus(ob, staff.ID.String(), identity.StatusActive)
	followFlash(t, ob, p, slug+"/admin/users")
	sb.signIn(staff)
}
