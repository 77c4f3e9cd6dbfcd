package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// breaksForm is an item or buyer price form: 品番 and rows of min qty, price.
func breaksForm(sku string, rows ...string) url.Values {
	v := url.Values{"sku": {sku}}
	for i := 0; i+1 < len(rows); i += 2 {
		v.Set(fmt.Sprintf("breaks[%d].min_qty", i/2), rows[i])
		v.Set(fmt.Sprintf("breaks[%d].price", i/2), rows[i+1])
	}
	return v
}

func testPriceItems(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	g := e.group(t, f, "A")
	l := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "特約店価格", Kind: pricing.KindFixed})
	ids := e.skus(t, f, 1500, "SK-001", "SK-002")
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/prices/lists/" + l.ID.String()
	mustContain(t, "no items", b.get(path), ok, "この価格表にはまだ単価がありません。", `name="breaks[4].price"`)

	// An unknown 品番 and bad breaks: every problem at once, nothing written.
	p := b.submit(path, path+"/items", breaksForm("NOPE-9", "2", "1200", "10", ""))
	mustContain(t, "unknown sku", p, http.StatusUnprocessableEntity, "この品番の商品は登録されていません",
		"最初の数量の下限は1にしてください", "単価を入力してください", `value="NOPE-9"`, `value="1200"`)
	p = b.submit(path, path+"/items", breaksForm("SK-001", "1", "1200", "1", "1100"))
	mustContain(t, "duplicate quantity", p, http.StatusUnprocessableEntity, "数量の下限が重複しています")
	if n := e.rows(t, f, "price_list_items"); n != 0 {
		t.Fatalf("%d items after refused forms", n)
	}

	// A full-width 品番 and formatted prices.
	p = b.submit(path, path+"/items", breaksForm("ＳＫ－００１", "1", "1,200", "", "", "１０", "１１００円"))
	mustContain(t, "item set", followFlash(t, b, p, path+"#items"), ok, "単価を設定しました。", "<code>SK-001</code>",
		"静岡煎茶 SK-001", "1,500円", "1〜: 1,200円 / 10〜: 1,100円")
	p = b.get(path + "?edit=SK-001")
	mustContain(t, "edit link", p, ok, "単価を変更", `value="SK-001" readonly`, `name="breaks[1].price" value="1100"`)
	p = b.submit(path, path+"/items", breaksForm("SK-001", "1", "1180"))
	p = followFlash(t, b, p, path+"#items")
	mustContain(t, "item replaced", p, ok, "1〜: 1,180円")
	if strings.Contains(p.body, "1,100円") {
		t.Error("the replaced break is still shown")
	}

	rate := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "掛け率", Kind: pricing.KindRate, RateBP: 8000, Rounding: pricing.RoundFloor})
	ratePath := "/" + f.tenant.Slug + "/admin/prices/lists/" + rate.ID.String()
	mustContain(t, "rate list page", b.get(ratePath), ok, "80%", "掛け率の価格表は")
	p = b.submit(ratePath, ratePath+"/items", breaksForm("SK-002", "1", "100"))
	mustContain(t, "item in a rate list", p, http.StatusUnprocessableEntity, "掛け率の価格表には商品別の単価を設定できません")

	p = b.submit(path, path+"/items/"+ids[0].String()+"/delete", nil)
	mustContain(t, "item removed", followFlash(t, b, p, path+"#items"), ok, "単価を削除しました。", "この価格表にはまだ単価がありません。")
	items, err := e.pricing().PriceListItems(ctx, f.tenant.ID, l.ID, pricing.Page{})
	if err != nil || len(items) != 0 {
		t.Errorf("items after removal: %+v, %v", items, err)
	}
}

var itemCodeRE = regexp.MustCompile(`<tr><td><code>([^<]*)</code>`)

