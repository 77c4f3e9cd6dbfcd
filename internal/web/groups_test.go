package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
)

func testPriceGroups(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	path := "/" + f.tenant.Slug + "/admin/groups"
	mustContain(t, "no groups", b.get(path), ok, "価格グループはまだありません。")
	p := b.submit(path, path, url.Values{"code": {"A B"}, "name": {"Aランク"}})
	mustContain(t, "bad code", p, http.StatusUnprocessableEntity, "価格グループコードは半角英数字", `value="Aランク"`)
	for _, g := range [][2]string{{"A", "Aランク"}, {"B", "Bランク"}} {
		p = b.submit(path, path, url.Values{"code": {g[0]}, "name": {g[1]}})
		mustContain(t, "create "+g[0], followFlash(t, b, p, path), ok, "価格グループを作成しました。", g[1])
	}
	p = b.submit(path, path, url.Values{"code": {"A"}, "name": {"もう一つのA"}})
	mustContain(t, "taken code", p, http.StatusUnprocessableEntity, "この価格グループコードは既に使われています")

	groups, err := e.buyers().PriceGroups(context.Background(), f.tenant.ID)
	if err != nil || len(groups) != 2 {
		t.Fatalf("groups %+v, %v", groups, err)
	}
	a, bg := groups[0], groups[1]
	buyer := f.buyer
	buyer.PriceGroupID = a.ID
	if _, err := e.buyers().Update(context.Background(), buyer, system); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "count", b.get(path), ok, `href="`+"/"+f.tenant.Slug+`/admin/buyers?group=`+a.ID.String()+`">1社<`)

	p = b.submit(path, path+"/"+a.ID.String()+"/delete", nil)
	mustContain(t, "delete a group in use", p, http.StatusConflict,
		"この価格グループは取引先1社に設定されているため削除できません。先に取引先の価格グループを変更してください", `class="refused"`)
	if _, err := e.buyers().PriceGroup(context.Background(), f.tenant.ID, a.ID); err != nil {
		t.Errorf("the group in use is gone: %v", err)
	}
	p = b.submit(path, path+"/"+a.ID.String(), url.Values{"code": {"A"}, "name": {""}})
	mustContain(t, "rename to nothing", p, http.StatusUnprocessableEntity, "価格グループ名を100文字以内で入力してください", "<details open>")
	p = b.submit(path, path+"/"+a.ID.String(), url.Values{"code": {"A1"}, "name": {"特約店"}})
	mustContain(t, "renamed", followFlash(t, b, p, path), ok, "価格グループを更新しました。", "特約店", "<code>A1</code>")
	p = b.submit(path, path+"/"+bg.ID.String()+"/delete", nil)
	mustContain(t, "delete unused", followFlash(t, b, p, path), ok, "価格グループを削除しました。")
	if _, err := e.buyers().PriceGroup(context.Background(), f.tenant.ID, bg.ID); err == nil {
		t.Error("the unused group is still there")
	}
	// The buyer form offers the groups; a foreign group ID is refused.
	mustContain(t, "group in the buyer form", b.get("/"+f.tenant.Slug+"/admin/buyers/new"), ok, ">特約店</option>")
	form := buyerForm("G-1")
	form.Set("price_group", "12345")
	p = b.submit("/"+f.tenant.Slug+"/admin/buyers/new", "/"+f.tenant.Slug+"/admin/buyers", form)
	mustContain(t, "unknown group", p, http.StatusUnprocessableEntity, "価格グループが見つかりません")
}
