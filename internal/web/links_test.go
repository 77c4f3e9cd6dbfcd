package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

var linkRE = regexp.MustCompile(`http://example\.test(/\S+)`)

// mailsTo returns the outbox mails to one address, newest first.
func mailsTo(t *testing.T, e *env, to string) []notify.Mail {
	t.Helper()
	all, err := e.s.Outbox(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.Mail
	for _, m := range all {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// linkIn returns the site-relative link of a mail (path and query).
func linkIn(t *testing.T, m notify.Mail, wantPath string) string {
	t.Helper()
	match := linkRE.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no link in the mail:\n%s", m.Text)
	}
	u, err := url.Parse(match[1])
	if err != nil || u.Path != wantPath || u.Query().Get("token") == "" {
		t.Fatalf("link %q: want %s?token=…", match[1], wantPath)
	}
	return match[1]
}

// setPassword opens a link's form and posts a password to the form's action.
func setPassword(b *browser, link, pw, confirm string) *page {
	b.t.Helper()
	form := b.get(link)
	if form.status != ok {
		b.t.Fatalf("GET %s: %d", link, form.status)
	}
	action := regexp.MustCompile(`<form method="post" action="([^"]*)"`).FindStringSubmatch(form.body)
	token := regexp.MustCompile(`name="token" value="([^"]*)"`).FindStringSubmatch(form.body)
	if action == nil || token == nil {
		b.t.Fatalf("set-password form without action or token:\n%s", form.body)
	}
	return b.post(action[1], url.Values{"csrf_token": {b.csrf(form)}, "token": {token[1]}, "password": {pw}, "confirm": {confirm}})
}

// followFlash follows a redirect and returns the page it leads to.
func followFlash(t *testing.T, b *browser, p *page, want string) *page {
	t.Helper()
	if p.status != away || p.location != want {
		t.Fatalf("want 303 → %s, got %d → %q\n%s", want, p.status, p.location, p.body)
	}
	return b.get(p.location)
}

// testInvitation: an owner invites a staff member; the mail's link sets a
// password once, refusing weak ones, and the new person can sign in.
func testInvitation(t *testing.T, e *env, f *fixture) {
	slug := "/" + f.tenant.Slug
	owner := e.user(t, f, identity.RoleOwner)
	admin := e.browser(t)
	admin.signIn(owner)
	email := "shinjin." + f.tenant.Slug + "@example.jp"

	p := admin.submit(slug+"/admin/users", slug+"/admin/users", url.Values{"email": {email}, "name": {"新人 次郎"}, "role": {identity.RoleStaff}})
	mustContain(t, "after inviting", followFlash(t, admin, p, slug+"/admin/users"), ok, "招待メールを送信しました。", email, "招待中")

	mails := mailsTo(t, e, email)
	if len(mails) != 1 || mails[0].Tenant != f.tenant.ID {
		t.Fatalf("mails to %s: %+v, want one invitation", email, mails)
	}
	link := linkIn(t, mails[0], slug+"/admin/invite")

	invitee := e.browser(t)
	mustContain(t, "invitation form", invitee.get(link), ok, "パスワードを設定")
	p = setPassword(invitee, link, "tanpass", "tanpass")
	mustContain(t, "weak password", p, http.StatusUnprocessableEntity, "入力内容に誤りがあります。", "パスワードは12文字以上にしてください")
	p = setPassword(invitee, link, "password1234", "password1234")
	mustContain(t, "common password", p, http.StatusUnprocessableEntity, "よく使われるパスワード")
	newPassword := "sakura-no-hana-saku-77"
	p = setPassword(invitee, link, newPassword, newPassword)
	mustContain(t, "after setting the password", followFlash(t, invitee, p, slug+"/admin/login"), ok, "パスワードを設定しました。ログインしてください。")

	mustContain(t, "used invitation link", invitee.get(link), http.StatusNotFound, "このリンクは無効か、有効期限が切れています。")
	token := invitee.csrf(invitee.get(slug + "/admin/login"))
	linkURL, _ := url.Parse(link)
	p = invitee.post(linkURL.Path, url.Values{"csrf_token": {token}, "token": {linkURL.Query().Get("token")}, "password": {newPassword + "x"}, "confirm": {newPassword + "x"}})
	mustContain(t, "posting to a used link", p, http.StatusNotFound, "このリンクは無効か、有効期限が切れています。")

	p = invitee.submit(slug+"/admin/login", slug+"/admin/login", url.Values{"email": {email}, "password": {newPassword}})
	if p.status != away || p.location != slug+"/admin/" {
		t.Fatalf("invited staff signs in: %d → %q", p.status, p.location)
	}
	mustContain(t, "invited staff's home", invitee.get(slug+"/admin/"), ok, "新人 次郎")
	u, err := e.s.UserByEmail(context.Background(), f.tenant.ID, identity.RealmAdmin, email)
	if err != nil || u.Status != identity.StatusActive || u.Role != identity.RoleStaff {
		t.Errorf("invited user = %+v, %v; want an active staff member", u, err)
	}

	// Only an owner makes owners; bad input re-renders the form in Japanese.
	adminUser := e.user(t, f, identity.RoleAdmin)
	ab := e.browser(t)
	ab.signIn(adminUser)
	p = ab.submit(slug+"/admin/users", slug+"/admin/users", url.Values{"email": {"boss@example.jp"}, "name": {"x"}, "role": {identity.RoleOwner}})
	mustContain(t, "admin invites an owner", p, http.StatusUnprocessableEntity, "オーナー権限はオーナーのみ付与できます")
	p = ab.submit(slug+"/admin/users", slug+"/admin/users", url.Values{"email": {email}, "name": {"x"}, "role": {identity.RoleStaff}})
	mustContain(t, "invite a taken address", p, http.StatusUnprocessableEntity, "このメールアドレスは既に登録されています")
	if n := len(mailsTo(t, e, "boss@example.jp")) + len(mailsTo(t, e, email)); n != 1 {
		t.Errorf("%d mails after refused invitations, want only the first", n)
	}
}

// testPasswordReset: the forgot form answers the same for any address; a
// real account gets a link that works once.
func testPasswordReset(t *testing.T, e *env, f *fixture) {
	u := e.user(t, f, identity.RolePurchaser)
	b := e.browser(t)
	b.signIn(u)
	old := b.cookie("oroshi_shop")
	anon := e.browser(t)

	unknown := "nobody." + u.Email
	var answers []*page
	for _, email := range []string{u.Email, unknown} {
		p := anon.submit(u.base+"/password/forgot", u.base+"/password/forgot", url.Values{"email": {email}})
		answers = append(answers, p)
	}
	if answers[0].status != answers[1].status || answers[0].location != answers[1].location || answers[0].body != answers[1].body {
		t.Errorf("forgot answers differ: %d → %q vs %d → %q", answers[0].status, answers[0].location, answers[1].status, answers[1].location)
	}
	for _, p := range answers {
		flash := ""
		for _, c := range p.cookies {
			if c.Name == "flash" {
				flash, _ = url.QueryUnescape(c.Value)
			}
		}
		if flash != "該当するアカウントがある場合、再設定用のメールを送信しました。" {
			t.Errorf("forgot flash = %q", flash)
		}
	}
	mustContain(t, "after forgot", followFlash(t, anon, answers[1], u.base+"/login"), ok, "該当するアカウントがある場合、再設定用のメールを送信しました。")
	if m := mailsTo(t, e, unknown); len(m) != 0 {
		t.Errorf("a mail was queued for an unknown address: %+v", m)
	}
	mails := mailsTo(t, e, u.Email)
	if len(mails) != 1 {
		t.Fatalf("%d reset mails to %s, want 1", len(mails), u.Email)
	}
	link := linkIn(t, mails[0], u.base+"/password/reset")
	if strings.Contains(mails[0].Text, "/admin/") {
		t.Errorf("a buyer's reset link leads to the admin area:\n%s", mails[0].Text)
	}

	// A link of one tenant is nothing in another.
	other := e.tenant(t, "reset"+f.tenant.Slug)
	linkURL, _ := url.Parse(link)
	for _, elsewhere := range []string{"/" + other.Slug + "/password/reset", "/ops/password/reset"} {
		if p := anon.get(elsewhere + "?" + linkURL.RawQuery); p.status != http.StatusNotFound {
			t.Errorf("reset link at %s: %d, want 404", elsewhere, p.status)
		}
	}

	newPassword := "aoi-umi-to-shiroi-kumo-5"
	p := setPassword(anon, link, newPassword, newPassword+"-typo")
	mustContain(t, "mismatched confirmation", p, http.StatusUnprocessableEntity, "確認用パスワードが一致しません")
	p = setPassword(anon, link, newPassword, newPassword)
	followFlash(t, anon, p, u.base+"/login")
	mustContain(t, "used reset link", anon.get(link), http.StatusNotFound, "このリンクは無効か、有効期限が切れています。")

	again := e.browser(t)
	again.setCookie("oroshi_shop", old)
	if p := again.get(u.base + "/"); p.status != away {
		t.Errorf("a session from before the reset still works: %d", p.status)
	}
	p = anon.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {newPassword}})
	if p.status != away || p.location != u.base+"/" {
		t.Errorf("sign in with the new password: %d → %q", p.status, p.location)
	}
	p = anon.submit(u.base+"/login", u.base+"/login", url.Values{"email": {u.Email}, "password": {password}})
	mustContain(t, "old password", p, http.StatusUnauthorized, msgBadLogin)
}
