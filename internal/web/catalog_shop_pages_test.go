package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

const notFound = http.StatusNotFound

// testShopPrices: each buyer sees its own price, and never another's.
func testShopPrices(t *testing.T, e *env, sf *shopFixture) {
	soy := sf.base + "/products/" + sf.soy.ID.String()
	others := map[string][]string{ // prices a buyer must never see
		"A":    {"777円", "900円", "1,620円", "1,000円", "1,800円"},
		"A2":   {"870円", "820円", "900円", "1,000円"},
		"B":    {"870円", "820円", "777円", "1,650円", "1,000円", "1,800円"},
		"none": {"870円", "820円", "777円", "900円", "1,650円", "1,620円"},
	}
	tests := []struct {
		who     string
		list    []string // on the listing
		product []string // on the product page
		noTiers bool
	}{
		{who: "A", list: []string{"870円", "1,650円"}, product: []string{"870円", "12本以上", "820円", "1,650円"}},
		{who: "A2", list: []string{"777円", "1,650円"}, product: []string{"777円", "1,650円"}, noTiers: true},
		{who: "B", list: []string{"900円", "1,620円"}, product: []string{"900円", "1,620円"}, noTiers: true},
		{who: "none", list: []string{"1,000円", "1,800円"}, product: []string{"1,000円", "1,800円"}, noTiers: true},
	}
	buyersOf := map[string]func() *browser{
		"A":    func() *browser { return sf.shopper(t, e, sf.buyerA, identity.RolePurchaser) },
		"A2":   func() *browser { return sf.shopper(t, e, sf.buyerA2, identity.RolePurchaser) },
		"B":    func() *browser { return sf.shopper(t, e, sf.buyerB, identity.RolePurchaser) },
		"none": func() *browser { return sf.shopper(t, e, sf.buyer, identity.RolePurchaser) },
	}
	for _, tt := range tests {
		b := buyersOf[tt.who]()
		list := b.get(sf.base + "/products?category=" + sf.seasoning.ID.String())
		mustContain(t, tt.who+" listing", list, ok, tt.list...)
		mustLack(t, tt.who+" listing", list, others[tt.who]...)
		p := b.get(soy)
		mustContain(t, tt.who+" product page", p, ok, tt.product...)
		mustLack(t, tt.who+" product page", p, others[tt.who]...)
		if tt.noTiers {
			mustLack(t, tt.who+" product page", p, `<ul class="tiers">`)
		}
		// The 1L SKU is sold from 6: its price is the one at 6.
		mustContain(t, tt.who+" minimum order", p, ok, `data-label="最小発注数">6</td>`)
	}
}

// testShopVisibility: a restricted product exists only for the buyers it
// is shown to; a draft for nobody. Anything hidden is a 404, like a
// product that never existed.
func testShopVisibility(t *testing.T, e *env, sf *shopFixture) {
	a := sf.shopper(t, e, sf.buyerA, identity.RoleBuyerView)
	b := sf.shopper(t, e, sf.buyerB, identity.RoleBuyerView)
	katsuo := sf.base + "/products/" + sf.katsuo.ID.String()
	img := katsuo + "/images/" + sf.katsuoImage.ID.String()
	mirin := sf.base + "/products/" + sf.mirin.ID.String()

	mustContain(t, "A listing", a.get(sf.base+"/products"), ok, "業務用かつお節", "本醸造だし醤油")
	mustContain(t, "A search", a.get(sf.base+"/search?q="+url.QueryEscape("かつお")), ok, "業務用かつお節")
	mustContain(t, "A page", a.get(katsuo), ok, "業務用かつお節", "KT-100", img+"?size=full")
	for _, size := range []string{"thumb", "full"} {
		p := a.get(img + "?size=" + size)
		if p.status != ok || p.header.Get("Content-Type") != "image/jpeg" || p.header.Get("Cache-Control") != "private, max-age=3600" {
			t.Errorf("A image %s: %d %q %q", size, p.status, p.header.Get("Content-Type"), p.header.Get("Cache-Control"))
		}
	}

	mustLack(t, "B listing", b.get(sf.base+"/products"), "業務用かつお節", "KT-100")
	mustLack(t, "B search", b.get(sf.base+"/search?q="+url.QueryEscape("かつお")), "業務用かつお節")
	mustLack(t, "B search by code", b.get(sf.base+"/products?q=KT-100"), "業務用かつお節")
	mustContain(t, "B page", b.get(katsuo), notFound, "ページが見つかりません")
	for _, size := range []string{"thumb", "full", ""} {
		if p := b.get(img + "?size=" + size); p.status != notFound || strings.HasPrefix(p.header.Get("Content-Type"), "image/") {
			t.Errorf("B image %q: %d %s", size, p.status, p.header.Get("Content-Type"))
		}
	}
	for who, br := range map[string]*browser{"A": a, "B": b} {
		mustLack(t, who+" listing", br.get(sf.base+"/products"), "新商品みりん", "MR-1")
		mustLack(t, who+" search", br.get(sf.base+"/search?q="+url.QueryEscape("みりん")), "新商品みりん")
		mustContain(t, who+" draft page", br.get(mirin), notFound)
	}
	// An image is served only under its own product.
	tea := sf.base + "/products/" + sf.tea.ID.String()
	mustContain(t, "image under another product", a.get(tea+"/images/"+sf.katsuoImage.ID.String()), notFound)
	mustContain(t, "bad size", a.get(img+"?size=huge"), notFound)
	// Revalidation answers 304 only after the visibility check.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+img+"?size=thumb", nil)
	req.Header.Set("If-None-Match", `"`+sf.katsuoImage.SHA256+`-thumb"`)
	if p := a.do(req); p.status != http.StatusNotModified {
		t.Errorf("A revalidation: %d", p.status)
	}
	req, _ = http.NewRequest(http.MethodGet, e.srv.URL+img+"?size=thumb", nil)
	req.Header.Set("If-None-Match", `"`+sf.katsuoImage.SHA256+`-thumb"`)
	if p := b.do(req); p.status != notFound {
		t.Errorf("B revalidation: %d", p.status)
	}
}

