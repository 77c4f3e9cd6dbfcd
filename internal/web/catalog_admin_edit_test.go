package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// editForm is the product form as the edit page fills it in.
func editForm(t *testing.T, p *page) url.Values {
	t.Helper()
	m := updatedAtRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no updated_at in the edit form:\n%s", p.body)
	}
	return url.Values{"updated_at": {m[1]}}
}

func testAdminProductEditStale(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "かつお節", SKUs: []catalog.SKU{
		{Code: "KT-1", ListPrice: 800, TrackStock: true, Stock: 5}, sku("KT-2", 1500)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/products/" + p0.ID.String()
	id1, id2 := p0.SKUs[0].ID.String(), p0.SKUs[1].ID.String()

	page := b.get(path + "/edit")
	mustContain(t, "edit form", page, ok, `value="かつお節"`, `value="KT-1"`, `name="skus[0].id" value="`+id1+`"`,
		`name="skus[1].delete"`, `name="skus[4].code"`, "在庫 5")
	form := editForm(t, page)
	// Someone else saves first.
	other := e.storedProduct(t, f, p0.ID)
	other.Name, other.UpdatedAt = "本枯れかつお節", time.Time{}
	if _, err := e.catalogAdmin().UpdateProduct(context.Background(), f.tenant.ID, other, system); err != nil {
		t.Fatal(err)
	}
	mine := productForm("かつお節（徳用）",
		map[string]string{"id": id1, "code": "KT-1", "list_price": "900", "track_stock": "on"},
		map[string]string{"id": id2, "code": "KT-2", "list_price": "1500", "delete": "on"},
		map[string]string{"code": "KT-3", "list_price": "2500"})
	mine.Set("updated_at", form.Get("updated_at"))
	mine.Set("csrf_token", b.csrf(page))
	p := b.post(path, mine)
	mustContain(t, "stale save", p, http.StatusConflict, "他の担当者が先にこの商品を更新しました。",
		`value="本枯れかつお節"`, "かつお節（徳用）", "定価: 900", "追加する品番", "KT-3", "削除する品番")
	if got := e.storedProduct(t, f, p0.ID); got.Name != "本枯れかつお節" || len(got.SKUs) != 2 {
		t.Fatalf("after a stale save: %q with %d SKUs", got.Name, len(got.SKUs))
	}

	// Saved again from the latest version: KT-2 deleted, KT-3 added, KT-1 repriced.
	mine.Set("updated_at", editForm(t, p).Get("updated_at"))
	p = b.post(path, mine)
	mustContain(t, "saved again", followFlash(t, b, p, path), ok, "商品を更新しました。", "かつお節（徳用）", "KT-3", "900円")
	got := e.storedProduct(t, f, p0.ID)
	if len(got.SKUs) != 2 || got.SKUs[0].Code != "KT-1" || got.SKUs[0].ListPrice != 900 || got.SKUs[0].Stock != 5 || got.SKUs[1].Code != "KT-3" {
		t.Errorf("stored SKUs after the edit: %+v", got.SKUs)
	}

	// A bad JAN on an edit is shown on its row, and nothing is saved.
	page = b.get(path + "/edit")
	bad := productForm("かつお節（徳用）", map[string]string{"id": got.SKUs[0].ID.String(), "code": "KT-1"},
		map[string]string{"id": got.SKUs[1].ID.String(), "code": "KT-3", "jan": "12345"})
	bad.Set("updated_at", editForm(t, page).Get("updated_at"))
	bad.Set("csrf_token", b.csrf(page))
	p = b.post(path, bad)
	mustContain(t, "bad JAN on edit", p, http.StatusUnprocessableEntity)
	if row := skuRowHTML(t, p, 1); !strings.Contains(row, "JANコードは8桁または13桁の数字で入力してください") {
		t.Errorf("row 1 lacks the JAN message:\n%s", row)
	}
	bad.Del("updated_at")
	if p := b.post(path, bad); p.status != http.StatusBadRequest {
		t.Errorf("a save without updated_at: %d, want 400", p.status)
	}
	if p := b.get("/" + f.tenant.Slug + "/admin/products/999999/edit"); p.status != http.StatusNotFound {
		t.Errorf("edit of an unknown product: %d", p.status)
	}
}

func testAdminProductStatusDelete(t *testing.T, e *env, f *fixture) {
	p0 := e.addProduct(t, f, catalog.Product{Name: "白だし", SKUs: []catalog.SKU{sku("SD-1", 600)}})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/products/" + p0.ID.String()
	page := b.get(path)
	mustContain(t, "draft", page, ok, "この商品は下書きです。", "公開する", "販売終了にする")
	token := b.csrf(page)
	p := b.post(path+"/status", url.Values{"csrf_token": {token}, "status": {"published"}})
	mustContain(t, "published", followFlash(t, b, p, path), ok, "商品を公開しました。", `<span class="badge published">公開</span>`, "下書きに戻す")
	if got := e.storedProduct(t, f, p0.ID); got.Status != catalog.StatusPublished {
		t.Errorf("status %q", got.Status)
	}
	if p := b.post(path+"/status", url.Values{"csrf_token": {token}, "status": {"gone"}}); p.status != http.StatusBadRequest {
		t.Errorf("unknown status: %d", p.status)
	}
	p = b.post(path+"/delete", url.Values{"csrf_token": {token}})
	mustContain(t, "deleted", followFlash(t, b, p, "/"+f.tenant.Slug+"/admin/products"), ok, "商品を削除しました。")
	if p := b.get(path); p.status != http.StatusNotFound {
		t.Errorf("deleted product: %d", p.status)
	}
}
