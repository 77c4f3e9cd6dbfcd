package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

func shipToForm(label string) url.Values {
	return url.Values{"label": {label}, "recipient": {"物流センター 御中"}, "postal_code": {"5300001"},
		"address": {"大阪府大阪市北区梅田1-1"}, "phone": {"06-1234-5678"}}
}

func (e *env) shipTos(t *testing.T, f *fixture) []buyers.ShipTo {
	t.Helper()
	sts, err := e.s.ShipTos(context.Background(), f.tenant.ID, f.buyer.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sts
}

func testShipToDefault(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/buyers/" + f.buyer.ID.String()
	mustContain(t, "detail without ship-tos", b.get(path), ok, "納品先はまだありません。", "納品先を追加")

	bad := shipToForm("本社")
	bad.Set("postal_code", "")
	p := b.submit(path, path+"/ship-tos", bad)
	mustContain(t, "ship-to without postal code", p, http.StatusUnprocessableEntity, "郵便番号は7桁の数字", `value="物流センター 御中"`)
	for _, label := range []string{"本社", "第二倉庫"} {
		p = b.submit(path, path+"/ship-tos", shipToForm(label))
		mustContain(t, "add "+label, followFlash(t, b, p, path+"#ship-tos"), ok, "納品先を追加しました。", label, "〒530-0001")
	}
	sts := e.shipTos(t, f)
	if len(sts) != 2 || sts[0].Label != "本社" || !sts[0].IsDefault || sts[1].IsDefault {
		t.Fatalf("ship-tos after adding two: %+v", sts)
	}
	second := sts[1].ID.String()
	p = b.submit(path, path+"/ship-tos/"+second+"/default", nil)
	mustContain(t, "make default", followFlash(t, b, p, path+"#ship-tos"), ok, "既定の納品先を変更しました。")
	if sts = e.shipTos(t, f); sts[0].Label != "第二倉庫" || !sts[0].IsDefault || sts[1].IsDefault {
		t.Fatalf("after switching the default: %+v", sts)
	}
	edit := shipToForm("第二倉庫（北）")
	edit.Set("phone", "abc")
	p = b.submit(path, path+"/ship-tos/"+second, edit)
	mustContain(t, "bad phone", p, http.StatusUnprocessableEntity, "電話番号は数字とハイフンで10〜15桁を入力してください", `value="第二倉庫（北）"`, "<details open>")
	edit.Set("phone", "")
	followFlash(t, b, b.submit(path, path+"/ship-tos/"+second, edit), path+"#ship-tos")
	p = b.submit(path, path+"/ship-tos/"+second+"/delete", nil)
	mustContain(t, "delete the default", followFlash(t, b, p, path+"#ship-tos"), ok, "納品先を削除しました。")
	if sts = e.shipTos(t, f); len(sts) != 1 || sts[0].Label != "本社" || !sts[0].IsDefault {
		t.Fatalf("after deleting the default: %+v", sts)
	}
	// A ship-to of another company is not found under this one.
	other := e.addBuyer(t, f, buyers.Buyer{Code: "OTHER", Name: "別会社"})
	p = b.submit(path, "/"+f.tenant.Slug+"/admin/buyers/"+other.ID.String()+"/ship-tos/"+sts[0].ID.String()+"/delete", nil)
	if p.status != http.StatusNotFound {
		t.Errorf("delete another company's ship-to: %d, want 404", p.status)
	}
}

func testBuyerSuspend(t *testing.T, e *env, f *fixture) {
	purchaser := e.user(t, f, identity.RolePurchaser)
	shop := e.browser(t)
	shop.signIn(purchaser)
	if p := shop.get(purchaser.base + "/"); p.status != ok {
		t.Fatalf("buyer's home before suspension: %d", p.status)
	}
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/buyers/" + f.buyer.ID.String()
	mustContain(t, "detail", b.get(path), ok, `data-confirm="この取引先を停止します。ユーザーはログインできなくなります"`)
	p := b.submit(path, path+"/status", url.Values{"status": {"suspended"}})
	mustContain(t, "suspended", followFlash(t, b, p, path), ok, "取引先を停止しました。", "この取引先は停止中です。", "再開する")

	if p := shop.get(purchaser.base + "/"); p.status != away {
		t.Errorf("suspended buyer's open session: %d, want 303 to sign in", p.status)
	}
	p = e.browser(t).submit(purchaser.base+"/login", purchaser.base+"/login", url.Values{"email": {purchaser.Email}, "password": {password}})
	mustContain(t, "suspended buyer signs in", p, http.StatusUnauthorized, msgBadLogin)
	p = b.submit(path, path+"/users", url.Values{"email": {"new@minato.example.jp"}, "name": {"新人"}, "role": {identity.RolePurchaser}})
	mustContain(t, "invite to a suspended buyer", p, http.StatusUnprocessableEntity, "停止中の取引先にはユーザーを招待できません")

	p = b.submit(path, path+"/status", url.Values{"status": {"active"}})
	mustContain(t, "resumed", followFlash(t, b, p, path), ok, "取引先を再開しました。")
	e.browser(t).signIn(purchaser)
	if p := b.submit(path, path+"/status", url.Values{"status": {"gone"}}); p.status != http.StatusBadRequest {
		t.Errorf("unknown status: %d, want 400", p.status)
	}
}

func testSellerInvitesBuyerUser(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/buyers/" + f.buyer.ID.String()
	email := "tanaka." + f.tenant.Slug + "@maruyama.example.jp"
	p := b.submit(path, path+"/users", url.Values{"email": {"not-an-address"}, "name": {"田中"}, "role": {identity.RoleBuyerAdmin}})
	mustContain(t, "bad address", p, http.StatusUnprocessableEntity, "メールアドレスの形式が正しくありません", `value="田中"`)
	p = b.submit(path, path+"/users", url.Values{"email": {email}, "name": {"田中 花子"}, "role": {identity.RoleBuyerAdmin}})
	mustContain(t, "invited", followFlash(t, b, p, path+"#users"), ok, "招待メールを送信しました。", email, "招待中", "取引先管理者")
	u, err := e.s.UserByEmail(context.Background(), f.tenant.ID, identity.RealmShop, email)
	if err != nil || u.BuyerID != f.buyer.ID || u.Role != identity.RoleBuyerAdmin {
		t.Fatalf("invited user %+v, %v", u, err)
	}
	if m := mailsTo(t, e, email); len(m) != 1 || !strings.Contains(m[0].Text, "/"+f.tenant.Slug+"/invite?token=") {
		t.Errorf("invitation mails: %+v", m)
	}
	// Disabling stops signing in; enabling lets the person in again.
	pu := e.user(t, f, identity.RolePurchaser)
	status := path + "/users/" + pu.ID.String() + "/status"
	p = b.submit(path, status, url.Values{"status": {identity.StatusDisabled}})
	mustContain(t, "disabled", followFlash(t, b, p, path+"#users"), ok, "ユーザーの状態を変更しました。", "無効")
	p = e.browser(t).submit(pu.base+"/login", pu.base+"/login", url.Values{"email": {pu.Email}, "password": {password}})
	mustContain(t, "disabled user signs in", p, http.StatusUnauthorized, msgBadLogin)
	followFlash(t, b, b.submit(path, status, url.Values{"status": {identity.StatusActive}}), path+"#users")
	e.browser(t).signIn(pu)
	// A user of another company is not found under this one.
	other := e.addBuyer(t, f, buyers.Buyer{Code: "OTHER", Name: "別会社"})
	p = b.submit(path, "/"+f.tenant.Slug+"/admin/buyers/"+other.ID.String()+"/users/"+pu.ID.String()+"/status",
		url.Values{"status": {identity.StatusDisabled}})
	if p.status != http.StatusNotFound {
		t.Errorf("disable through another company: %d, want 404", p.status)
	}
}