// testShopSearchKana: kana in any width or script, 品番 and JAN.
func testShopSearchKana(t *testing.T, e *env, sf *shopFixture) {
	b := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView)
	soy, tea := sf.soy.ID.String(), sf.tea.ID.String()
	for _, q := range []string{"だしじょうゆ", "ダシジョウユ", "ﾀﾞｼｼﾞｮｳﾕ", "だし醤油", "SH-500", "sh-500", sf.jan, sf.jan[:9]} {
		for _, path := range []string{"/search?q=", "/products?q="} {
			p := b.get(sf.base + path + url.QueryEscape(q))
			got := cards(p)
			if len(got) != 1 || got[0] != soy {
				t.Errorf("%s%s: products %v, want [%s]", path, q, got, soy)
			}
			mustContain(t, "search "+q, p, ok, `value="`+html.EscapeString(q)+`"`)
		}
	}
	// The search stays within the category shown.
	p := b.get(sf.base + "/products?category=" + sf.seasoning.ID.String() + "&q=" + url.QueryEscape("緑茶"))
	mustContain(t, "search in 調味料", p, ok, "該当する商品が見つかりませんでした。", "すべてのカテゴリから探す")
	p = b.get(sf.base + "/products?category=" + sf.food.ID.String() + "&q=" + url.QueryEscape("緑茶"))
	if got := cards(p); len(got) != 1 || got[0] != tea {
		t.Errorf("緑茶 in 食品: %v", got)
	}
	mustContain(t, "no match", b.get(sf.base+"/search?q="+url.QueryEscape("存在しない商品")), ok,
		"該当する商品が見つかりませんでした。", "ひらがな・カタカナのどちらでも検索できます。")
	long := strings.Repeat("あ", 150)
	mustContain(t, "long query", b.get(sf.base+"/search?q="+url.QueryEscape(long)), ok, `value="`+strings.Repeat("あ", 100)+`"`)
}

// testShopPaging: 20 a page, 次へ by cursor, 前へ back; categories include
// their subcategories.
func testShopPaging(t *testing.T, e *env, sf *shopFixture) {
	for i := 1; i <= 25; i++ {
		sf.product(t, catalog.Product{Name: fmt.Sprintf("紙皿%02d", i), CategoryID: sf.daily.ID, Status: catalog.StatusPublished,
			SKUs: []catalog.SKU{{Code: fmt.Sprintf("PL-%02d", i), ListPrice: 100}}})
	}
	b := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView)
	first := b.get(sf.base + "/products?category=" + sf.daily.ID.String())
	page1 := cards(first)
	mustContain(t, "page 1", first, ok, "25件中 1–20件を表示", "次へ")
	mustLack(t, "page 1", first, `rel="prev"`)
	next := linkOf(t, first, "next")
	if !strings.Contains(next, "cursor=") || !strings.Contains(next, "page=2") {
		t.Errorf("next link %q", next)
	}
	second := b.get(next)
	mustContain(t, "page 2", second, ok, "25件中 21–25件を表示", "紙皿01")
	if len(page1) != 20 || len(cards(second)) != 5 || page1[0] == cards(second)[0] {
		t.Errorf("pages: %d then %d", len(page1), len(cards(second)))
	}
	mustLack(t, "page 2", second, `rel="next"`)
	back := b.get(linkOf(t, second, "prev"))
	if got := cards(back); len(got) != 20 || got[0] != page1[0] {
		t.Errorf("back to page 1: %v", got)
	}
	// 食品 lists its own product and those of 調味料 below it.
	food := cards(b.get(sf.base + "/products?category=" + sf.food.ID.String()))
	if len(food) != 2 {
		t.Errorf("食品 lists %v, want tea and soy", food)
	}
	mustContain(t, "unknown category", b.get(sf.base+"/products?category=999999"), notFound)
	mustContain(t, "bad category", b.get(sf.base+"/products?category=abc"), notFound)
	mustContain(t, "past the end", b.get(sf.base+"/products?page=50"), ok, "このページには商品がありません。", "最初のページへ")
}