func testPriceItemPaging(t *testing.T, e *env, f *fixture) {
	g := e.group(t, f, "A")
	l := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "全商品", Kind: pricing.KindFixed})
	var codes []string
	for i := 1; i <= 52; i++ {
		codes = append(codes, fmt.Sprintf("P%03d", i))
	}
	for _, id := range e.skus(t, f, 1000, codes...) {
		it := pricing.PriceListItem{ListID: l.ID, SKUID: id, Breaks: []pricing.Break{{MinQty: 1, Price: 900}}}
		if err := e.pricing().SetPriceListItem(context.Background(), f.tenant.ID, it, system); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	path := "/" + f.tenant.Slug + "/admin/prices/lists/" + l.ID.String()
	p := b.get(path)
	got := itemCodeRE.FindAllStringSubmatch(p.body, -1)
	if len(got) != 50 || got[0][1] != "P001" || got[49][1] != "P050" {
		t.Fatalf("first page: %d items", len(got))
	}
	mustContain(t, "first page", p, ok, `href="`+path+`?after=P050#items" rel="next"`)
	p = b.get(path + "?after=P050")
	got = itemCodeRE.FindAllStringSubmatch(p.body, -1)
	if len(got) != 2 || got[0][1] != "P051" {
		t.Errorf("second page: %v", got)
	}
	mustContain(t, "second page", p, ok, "最初へ")
	if strings.Contains(p.body, `rel="next"`) {
		t.Error("the last page links to a next one")
	}
}

