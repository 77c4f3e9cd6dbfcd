package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestShopCatalog runs the shop's catalogue scenarios (listing, search,
// product pages, images) on each engine, with the services wired as in
// app.Open.
func TestShopCatalog(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *shopFixture)
	}{
		{"PricesPerBuyer", testShopPrices},
		{"Visibility", testShopVisibility},
		{"Search", testShopSearchKana},
		{"Paging", testShopPaging},
		{"OtherTenant", testShopOtherTenant},
		{"Roles", testShopRoles},
		{"StockAndSellerData", testShopStockAndSellerData},
		{"HomeAndCategories", testShopHome},
		{"CategorySidebar", testShopCategorySidebar},
		{"English", testShopEnglish},
		{"ListingCache", testShopListingCache},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newShopEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, newShopFixture(t, e, e.fixture(t, 300+i))) })
		}
	})
}

// withShop adds the services the shop pages read (the buyer company, the
// catalogue and prices) to d where it has none, as app.Open wires them.
func withShop(d web.Deps, s *sqlstore.Store) web.Deps {
	if d.Buyers == nil {
		d.Buyers = &buyers.Service{Store: s, Identity: d.Identity}
	}
	if d.Catalog == nil {
		d.Catalog = &catalog.Service{Store: s}
	}
	if d.Pricing == nil {
		d.Pricing = &pricing.Service{Store: s, Now: time.Now}
	}
	if d.Sales == nil {
		d.Sales = &sales.Service{Store: s, Pricing: d.Pricing, Now: time.Now}
	}
	return d
}

func newShopEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	e.srv = newShopServer(t, e, 0)
	return e
}