var relRE = regexp.MustCompile(`<a href="([^"]*)" rel="(prev|next)">`)

func linkOf(t *testing.T, p *page, rel string) string {
	t.Helper()
	for _, m := range relRE.FindAllStringSubmatch(p.body, -1) {
		if m[2] == rel {
			return html.UnescapeString(m[1])
		}
	}
	t.Fatalf("no %s link", rel)
	return ""
}

// testShopOtherTenant: another tenant's product and image are 404.
func testShopOtherTenant(t *testing.T, e *env, sf *shopFixture) {
	other := newShopFixture(t, e, e.fixture(t, 2000+sf.n))
	b := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView)
	theirs := sf.base + "/products/" + other.tea.ID.String()
	mustContain(t, "their product", b.get(theirs), notFound)
	mustContain(t, "their image", b.get(theirs+"/images/"+other.teaImage.ID.String()+"?size=thumb"), notFound)
	mustContain(t, "their image under ours", b.get(sf.base+"/products/"+sf.tea.ID.String()+"/images/"+other.teaImage.ID.String()), notFound)
	mustContain(t, "their category", b.get(sf.base+"/products?category="+other.food.ID.String()), notFound)
	mustLack(t, "our listing", b.get(sf.base+"/products"), other.tea.ID.String()+`"`)
}

// testShopRoles: every buyer role browses; anyone else signs in first.
func testShopRoles(t *testing.T, e *env, sf *shopFixture) {
	paths := []string{"/products", "/search?q=" + url.QueryEscape("醤油"), "/products/" + sf.soy.ID.String(),
		"/products/" + sf.tea.ID.String() + "/images/" + sf.teaImage.ID.String() + "?size=thumb"}
	for _, role := range []string{identity.RoleBuyerView, identity.RolePurchaser, identity.RoleBuyerAdmin} {
		b := sf.shopper(t, e, sf.buyerA, role)
		for _, path := range paths {
			if p := b.get(sf.base + path); p.status != ok {
				t.Errorf("%s GET %s: %d", role, path, p.status)
			}
		}
	}
	anon := e.browser(t)
	staff, _ := e.signedIn(t, sf.fixture, identity.RoleStaff) // signed in to the admin only
	for _, path := range paths {
		for who, b := range map[string]*browser{"anonymous": anon, "seller staff": staff} {
			if p := b.get(sf.base + path); p.status != away || p.location != sf.base+"/login" {
				t.Errorf("%s GET %s: %d → %q", who, path, p.status, p.location)
			}
		}
	}
	// A suspended buyer company's sessions end; its pages are gone.
	b := sf.shopper(t, e, sf.buyerB, identity.RoleBuyerView)
	if err := e.buyers().Suspend(context.Background(), sf.tenant.ID, sf.buyerB.ID, system); err != nil {
		t.Fatal(err)
	}
	if p := b.get(sf.base + "/products"); p.status == ok {
		t.Errorf("suspended buyer: %d", p.status)
	}
}

// testShopStockAndSellerData: stock as a status, never a number; no
// custom fields.
func testShopStockAndSellerData(t *testing.T, e *env, sf *shopFixture) {
	b := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView)
	for _, path := range []string{"/products", "/products/" + sf.soy.ID.String(), "/products/" + sf.tea.ID.String()} {
		p := b.get(sf.base + path)
		mustLack(t, path, p, "987654", "987,654", "仕入原価", "cost_memo", "Aランク", "A価格表", "定価")
	}
	soy := b.get(sf.base + "/products/" + sf.soy.ID.String())
	mustContain(t, "soy", soy, ok, `<span class="stock ok">在庫あり</span>`, `<span class="stock low">残りわずか</span>`,
		sf.jan, "500ml", "かつおと昆布のだし", "ホンジョウゾウダシジョウユ", "食品</a> › <a", "調味料</a>")
	tea := b.get(sf.base + "/products/" + sf.tea.ID.String())
	mustContain(t, "tea", tea, ok, `<span class="stock out">在庫なし</span>`, "8%", "※", "軽減税率（8%）の対象商品です。",
		sf.teaImage.ID.String()+"?size=full")
	mustLack(t, "tea", tea, "JANコード") // no SKU has one: no empty column
}

