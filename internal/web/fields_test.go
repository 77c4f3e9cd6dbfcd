package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// addFields defines one custom buyer field of each type through the page.
func addFields(t *testing.T, b *browser, f *fixture) {
	t.Helper()
	path := "/" + f.tenant.Slug + "/admin/settings/fields"
	for _, fl := range []url.Values{
		{"key": {"sales_rep"}, "label": {"担当営業"}, "type": {"text"}, "required": {"on"}},
		{"key": {"employees"}, "label": {"従業員数"}, "type": {"number"}},
		{"key": {"since"}, "label": {"取引開始日"}, "type": {"date"}},
		{"key": {"rank"}, "label": {"ランク"}, "type": {"choice"}, "choices": {"S\r\nA\r\nB"}},
	} {
		fl.Set("entity", "buyer")
		p := b.submit(path+"?entity=buyer", path, fl)
		mustContain(t, "add "+fl.Get("key"), followFlash(t, b, p, path+"?entity=buyer"), ok, "項目を追加しました。", fl.Get("label"))
	}
}

func testCustomFieldsInForm(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	addFields(t, b, f)
	base := "/" + f.tenant.Slug + "/admin/buyers"
	mustContain(t, "form with custom fields", b.get(base+"/new"), ok, "独自項目",
		`name="custom.sales_rep"`, `name="custom.employees"`, `<input type="date" name="custom.since"`,
		`<select name="custom.rank"`, `<option value="A">A</option>`, "担当営業 <em class=\"req\">必須</em>")

	form := buyerForm("CF-1")
	form.Set("custom.employees", "たくさん")
	form.Set("custom.since", "2026-02-30")
	form.Set("custom.rank", "Z")
	before := e.buyerCount(t, f)
	p := b.submit(base+"/new", base, form)
	mustContain(t, "bad custom values", p, http.StatusUnprocessableEntity, "「担当営業」を入力してください",
		"「従業員数」は数値で入力してください", "「取引開始日」は日付（例: 2026-04-01）で入力してください",
		"「ランク」は選択肢から選んでください", `value="たくさん"`)
	if n := e.buyerCount(t, f); n != before {
		t.Errorf("a buyer was written with bad custom values")
	}
	form.Set("custom.sales_rep", "佐藤")
	form.Set("custom.employees", "１,２００")
	form.Set("custom.since", "2026-04-01")
	form.Set("custom.rank", "A")
	p = b.submit(base+"/new", base, form)
	if p.status != away {
		t.Fatalf("create with custom values: %d\n%s", p.status, p.body)
	}
	mustContain(t, "custom values shown", b.get(p.location), ok, "担当営業", "佐藤", "従業員数", "1200", "2026-04-01", "ランク")
	got, err := e.s.BuyerByCode(context.Background(), f.tenant.ID, "CF-1")
	if err != nil || got.Custom["employees"] != "1200" || got.Custom["rank"] != "A" {
		t.Errorf("stored custom values %v, %v", got.Custom, err)
	}
	edit := b.get(p.location + "/edit")
	mustContain(t, "edit shows custom values", edit, ok, `value="佐藤"`, `value="2026-04-01"`, `<option value="A" selected>A</option>`)
}

func testLabelRename(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	path := "/" + f.tenant.Slug + "/admin/settings/fields"
	mustContain(t, "labels table", b.get(path), ok, "この会社での名前", `name="label.code" value="取引先コード"`)
	p := b.submit(path, path+"/labels", url.Values{"entity": {"buyer"}, "label.code": {"得意先コード"}, "label.name": {"フリガナ"}})
	mustContain(t, "a label used twice", p, http.StatusUnprocessableEntity, "「フリガナ」は他の項目で使われています", `value="得意先コード"`)
	p = b.submit(path, path+"/labels", url.Values{"entity": {"buyer"}, "label.code": {"得意先コード"}, "label.name": {"得意先名"}})
	mustContain(t, "renamed", followFlash(t, b, p, path+"?entity=buyer#labels"), ok, "項目名を保存しました。", `value="得意先コード"`)
	mustContain(t, "renamed in the form", b.get("/"+f.tenant.Slug+"/admin/buyers/new"), ok, "得意先コード", "得意先名")
	mustContain(t, "renamed in the list", b.get("/"+f.tenant.Slug+"/admin/buyers"), ok, "<th>得意先コード</th>")
	p = b.submit(path, path+"/labels", url.Values{"entity": {"buyer"}, "label.code": {""}})
	followFlash(t, b, p, path+"?entity=buyer#labels")
	mustContain(t, "back to the default", b.get("/"+f.tenant.Slug+"/admin/buyers/new"), ok, "取引先コード", "得意先名")
}

