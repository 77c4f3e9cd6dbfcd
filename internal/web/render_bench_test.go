package web

import (
	"bytes"
	"fmt"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// The hot pages of the load scenario, rendered from views of the size the
// pages show (a catalogue page of shopPageSize products, an order list of
// sales.DefaultPageSize orders) without a database: what these measure is
// the templates alone. TestRenderGolden (render_golden_test.go) keeps their
// output byte for byte.

// hotPage is one page as render gets it, before render fills in the
// request's part (see benchPage).
type hotPage struct {
	name, area, role string
	title            string
	data             any
}

var benchError = errorView{"ページが見つかりません", "お探しのページは見つかりませんでした。URLをご確認ください。"}

var benchTenant = &tenancy.Tenant{ID: 7, Slug: "sakura", Name: "さくら食品株式会社", Status: tenancy.StatusActive}

func hotPages() []hotPage {
	return []hotPage{
		{"shop/catalog/index", "shop", identity.RoleBuyerAdmin, "商品一覧", benchShopList()},
		{"shop/catalog/show", "shop", identity.RolePurchaser, "有機しょうゆ こいくち", benchShopProduct()},
		{"shop/cart/show", "shop", identity.RolePurchaser, "カート", benchCart()},
		{"admin/orders/index", "admin", identity.RoleAdmin, "受注一覧", benchOrderList()},
		{"admin/orders/show", "admin", identity.RoleStaff, "受注詳細", benchOrderShow()},
		// The layout alone, around the smallest page, for each area's navigation.
		{"errors/error", "shop", identity.RoleBuyerView, "ページが見つかりません", benchError},
		{"errors/error", "admin", identity.RoleOwner, "ページが見つかりません", benchError},
		{"errors/error", "ops", identity.RoleOperator, "ページが見つかりません", benchError},
	}
}

// key names the page in benchmarks and golden files: the layout pages
// by their area.
func (h hotPage) key() string {
	if h.name == "errors/error" {
		return "layout/" + h.area
	}
	return h.name
}

// benchPage is the Page render would execute for a signed-in user.
func benchPage(h hotPage, lang string) *Page {
	p := &Page{Lang: lang, Title: h.title, Area: h.area, Tenant: benchTenant, CSRF: "csrf-token",
		Version: "v1.2.3", Unread: 3, Data: h.data}
	p.Data = rowsFor(h.data, p.Lang, p.CSRF)
	switch h.area {
	case "shop":
		p.Base, p.Path, p.CartCount = "/sakura", "/sakura/products?category=2&q=%E3%81%A0%E3%81%97", 4
		p.User = &identity.User{ID: 11, Realm: identity.RealmShop, Role: h.role, Name: "山田 太郎", BuyerID: 5}
	case "admin":
		p.Base, p.Path = "/sakura/admin", "/sakura/admin/orders?status=received"
		p.User = &identity.User{ID: 12, Realm: identity.RealmAdmin, Role: h.role, Name: "桜井 一郎", TOTPEnabled: h.role != identity.RoleOwner}
	case "ops":
		p.Base, p.Path, p.Tenant = "/ops", "/ops/tenants", nil
		p.User = &identity.User{ID: 1, Realm: identity.RealmOps, Role: h.role, Name: "運営 管理者"}
	}
	return p
}

// rowsFor gives the rows of a list view the page's language (and the cart's
// its CSRF token), as the handlers build them (a view here is shared by
// both languages).
func rowsFor(data any, lang, csrf string) any {
	switch v := data.(type) {
	case shopCartView:
		v.CartRows = newCartRows(v.Lines, csrf, lang)
		return v
	case orderListView:
		v.Orders = slices.Clone(v.Orders)
		for i := range v.Orders {
			v.Orders[i].Lang = lang
		}
		return v
	case shopOrdersView:
		v.Orders = slices.Clone(v.Orders)
		for i := range v.Orders {
			v.Orders[i].Lang = lang
		}
		return v
	}
	return data
}

var benchNow = time.Date(2026, 11, 26, 3, 4, 5, 0, time.UTC)

func benchSKU(p, i int) catalog.SKU {
	id := oroshi.ID(p*100 + i)
	sku := catalog.SKU{ID: id, ProductID: oroshi.ID(p), Code: fmt.Sprintf("SY-%03d-%d", p, i), Unit: "本",
		CaseQty: 12 * i, OrderLot: 1, MinQty: i, ListPrice: oroshi.Yen(380 * i)}
	if i%2 == 0 {
		sku.Variant, sku.JAN = fmt.Sprintf("%dml", 500*i), "4901234567894"
	}
	if p%3 == 0 {
		sku.TrackStock, sku.Stock = true, int64((p*i)%15)
	}
	return sku
}

func benchProduct(p int) catalog.Product {
	pr := catalog.Product{ID: oroshi.ID(p), Name: fmt.Sprintf("有機しょうゆ こいくち <%d> & だし", p), Kana: "ユウキショウユ",
		Description: "国産大豆を使った本醸造しょうゆです。\n冷暗所で保存してください。", CategoryID: 2}
	if p%2 == 0 {
		pr.TaxClass, pr.ImageID = catalog.TaxReduced, oroshi.ID(900+p)
	}
	for i := 1; i <= 1+p%7; i++ {
		pr.SKUs = append(pr.SKUs, benchSKU(p, i))
	}
	return pr
}

func benchTree() []*catalog.CategoryNode {
	var cats []catalog.Category
	for i := 1; i <= 12; i++ {
		c := catalog.Category{ID: oroshi.ID(i), Name: fmt.Sprintf("調味料 %d", i), Position: i}
		if i > 4 {
			c.ParentID = oroshi.ID(1 + i%4)
		}
		cats = append(cats, c)
	}
	return catalog.Tree(cats)
}

func benchShopList() shopListView {
	list := catalog.ProductList{Total: 137, NextCursor: "cur"}
	prices := map[oroshi.ID]oroshi.Yen{}
	for p := 1; p <= shopPageSize; p++ {
		pr := benchProduct(p)
		for _, s := range pr.SKUs {
			prices[s.ID] = s.ListPrice * 9 / 10
		}
		list.Products = append(list.Products, pr)
	}
	tree := benchTree()
	return newShopListView("/sakura", "/products", shopQuery{Query: "だし", CategoryID: 2, Page: 2, Cursor: "c"},
		tree, categoryTrail(tree, 2), list, prices)
}

func benchShopProduct() shopProductView {
	p := benchProduct(6)
	for i := 1; i <= 3; i++ {
		p.Images = append(p.Images, catalog.Image{ID: oroshi.ID(800 + i), Width: 1200, Height: 900})
	}
	var tiers [][]pricing.Tier
	for _, s := range p.SKUs {
		tiers = append(tiers, []pricing.Tier{{MinQty: s.MinQty, UnitPrice: s.ListPrice}, {MinQty: 100, UnitPrice: s.ListPrice - 20}})
	}
	tree := benchTree()
	return newShopProductView("/sakura", p, categoryTrail(tree, 2), tiers)
}

func benchCart() shopCartView {
	var lines []sales.LineView
	t := sales.Totals{ByRate: []sales.RateTotal{{Rate: 10, Subtotal: 42000, Tax: 4200}, {Rate: 8, Subtotal: 18000, Tax: 1440}},
		Subtotal: 60000, Tax: 5640, Total: 65640}
	for i := 1; i <= 12; i++ {
		sku := benchSKU(i, 1+i%3)
		l := sales.LineView{Index: i - 1, SKUID: sku.ID, Code: sku.Code, Quantity: int64(12 * i), Known: true,
			SKU: sales.SKU{SKU: sku, ProductName: benchProduct(i).Name}, UnitPrice: 350, TaxRate: 10 - 2*(i%2),
			Amount: oroshi.Yen(350 * 12 * i), Priced: true}
		if i == 5 {
			l.Problems = []string{"在庫が不足しています"}
		}
		lines = append(lines, l)
	}
	base := "/sakura"
	return shopCartView{Lines: newCartLines(base, lines, map[string]string{}), Totals: newShopTotals(t), Orderable: true,
		Problems: 1, URL: base + "/cart", Checkout: base + "/checkout", Quick: base + "/cart/quick", Products: base + "/products"}
}

func benchOrder(i int) sales.Order {
	st := []sales.Status{sales.StatusReceived, sales.StatusApproved, sales.StatusShipped, sales.StatusCancelled}[i%4]
	return sales.Order{ID: oroshi.ID(5000 + i), Number: fmt.Sprintf("O-2026-%06d", 5000+i), BuyerID: 5,
		BuyerName: "株式会社まるやま商店", Status: st, Proxy: i%7 == 0, PONumber: map[bool]string{true: fmt.Sprintf("PO-%d", i)}[i%3 == 0],
		Totals: sales.Totals{Total: oroshi.Yen(12345 * i)}, LineCount: 1 + i%9, PlacedAt: benchNow.Add(-time.Duration(i) * time.Hour)}
}

func benchOrderList() orderListView {
	v := orderListView{Filter: orderFilterForm{Status: "received"}, Query: "status=received"}
	var list sales.OrderList
	for i := 1; i <= sales.DefaultPageSize; i++ {
		list.Orders = append(list.Orders, benchOrder(i))
	}
	list.NextCursor = "next"
	// No row cache: the page renders every row (benchPage sets their language).
	if err := (&Server{}).fillOrderRows(&v, list, "/sakura/admin", "", true); err != nil {
		panic(err)
	}
	v.Tabs = []orderTab{{Label: "すべて", URL: "/sakura/admin/orders"}}
	for _, st := range sales.Statuses {
		if st.SellerVisible() {
			v.Tabs = append(v.Tabs, orderTab{Label: st.Label(), URL: "/sakura/admin/orders?status=" + string(st), Current: st == sales.StatusReceived})
		}
	}
	v.Tabs[1].Count = "12"
	return v
}

func benchOrderShow() orderShowView {
	o := benchOrder(4)
	o.Status, o.Note, o.DesiredDate = sales.StatusReceived, "午前中指定でお願いします", pricing.Date{Year: 2026, Month: 12, Day: 1}
	o.ShipTo = sales.ShipTo{Label: "本店", Recipient: "まるやま商店 本店", PostalCode: "150-0001", Address: "東京都渋谷区神宮前1-2-3", Phone: "03-1234-5678"}
	for i := 1; i <= 8; i++ {
		sku := benchSKU(i, 1)
		o.Lines = append(o.Lines, sales.Line{No: i, SKUID: sku.ID, Code: sku.Code, ProductName: benchProduct(i).Name,
			Unit: sku.Unit, CaseQty: sku.CaseQty, Quantity: int64(10 * i), UnitPrice: 350, TaxRate: 10 - 2*(i%2), Amount: oroshi.Yen(3500 * i)})
	}
	o.Totals = sales.Totals{ByRate: []sales.RateTotal{{Rate: 10, Subtotal: 42000, Tax: 4200}, {Rate: 8, Subtotal: 18000, Tax: 1440}},
		Subtotal: 60000, Tax: 5640, Total: 65640}
	v := orderShowView{Order: o, Desired: dateText(o.DesiredDate), PlacedBy: "山田 太郎", CanIssue: true}
	v.Timeline = []timelineRow{{Label: "注文を受け付けました", At: benchNow, Actor: "山田 太郎"},
		{Label: "与信を確認しました", At: benchNow.Add(time.Minute), Auto: true}}
	v.Actions, v.CanShip, v.CanCancel = orderActions(o)
	return v
}

// BenchmarkRender renders each hot page as render does, in Japanese.
func BenchmarkRender(b *testing.B) {
	pages, err := parsePages()
	if err != nil {
		b.Fatal(err)
	}
	// "/framed": as render prints them, the frame kept (frame_cache.go)
	// and the navigation kept (nav_cache.go).
	s := &Server{pages: pages, frames: newFrameCache(defaultFrameCacheFrames), navs: newNavCache()}
	ways := []struct {
		suffix string
		render func(h hotPage) (*bytes.Buffer, error)
	}{
		{"", func(h hotPage) (*bytes.Buffer, error) { return executePage(pages, h.name, benchPage(h, langJA)) }},
		{"/framed", func(h hotPage) (*bytes.Buffer, error) {
			p := benchPage(h, langJA)
			p.Nav, _ = s.navs.nav(pages, h.name, p)
			return s.executeFramed(h.name, p)
		}},
	}
	for _, way := range ways {
		for _, h := range hotPages() {
			b.Run(h.key()+way.suffix, func(b *testing.B) {
				var n int
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					buf, err := way.render(h)
					if err != nil {
						b.Fatal(err)
					}
					n = buf.Len()
					releaseBuffer(buf)
				}
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(n), "B/page")
			})
		}
	}
}

// processCPU is the CPU time the process has used (user and system, the
// garbage collector's included), in nanoseconds: on a machine shared with
// other work, a steadier measure of a page's cost than ns/op, which counts
// the time spent waiting for a CPU.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// renderHot renders a hot page for the golden test.
func renderHot(t *testing.T, pages pageSet, h hotPage, lang string) []byte {
	t.Helper()
	buf, err := executePage(pages, h.name, benchPage(h, lang))
	if err != nil {
		t.Fatalf("%s (%s): %v", h.name, lang, err)
	}
	defer releaseBuffer(buf)
	return bytes.Clone(buf.Bytes())
}