// newShopServer serves e's store with a listing cache of cacheBytes (web.Deps).
func newShopServer(t *testing.T, e *env, cacheBytes int) *httptest.Server {
	t.Helper()
	bs := &buyers.Service{Store: e.s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(withShop(web.Deps{Tenants: e.s, Identity: e.svc, Data: e.s, Buyers: bs, ListingCacheBytes: cacheBytes,
		Fields: &customfields.Service{Store: e.s}, Logger: slog.New(slog.NewTextHandler(e.log, nil))}, e.s))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// shopFixture is a tenant's catalogue: categories 食品 › 調味料 and 日用品;
// price groups A and B; buyers in group A (one with its own price for
// SH-500), in group B and in none (f.buyer); and products:
//
//	soy      published, visible to all, in 調味料: SH-500 (JAN, list 1,000円;
//	         A: 870円, 820円 from 12; A2: 777円; B: 90% → 900円) and SH-1000
//	katsuo   published, visible to group A only, with an image
//	mirin    draft
//	tea      published, reduced tax, out of stock, in 食品, with an image
type shopFixture struct {
	*fixture
	base                    string
	food, seasoning, daily  catalog.Category
	buyerA, buyerA2, buyerB buyers.Buyer
	soy, katsuo, mirin, tea catalog.Product
	katsuoImage, teaImage   catalog.Image
	jan                     string
	catalog                 *catalog.Service
}

func newShopFixture(t *testing.T, e *env, f *fixture) *shopFixture {
	t.Helper()
	ctx := context.Background()
	sf := &shopFixture{fixture: f, base: "/" + f.tenant.Slug, catalog: &catalog.Service{Store: e.s}, jan: validJAN("490123456789")}
	groupA := sf.group(t, e, "A", "Aランク")
	groupB := sf.group(t, e, "B", "Bランク")
	sf.buyerA = e.addBuyer(t, f, buyers.Buyer{Code: "A001", Name: "株式会社あおば商事", PriceGroupID: groupA.ID})
	sf.buyerA2 = e.addBuyer(t, f, buyers.Buyer{Code: "A002", Name: "有限会社あさひ食品", PriceGroupID: groupA.ID})
	sf.buyerB = e.addBuyer(t, f, buyers.Buyer{Code: "B002", Name: "株式会社ぶなの木", PriceGroupID: groupB.ID})

	sf.food = sf.category(t, catalog.Category{Name: "食品"})
	sf.seasoning = sf.category(t, catalog.Category{Name: "調味料", ParentID: sf.food.ID})
	sf.daily = sf.category(t, catalog.Category{Name: "日用品", Position: 1})

	sf.soy = sf.product(t, catalog.Product{Name: "本醸造だし醤油", Kana: "ホンジョウゾウダシジョウユ", CategoryID: sf.seasoning.ID,
		Description: "かつおと昆布のだしを合わせた、料理店向けの醤油です。", Status: catalog.StatusPublished,
		Custom: map[string]any{"cost_memo": "仕入原価420円"},
		SKUs: []catalog.SKU{
			{Code: "SH-500", JAN: sf.jan, Variant: "500ml", Unit: "本", CaseQty: 12, ListPrice: 1000, TrackStock: true, Stock: 987654},
			{Code: "SH-1000", Variant: "1L", Unit: "本", CaseQty: 6, OrderLot: 6, MinQty: 6, ListPrice: 1800, TrackStock: true, Stock: 5},
		}})
	sf.katsuo = sf.product(t, catalog.Product{Name: "業務用かつお節", Kana: "ギョウムヨウカツオブシ", Status: catalog.StatusPublished,
		Visibility: catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{groupA.ID}},
		SKUs:       []catalog.SKU{{Code: "KT-100", Unit: "袋", ListPrice: 2500}}})
	sf.mirin = sf.product(t, catalog.Product{Name: "新商品みりん", Kana: "シンショウヒンミリン", Status: catalog.StatusDraft,
		SKUs: []catalog.SKU{{Code: "MR-1", ListPrice: 600}}})
	sf.tea = sf.product(t, catalog.Product{Name: "国産緑茶ティーバッグ", CategoryID: sf.food.ID, TaxClass: catalog.TaxReduced,
		Status: catalog.StatusPublished, SKUs: []catalog.SKU{{Code: "GT-50", Unit: "箱", ListPrice: 480, TrackStock: true}}})
	sf.katsuoImage = sf.image(t, sf.katsuo.ID)
	sf.teaImage = sf.image(t, sf.tea.ID)

	ps := &pricing.Service{Store: e.s}
	listA, err := ps.CreatePriceList(ctx, f.tenant.ID, pricing.PriceList{GroupID: groupA.ID, Name: "A価格表", Kind: pricing.KindFixed}, system)
	if err != nil {
		t.Fatal(err)
	}
	sf.item(t, ps, listA.ID, sf.soy.SKUs[0].ID, pricing.Break{MinQty: 1, Price: 870}, pricing.Break{MinQty: 12, Price: 820})
	sf.item(t, ps, listA.ID, sf.soy.SKUs[1].ID, pricing.Break{MinQty: 1, Price: 1650})
	if _, err := ps.CreatePriceList(ctx, f.tenant.ID, pricing.PriceList{GroupID: groupB.ID, Name: "B掛率", Kind: pricing.KindRate,
		RateBP: 9000, Rounding: pricing.RoundFloor}, system); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.CreateBuyerPrice(ctx, f.tenant.ID, pricing.BuyerPrice{BuyerID: sf.buyerA2.ID, SKUID: sf.soy.SKUs[0].ID,
		Breaks: []pricing.Break{{MinQty: 1, Price: 777}}}, system); err != nil {
		t.Fatal(err)
	}
	return sf
}

func (sf *shopFixture) group(t *testing.T, e *env, code, name string) buyers.PriceGroup {
	t.Helper()
	g, err := e.buyers().CreatePriceGroup(context.Background(), buyers.PriceGroup{Tenant: sf.tenant.ID, Code: code, Name: name}, system)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func (sf *shopFixture) category(t *testing.T, c catalog.Category) catalog.Category {
	t.Helper()
	got, err := sf.catalog.CreateCategory(context.Background(), sf.tenant.ID, c, system)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func (sf *shopFixture) product(t *testing.T, p catalog.Product) catalog.Product {
	t.Helper()
	got, err := sf.catalog.CreateProduct(context.Background(), sf.tenant.ID, p, system)
	if err != nil {
		t.Fatalf("product %s: %v", p.Name, err)
	}
	return got
}

func (sf *shopFixture) image(t *testing.T, productID oroshi.ID) catalog.Image {
	t.Helper()
	img, err := sf.catalog.AddImage(context.Background(), sf.tenant.ID, productID, bytes.NewReader(testPNG(t, 300, 200)), system)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func (sf *shopFixture) item(t *testing.T, ps *pricing.Service, list, sku oroshi.ID, breaks ...pricing.Break) {
	t.Helper()
	if err := ps.SetPriceListItem(context.Background(), sf.tenant.ID, pricing.PriceListItem{ListID: list, SKUID: sku, Breaks: breaks}, system); err != nil {
		t.Fatal(err)
	}
}

// shopper is a browser signed in as a new shop user of buyer.
func (sf *shopFixture) shopper(t *testing.T, e *env, buyer buyers.Buyer, role string) *browser {
	t.Helper()
	email := fmt.Sprintf("%s.%s.%d@example.jp", strings.ToLower(buyer.Code), strings.ReplaceAll(role, "_", "-"), sf.n)
	u, err := e.s.CreateUser(context.Background(), identity.User{Tenant: sf.tenant.ID, Realm: identity.RealmShop, BuyerID: buyer.ID,
		Email: email, Name: "買い手 花子", Role: role, PasswordHash: passwordHash(), Status: identity.StatusActive},
		audit.Event{Tenant: sf.tenant.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	b.signIn(user{User: u, base: sf.base})
	return b
}

// testPNG is a w × h picture with a colour gradient.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// validJAN completes 12 digits with the check digit.
func validJAN(first12 string) string {
	for d := '0'; d <= '9'; d++ {
		if catalog.ValidJAN(first12 + string(d)) {
			return first12 + string(d)
		}
	}
	panic("no check digit for " + first12)
}

var cardRE = regexp.MustCompile(`<li class="product-card">[\s\S]*?<h2><a href="[^"]*/products/(\d+)">`)

// cards are the product IDs listed on a page, in order.
func cards(p *page) []string {
	var out []string
	for _, m := range cardRE.FindAllStringSubmatch(p.body, -1) {
		out = append(out, m[1])
	}
	return out
}

func mustLack(t *testing.T, what string, p *page, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(p.body, s) {
			t.Errorf("%s: page shows %q", what, s)
		}
	}
}