func testBuyerPricePages(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	e.skus(t, f, 2000, "BP-1", "BP-2")
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	base := "/" + f.tenant.Slug + "/admin/prices/buyers"
	mine := base + "?buyer=B001"
	mustContain(t, "no buyer", b.get(base), ok, "取引先コードを入力して、その取引先の個別単価を表示します。")
	mustContain(t, "unknown buyer", b.get(base+"?buyer=NOPE"), http.StatusUnprocessableEntity, "この取引先コードは登録されていません", `value="NOPE"`)
	mustContain(t, "full-width code", b.get(base+"?buyer="+url.QueryEscape("Ｂ００１")), ok, "株式会社まるやま商店",
		"この取引先の個別単価はまだありません。")

	form := breaksForm("BP-9", "1", "1800")
	form.Set("buyer", "B001")
	p := b.submit(mine, base, form)
	mustContain(t, "unknown sku", p, http.StatusUnprocessableEntity, "この品番の商品は登録されていません", `value="1800"`)
	form = breaksForm("BP-1", "1", "1800", "12", "1700")
	form.Set("buyer", "B001")
	form.Set("valid_from", "2026-10-01")
	form.Set("valid_to", "2026-04-01")
	p = b.submit(mine, base, form)
	mustContain(t, "inverted period", p, http.StatusUnprocessableEntity, "適用開始日は終了日以前にしてください")
	if n := e.rows(t, f, "buyer_prices"); n != 0 {
		t.Fatalf("%d buyer prices after refused forms", n)
	}
	form.Set("valid_from", "2026/4/1")
	form.Set("valid_to", "")
	p = b.submit(mine, base, form)
	mustContain(t, "created", followFlash(t, b, p, mine), ok, "個別単価を登録しました。", "<code>BP-1</code>",
		"1〜: 1,800円 / 12〜: 1,700円", "2026/04/01〜", "適用中")

	rows, err := e.pricing().BuyerPrices(ctx, f.tenant.ID, f.buyer.ID, pricing.Page{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("buyer prices %+v, %v", rows, err)
	}
	id := rows[0].ID.String()
	edit := mine + "&edit=" + id
	mustContain(t, "edit form", b.get(edit), ok, "個別単価を変更", `name="breaks[1].price" value="1700"`, `value="2026-04-01"`)
	upd := breaksForm("", "1", "1750")
	upd.Set("valid_from", "2026-04-01")
	upd.Set("valid_to", "2026-12-31")
	stale := withVersion(t, b, edit, upd)
	p = b.post(base+"/"+id, withVersion(t, b, edit, upd))
	mustContain(t, "updated", followFlash(t, b, p, mine), ok, "個別単価を更新しました。", "2026/04/01〜2026/12/31", "1〜: 1,750円")
	stale.Set("breaks[0].price", "1")
	p = b.post(base+"/"+id, stale)
	mustContain(t, "stale", p, http.StatusConflict, "他の担当者が先に更新しました。最新の内容を確認してください。", `value="1750"`)

	p = b.submit(mine, base+"/"+id+"/delete", nil)
	mustContain(t, "deleted", followFlash(t, b, p, mine), ok, "個別単価を削除しました。", "この取引先の個別単価はまだありません。")
}

func testPriceCheck(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	g := e.group(t, f, "A")
	buyer := f.buyer
	buyer.PriceGroupID = g.ID
	if _, err := e.buyers().Update(ctx, buyer, system); err != nil {
		t.Fatal(err)
	}
	sku := e.skus(t, f, 2000, "CK-1")[0]
	rate := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "A掛け率", Kind: pricing.KindRate, RateBP: 7250, Rounding: pricing.RoundFloor})
	fixed := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "A特価", Kind: pricing.KindFixed})
	old := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "旧特価", Kind: pricing.KindFixed,
		Valid: pricing.Period{To: pricing.NewDate(2026, 3, 31)}})
	svc := e.pricing()
	for _, it := range []pricing.PriceListItem{{ListID: fixed.ID, SKUID: sku, Breaks: []pricing.Break{{MinQty: 1, Price: 1500}}},
		{ListID: old.ID, SKUID: sku, Breaks: []pricing.Break{{MinQty: 1, Price: 1300}}}} {
		if err := svc.SetPriceListItem(ctx, f.tenant.ID, it, system); err != nil {
			t.Fatal(err)
		}
	}
	bp, err := svc.CreateBuyerPrice(ctx, f.tenant.ID, pricing.BuyerPrice{BuyerID: buyer.ID, SKUID: sku,
		Breaks: []pricing.Break{{MinQty: 1, Price: 1400}, {MinQty: 10, Price: 1350}}}, system)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := e.signedIn(t, f, identity.RoleViewer)
	check := "/" + f.tenant.Slug + "/admin/prices/check"
	p := b.get(check)
	mustContain(t, "empty check", p, ok, `name="date" value="2026-05-15"`, `name="qty" value="1"`)
	if strings.Contains(p.body, "判定の内訳") {
		t.Error("an empty check shows an explanation")
	}
	p = b.get(check + "?buyer=B001&sku=CK-1&qty=12&date=2026-05-15")
	mustContain(t, "check", p, ok, "1,350円", `badge rule-buyer_price">個別単価<`, "16,200円", "67.5%",
		`<li class="applied"><span class="badge reason-applied">適用</span>`,
		"個別単価（#"+bp.ID.String()+"・期間指定なし）: 適用 1,350円（数量10以上）",
		"グループ価格表「A特価」（#"+fixed.ID.String()+"・期間指定なし）: 上位のルールを適用 1,500円",
		"掛け率「A掛け率」72.5%・切り捨て（#"+rate.ID.String()+"・期間指定なし）: 上位のルールを適用 1,450円",
		"グループ価格表「旧特価」（#"+old.ID.String()+"・〜2026-03-31）: 期間外",
		"定価: 上位のルールを適用 2,000円",
		`href="/`+f.tenant.Slug+`/admin/prices/lists/`+fixed.ID.String()+`"`)

	p = b.get(check + "?buyer=NOPE&sku=NONE&qty=x")
	mustContain(t, "unknown codes", p, http.StatusUnprocessableEntity, "この取引先コードは登録されていません",
		"この品番の商品は登録されていません", "数量は数字で入力してください", `value="NOPE"`)
	p = b.get(check + "?buyer=B001&sku=CK-1&qty=0&date=2026-02-30")
	mustContain(t, "bad date", p, http.StatusUnprocessableEntity, "日付が正しくありません")
	p = b.get(check + "?buyer=B001&sku=CK-1&qty=0")
	mustContain(t, "zero quantity", p, http.StatusUnprocessableEntity, "数量は1以上で入力してください")
}