var upRE = regexp.MustCompile(`(?s)<form method="post" action="[^"]*/settings/fields/order" class="inline">(.*?)</form>`)

func testFieldSettings(t *testing.T, e *env, f *fixture) {
	b, _ := e.signedIn(t, f, identity.RoleAdmin)
	addFields(t, b, f)
	path := "/" + f.tenant.Slug + "/admin/settings/fields"
	p := b.submit(path, path, url.Values{"entity": {"buyer"}, "key": {"Bad Key"}, "label": {"担当営業"}, "type": {"choice"}})
	mustContain(t, "bad field", p, http.StatusUnprocessableEntity, "項目キーは半角英小文字で始まる", "選択肢を1〜100個")
	p = b.submit(path, path, url.Values{"entity": {"buyer"}, "key": {"sales_rep"}, "label": {"別名"}, "type": {"text"}})
	mustContain(t, "taken key", p, http.StatusUnprocessableEntity, "この項目キーは既に使われています")
	p = b.submit(path, path, url.Values{"entity": {"nothing"}, "key": {"x"}, "label": {"x"}, "type": {"text"}})
	if p.status != http.StatusNotFound {
		t.Errorf("unknown entity: %d", p.status)
	}

	// Move the second field (従業員数) up: the button posts the new order.
	page := b.get(path)
	forms := upRE.FindAllString(page.body, -1)
	if len(forms) < 2 {
		t.Fatalf("order forms: %d", len(forms))
	}
	ids := regexp.MustCompile(`name="id" value="(\d+)"`).FindAllStringSubmatch(forms[1], -1) // first row has only "down"
	order := url.Values{"entity": {"buyer"}}
	for _, m := range ids {
		order.Add("id", m[1])
	}
	p = b.submit(path, path+"/order", order)
	followFlash(t, b, p, path+"?entity=buyer")
	defs, err := (&customfields.Service{Store: e.s}).Fields(context.Background(), f.tenant.ID, customfields.EntityBuyer)
	if err != nil || len(defs) != 4 || defs[0].Key != "employees" || defs[1].Key != "sales_rep" {
		t.Fatalf("order after moving up: %v, %v", keysOf(defs), err)
	}
	order.Del("id")
	order.Add("id", defs[0].ID.String())
	mustContain(t, "partial order", b.submit(path, path+"/order", order), http.StatusConflict, "項目の並び順が正しくありません")

	rank := defs[3]
	p = b.submit(path, path+"/"+rank.ID.String(), url.Values{"label": {"ランク"}, "choices": {"S\nS"}})
	mustContain(t, "duplicate choice", p, http.StatusUnprocessableEntity, "選択肢「S」が重複しています", "<details open>")
	p = b.submit(path, path+"/"+rank.ID.String(), url.Values{"label": {"取引ランク"}, "choices": {"S\nA\nB\nC"}, "required": {"on"}})
	mustContain(t, "edited", followFlash(t, b, p, path+"?entity=buyer"), ok, "項目を更新しました。", "取引ランク", "S、A、B、C")
	p = b.submit(path, path+"/"+defs[2].ID.String()+"/delete", nil)
	mustContain(t, "deleted", followFlash(t, b, p, path+"?entity=buyer"), ok, "項目を削除しました。")
	if strings.Contains(b.get("/"+f.tenant.Slug+"/admin/buyers/new").body, defs[2].Label) {
		t.Errorf("deleted field %q still in the buyer form", defs[2].Label)
	}
	mustContain(t, "product fields", b.get(path+"?entity=product"), ok, "独自項目はまだありません。", "品番", "JANコード")
	if p := b.get(path + "?entity=orders"); p.status != http.StatusNotFound {
		t.Errorf("unknown entity page: %d", p.status)
	}
}

func keysOf(defs []customfields.Field) []string {
	var out []string
	for _, d := range defs {
		out = append(out, d.Key)
	}
	return out
}