// testShopHome: the home page offers the categories that hold something
// for the buyer, and the search box.
func testShopHome(t *testing.T, e *env, sf *shopFixture) {
	b := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView)
	p := b.get(sf.base + "/")
	mustContain(t, "home", p, ok, `action="`+sf.base+`/search"`, "カテゴリから探す",
		`href="`+sf.base+`/products?category=`+sf.food.ID.String()+`">食品</a>`, `href="`+sf.base+`/products">商品一覧</a>`)
	mustLack(t, "home", p, ">調味料<", ">日用品<") // subcategories are on the listing; 日用品 has no product
	list := b.get(sf.base + "/products?category=" + sf.seasoning.ID.String())
	mustContain(t, "sidebar", list, ok, `aria-current="page">調味料</a> <small class="count">1</small>`, `<h1>調味料</h1>`,
		`>食品</a> <small class="count">2</small>`)
}

// testShopCategorySidebar: a buyer's categories are those with a product
// that buyer may see, here or below, counted; a category of drafts or of
// products hidden from the buyer is neither offered nor listed.
func testShopCategorySidebar(t *testing.T, e *env, sf *shopFixture) {
	dried := sf.category(t, catalog.Category{Name: "乾物"})
	fish := sf.category(t, catalog.Category{Name: "節類", ParentID: dried.ID})
	fresh := sf.category(t, catalog.Category{Name: "新商品"})
	sf.product(t, catalog.Product{Name: "A専用の削り節", CategoryID: fish.ID, Status: catalog.StatusPublished,
		Visibility: catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{sf.buyerA.PriceGroupID}},
		SKUs:       []catalog.SKU{{Code: "KZ-1", ListPrice: 900}}})
	sf.product(t, catalog.Product{Name: "B002専用の昆布", CategoryID: fish.ID, Status: catalog.StatusPublished,
		Visibility: catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{sf.buyerB.ID}},
		SKUs:       []catalog.SKU{{Code: "KB-1", ListPrice: 700}}})
	sf.product(t, catalog.Product{Name: "準備中の酢", CategoryID: fresh.ID, Status: catalog.StatusDraft,
		SKUs: []catalog.SKU{{Code: "SU-1", ListPrice: 500}}})
	link := func(c catalog.Category) string {
		return `href="` + sf.base + `/products?category=` + c.ID.String() + `"`
	}

	a := sf.shopper(t, e, sf.buyerA, identity.RoleBuyerView)
	list := a.get(sf.base + "/products?category=" + dried.ID.String())
	mustContain(t, "A in 乾物", list, ok, `aria-current="page">乾物</a> <small class="count">1</small>`,
		link(fish)+`>節類</a> <small class="count">1</small>`, `>食品</a> <small class="count">2</small>`)
	mustLack(t, "A in 乾物", list, "新商品", "日用品", "B002専用の昆布")
	mustLack(t, "A home", a.get(sf.base+"/"), link(fresh), link(sf.daily))

	none := sf.shopper(t, e, sf.buyer, identity.RoleBuyerView) // no price group, no product of its own there
	home := none.get(sf.base + "/")
	mustContain(t, "no-group home", home, ok, link(sf.food))
	mustLack(t, "no-group home", home, link(dried), link(fresh))
	mustContain(t, "no-group 乾物", none.get(sf.base+"/products?category="+dried.ID.String()), notFound)
	mustContain(t, "no-group 新商品", none.get(sf.base+"/products?category="+fresh.ID.String()), notFound)
	mustContain(t, "no-group 食品", none.get(sf.base+"/products?category="+sf.food.ID.String()), ok,
		`>食品</a> <small class="count">2</small>`)
}

// testShopEnglish: the pages in English.
func testShopEnglish(t *testing.T, e *env, sf *shopFixture) {
	b := sf.shopper(t, e, sf.buyerA, identity.RoleBuyerView)
	b.setCookie("lang", "en")
	b.lang = "en"
	mustContain(t, "listing", b.get(sf.base+"/products"), ok, "All products", "Unit price (excl. tax)", "In stock", "Few left")
	mustContain(t, "product", b.get(sf.base+"/products/"+sf.soy.ID.String()), ok, "Items and prices", "12本 or more:")
	mustContain(t, "empty", b.get(sf.base+"/search?q=zzz"), ok, "No products match your search.")
}
