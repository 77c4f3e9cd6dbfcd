package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

func testAdminProductVisibility(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	g, err := e.buyers().CreatePriceGroup(ctx, buyers.PriceGroup{Tenant: f.tenant.ID, Code: "A", Name: "Aランク"}, system)
	if err != nil {
		t.Fatal(err)
	}
	kita := e.addBuyer(t, f, buyers.Buyer{Code: "K-10", Name: "北商店"})
	p0 := e.addProduct(t, f, catalog.Product{Name: "特選みりん", SKUs: []catalog.SKU{sku("MR-1", 700)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/products/" + p0.ID.String()
	page := b.get(path)
	mustContain(t, "visibility form", page, ok, `name="mode" value="all" checked`, "Aランク", `name="buyer_codes"`)
	token := b.csrf(page)

	p := b.post(path+"/visibility", url.Values{"csrf_token": {token}, "mode": {"restricted"}})
	mustContain(t, "restricted to nobody", p, http.StatusUnprocessableEntity, "公開先の価格グループまたは取引先を1つ以上選んでください")
	p = b.post(path+"/visibility", url.Values{"csrf_token": {token}, "mode": {"restricted"},
		"group": {g.ID.String()}, "buyer_codes": {"K-10\nNOPE-1"}})
	mustContain(t, "unknown code", p, http.StatusUnprocessableEntity, "次の取引先コードが見つかりません", "<code>NOPE-1</code>",
		`value="`+g.ID.String()+`" checked`, "K-10\nNOPE-1")
	if got := e.storedProduct(t, f, p0.ID); got.Visibility.Mode != catalog.VisibleToAll {
		t.Errorf("visibility saved despite the unknown code: %+v", got.Visibility)
	}

	p = b.post(path+"/visibility", url.Values{"csrf_token": {token}, "mode": {"restricted"},
		"group": {g.ID.String()}, "buyer_codes": {"Ｋ－10、B001"}})
	mustContain(t, "restricted", followFlash(t, b, p, path+"#visibility"), ok, "公開範囲を保存しました。",
		`name="mode" value="restricted" checked`, "北商店", "株式会社まるやま商店", "指定した取引先のみ")
	got := e.storedProduct(t, f, p0.ID).Visibility
	want := []oroshi.ID{f.buyer.ID, kita.ID}
	slices.Sort(want)
	if got.Mode != catalog.Restricted || !slices.Equal(got.GroupIDs, []oroshi.ID{g.ID}) || !slices.Equal(got.BuyerIDs, want) {
		t.Errorf("stored visibility %+v", got)
	}
	p = b.post(path+"/visibility", url.Values{"csrf_token": {token}, "mode": {"all"}, "group": {g.ID.String()}})
	followFlash(t, b, p, path+"#visibility")
	if got := e.storedProduct(t, f, p0.ID).Visibility; got.Mode != catalog.VisibleToAll || len(got.GroupIDs)+len(got.BuyerIDs) != 0 {
		t.Errorf("back to all: %+v", got)
	}
}

func testAdminProductStock(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "乾しいたけ", SKUs: []catalog.SKU{
		{Code: "SH-1", ListPrice: 1000, TrackStock: true, Stock: 3}, sku("SH-2", 2000)}})
	other := e.addProduct(t, f, catalog.Product{Name: "別の商品", SKUs: []catalog.SKU{{Code: "SH-9", TrackStock: true}}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/products/" + p0.ID.String()
	tracked, untracked := p0.SKUs[0].ID.String(), p0.SKUs[1].ID.String()
	page := b.get(path)
	mustContain(t, "stock forms", page, ok, `action="`+path+`/skus/`+tracked+`/stock"`, "管理しない")
	if strings.Contains(page.body, `/skus/`+untracked+`/stock"`) {
		t.Errorf("an untracked SKU has a stock form")
	}
	token := b.csrf(page)
	stock := func() int64 { return e.storedProduct(t, f, p0.ID).SKUs[0].Stock }

	mustContain(t, "reason input", page, ok, `name="reason"`, `maxlength="200" required`)
	p := b.post(path+"/skus/"+tracked+"/stock", url.Values{"csrf_token": {token}, "delta": {"＋１０"}, "reason": {"入荷"}})
	mustContain(t, "stock in", followFlash(t, b, p, path+"#skus"), ok, "在庫を調整しました。", "<strong>13</strong>")
	for _, tt := range []struct{ delta, reason, msg string }{
		{"-20", "破損", catalog.MsgOutOfStock}, {"たくさん", "入荷", "増減数を0以外の整数で入力してください"},
		{"0", "入荷", "増減数を0以外の整数で入力してください"}, {"5", "", "理由を入力してください"},
		{"5", strings.Repeat("棚", 201), "理由は200文字以内で入力してください"},
	} {
		p = b.post(path+"/skus/"+tracked+"/stock", url.Values{"csrf_token": {token}, "delta": {tt.delta}, "reason": {tt.reason}})
		mustContain(t, "refused delta "+tt.delta, p, http.StatusUnprocessableEntity, tt.msg, `value="`+tt.delta+`"`,
			`name="reason" value="`+tt.reason+`"`)
	}
	if n := stock(); n != 13 {
		t.Errorf("stock %d after refusals, want 13", n)
	}
	p = b.post(path+"/skus/"+tracked+"/stock", url.Values{"csrf_token": {token}, "delta": {"▲3"}, "reason": {"棚卸差異"}})
	followFlash(t, b, p, path+"#skus")
	if n := stock(); n != 10 {
		t.Errorf("stock %d, want 10", n)
	}
	p = b.post(path+"/skus/"+untracked+"/stock", url.Values{"csrf_token": {token}, "delta": {"5"}, "reason": {"入荷"}})
	mustContain(t, "untracked", p, http.StatusUnprocessableEntity, "この品番は在庫管理をしていません")
	p = b.post(path+"/skus/"+other.SKUs[0].ID.String()+"/stock", url.Values{"csrf_token": {token}, "delta": {"5"}, "reason": {"入荷"}})
	if p.status != http.StatusNotFound {
		t.Errorf("adjusting another product's SKU here: %d, want 404", p.status)
	}
	if got := e.storedProduct(t, f, other.ID).SKUs[0].Stock; got != 0 {
		t.Errorf("the other product's stock changed to %d", got)
	}
}

func testAdminCategories(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin/categories"
	mustContain(t, "empty", b.get(base), ok, "カテゴリはまだありません。")
	p := b.submit(base, base, url.Values{"name": {"食品"}, "kana": {"しょくひん"}})
	mustContain(t, "created", followFlash(t, b, p, base), ok, "カテゴリを追加しました。", "食品", "しょくひん")
	cats, err := e.catalogAdmin().Categories(context.Background(), f.tenant.ID)
	if err != nil || len(cats) != 1 {
		t.Fatalf("categories %v, %v", cats, err)
	}
	food := cats[0]
	p = b.submit(base, base, url.Values{"name": {"調味料"}, "kana": {"Chomi"}, "parent_id": {food.ID.String()}})
	mustContain(t, "bad kana", p, http.StatusUnprocessableEntity, "フリガナはカタカナまたはひらがなで入力してください",
		`value="Chomi"`, `<option value="`+food.ID.String()+`" selected>`)
	p = b.submit(base, base, url.Values{"name": {"調味料"}, "parent_id": {food.ID.String()}})
	followFlash(t, b, p, base)
	sauce := e.addCategory(t, f, "醤油", 0)
	all, _ := e.catalogAdmin().Categories(context.Background(), f.tenant.ID)
	var seasoning catalog.Category
	for _, c := range all {
		if c.Name == "調味料" {
			seasoning = c
		}
	}

	// Move 醤油 under 調味料, then try to put 食品 under its own grandchild.
	edit := b.get(base + "?edit=" + sauce.ID.String())
	mustContain(t, "edit row", edit, ok, `action="`+base+`/`+sauce.ID.String()+`"`, `value="醤油"`)
	p = b.post(base+"/"+sauce.ID.String(), url.Values{"csrf_token": {b.csrf(edit)}, "name": {"醤油・たまり"}, "parent_id": {seasoning.ID.String()}})
	mustContain(t, "moved", followFlash(t, b, p, base+"#category-"+sauce.ID.String()), ok, "カテゴリを更新しました。",
		"\u3000\u3000└ 醤油・たまり")
	p = b.post(base+"/"+food.ID.String(), url.Values{"csrf_token": {b.csrf(edit)}, "name": {"食品"}, "parent_id": {sauce.ID.String()}})
	mustContain(t, "cycle", p, http.StatusUnprocessableEntity, "カテゴリを自身またはその下位カテゴリの下へ移動することはできません")

	e.addProduct(t, f, catalog.Product{Name: "濃口醤油", CategoryID: sauce.ID, SKUs: []catalog.SKU{sku("C-1", 100)}})
	token := b.csrf(b.get(base))
	p = b.post(base+"/"+sauce.ID.String()+"/delete", url.Values{"csrf_token": {token}})
	mustContain(t, "in use by a product", p, http.StatusConflict, "商品が1件登録されているため削除できません", "このカテゴリの商品を見る")
	p = b.post(base+"/"+food.ID.String()+"/delete", url.Values{"csrf_token": {token}})
	mustContain(t, "has children", p, http.StatusConflict, "下位カテゴリが1件あるため削除できません")
	empty := e.addCategory(t, f, "空のカテゴリ", 0)
	p = b.post(base+"/"+empty.ID.String()+"/delete", url.Values{"csrf_token": {token}})
	followFlash(t, b, p, base)
	if n := e.count(t, f.tenant.ID, "SELECT count(*) FROM categories WHERE tenant_id = "+f.tenant.ID.String()); n != 3 {
		t.Errorf("%d categories, want 3", n)
	}
	if p := b.post(base+"/999999/delete", url.Values{"csrf_token": {token}}); p.status != http.StatusNotFound {
		t.Errorf("delete an unknown category: %d", p.status)
	}
}

// testAdminCatalogRoles: viewers read the catalogue, staff change it,
// buyer users see none of it.
func testAdminCatalogRoles(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "昆布茶", SKUs: []catalog.SKU{{Code: "KC-1", TrackStock: true}}})
	admin := "/" + f.tenant.Slug + "/admin"
	id := p0.ID.String()
	pages := []string{admin + "/products", admin + "/products/" + id, admin + "/categories",
		admin + "/products/new", admin + "/products/" + id + "/edit"}
	tests := []struct {
		role string
		want []int
	}{
		{"", []int{away, away, away, away, away}},
		{identity.RoleViewer, []int{ok, ok, ok, deny, deny}},
		{identity.RoleStaff, []int{ok, ok, ok, ok, ok}},
		{identity.RolePurchaser, []int{away, away, away, away, away}},
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
	b := browsers[identity.RoleViewer]
	p := b.get(admin + "/products/" + id)
	for _, s := range []string{admin + "/products/new", "/edit", "/stock", "/visibility", "/delete", `name="image"`} {
		if strings.Contains(p.body, s) {
			t.Errorf("a viewer's detail page offers %q", s)
		}
	}
	token := b.csrf(p)
	before := e.productCount(t, f)
	form := productForm("閲覧者の商品", map[string]string{"code": "V-1"})
	form.Set("csrf_token", token)
	p = b.post(admin+"/products", form)
	mustContain(t, "viewer creates", p, deny, "アクセス権限がありません")
	for _, path := range []string{"/" + id + "/status", "/" + id + "/delete", "/" + id + "/skus/" + p0.SKUs[0].ID.String() + "/stock"} {
		if p := b.post(admin+"/products"+path, url.Values{"csrf_token": {token}, "status": {"published"}, "delta": {"5"}}); p.status != deny {
			t.Errorf("viewer POST %s: %d", path, p.status)
		}
	}
	if p := b.post(admin+"/categories", url.Values{"csrf_token": {token}, "name": {"x"}}); p.status != deny {
		t.Errorf("viewer creates a category: %d", p.status)
	}
	if n := e.productCount(t, f); n != before {
		t.Errorf("a viewer created a product")
	}
}

func testAdminCatalogEnglish(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "昆布茶", SKUs: []catalog.SKU{sku("KC-1", 100)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	b.setCookie("lang", "en")
	b.lang = "en"
	admin := "/" + f.tenant.Slug + "/admin"
	mustContain(t, "list", b.get(admin+"/products"), ok, "New product", "Draft")
	mustContain(t, "detail", b.get(admin+"/products/"+p0.ID.String()), ok, "Publish", "Visibility", "Stock")
	mustContain(t, "form", b.get(admin+"/products/new"), ok, "Standard rate 10%", "Track stock")
	mustContain(t, "categories", b.get(admin+"/categories"), ok, "No categories yet.")
}
