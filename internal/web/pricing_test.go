package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestPricePages runs the price pages' scenarios on each engine, with the
// services wired as in app.Open and the pricing clock at 2026-05-15 JST.
func TestPricePages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *env, *fixture)
	}{
		{"ListCreate", testPriceListCreate},
		{"ListEdit", testPriceListEdit},
		{"ListStale", testPriceListStale},
		{"Items", testPriceItems},
		{"ItemPaging", testPriceItemPaging},
		{"BuyerPrices", testBuyerPricePages},
		{"Check", testPriceCheck},
		{"Roles", testPriceRoles},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newPricingEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, 300+i)) })
		}
	})
}

// pricingNow is the pricing clock of the tests: 2026-05-15 12:00 JST.
var pricingNow = time.Date(2026, 5, 15, 3, 0, 0, 0, time.UTC)

func newPricingEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	bs := &buyers.Service{Store: s, Identity: e.svc}
	e.svc.ShopAccess = bs.CheckSignIn
	srv, err := web.New(web.Deps{Tenants: s, Identity: e.svc, Data: s, Buyers: bs,
		Fields: &customfields.Service{Store: s}, Catalog: &catalog.Service{Store: s},
		Pricing: &pricing.Service{Store: s, Now: func() time.Time { return pricingNow }},
		Logger:  slog.New(slog.NewTextHandler(e.log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) pricing() *pricing.Service {
	return &pricing.Service{Store: e.s, Now: func() time.Time { return pricingNow }}
}

// group stores a price group of f's tenant.
func (e *env) group(t *testing.T, f *fixture, code string) buyers.PriceGroup {
	t.Helper()
	g, err := e.buyers().CreatePriceGroup(context.Background(), buyers.PriceGroup{Tenant: f.tenant.ID, Code: code, Name: code + "ランク"}, system)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// skus stores one published product per 品番 through the catalog service.
func (e *env) skus(t *testing.T, f *fixture, listPrice oroshi.Yen, codes ...string) []oroshi.ID {
	t.Helper()
	svc := &catalog.Service{Store: e.s}
	var out []oroshi.ID
	for _, code := range codes {
		p, err := svc.CreateProduct(context.Background(), f.tenant.ID, catalog.Product{Name: "静岡煎茶 " + code,
			Status: catalog.StatusPublished, SKUs: []catalog.SKU{{Code: code, Variant: "100g", ListPrice: listPrice}}}, system)
		if err != nil {
			t.Fatalf("product %s: %v", code, err)
		}
		out = append(out, p.SKUs[0].ID)
	}
	return out
}

func (e *env) list(t *testing.T, f *fixture, l pricing.PriceList) pricing.PriceList {
	t.Helper()
	out, err := e.pricing().CreatePriceList(context.Background(), f.tenant.ID, l, system)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) rows(t *testing.T, f *fixture, table string) int {
	t.Helper()
	return e.count(t, f.tenant.ID, "SELECT count(*) FROM "+table+" WHERE tenant_id = "+f.tenant.ID.String())
}

var listLinkRE = regexp.MustCompile(`/prices/lists/(\d+)$`)

// listForm is a valid create form of a list in group g.
func listForm(g buyers.PriceGroup, name, kind string) url.Values {
	return url.Values{"group_id": {g.ID.String()}, "name": {name}, "kind": {kind}, "rate": {""},
		"rounding": {"floor"}, "valid_from": {""}, "valid_to": {""}, "priority": {"0"}}
}

func testPriceListCreate(t *testing.T, e *env, f *fixture) {
	g := e.group(t, f, "A")
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	top := "/" + f.tenant.Slug + "/admin/prices"
	mustContain(t, "empty top", b.get(top), ok, "Aランク", "価格表はまだありません。", "価格表を作成")

	bad := listForm(g, "春の掛け率", "rate")
	bad.Set("rate", "七十")
	bad.Set("valid_from", "2026-10-01")
	bad.Set("valid_to", "2026/04/01")
	p := b.submit(top, top+"/lists", bad)
	mustContain(t, "bad rate and dates", p, http.StatusUnprocessableEntity, "入力内容に誤りがあります。",
		"掛け率は数字で入力してください（例: 72.5）", "適用開始日は終了日以前にしてください", `value="春の掛け率"`, `value="七十"`)
	bad.Set("rate", "1500")
	bad.Set("valid_from", "2026-02-30")
	bad.Set("group_id", "")
	p = b.submit(top, top+"/lists", bad)
	mustContain(t, "rate out of range", p, http.StatusUnprocessableEntity, "掛け率は0.01%〜1000%の範囲で入力してください",
		"適用開始日が正しくありません", "価格グループを選択してください")
	if n := e.rows(t, f, "price_lists"); n != 0 {
		t.Fatalf("%d price lists after refused forms", n)
	}

	good := listForm(g, "春の掛け率", "rate")
	good.Set("rate", "７２．５％")
	good.Set("valid_from", "2026-04-01")
	good.Set("valid_to", "2026-09-30")
	good.Set("priority", "5")
	p = b.submit(top, top+"/lists", good)
	if p.status != away || listLinkRE.FindStringSubmatch(p.location) == nil {
		t.Fatalf("create: %d → %q\n%s", p.status, p.location, p.body)
	}
	mustContain(t, "created", b.get(p.location), ok, "価格表を作成しました。", "春の掛け率", "72.5%", "切り捨て",
		"2026/04/01〜2026/09/30", "掛け率の価格表は")
	b.submit(top, top+"/lists", listForm(g, "通常価格", "fixed"))
	mustContain(t, "top page", b.get(top), ok, "春の掛け率", "72.5%", "2026/04/01〜2026/09/30", "適用中",
		"通常価格", "固定価格", "期限なし")
}

func testPriceListEdit(t *testing.T, e *env, f *fixture) {
	g := e.group(t, f, "A")
	rate := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "春の掛け率", Kind: pricing.KindRate, RateBP: 7250, Rounding: pricing.RoundFloor})
	fixed := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "通常価格", Kind: pricing.KindFixed})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	top := "/" + f.tenant.Slug + "/admin/prices"
	path := top + "/lists/" + rate.ID.String()
	mustContain(t, "edit form", b.get(path), ok, `name="rate" value="72.5"`, `name="version"`)

	form := listForm(g, "夏の掛け率", "rate")
	form.Set("rate", "70")
	form.Set("rounding", "half_up")
	p := b.post(path, withVersion(t, b, path, form))
	mustContain(t, "updated", followFlash(t, b, p, path), ok, "価格表を更新しました。", "夏の掛け率", "70%", "四捨五入")
	form.Set("priority", "1000")
	p = b.post(path, withVersion(t, b, path, form))
	mustContain(t, "bad priority", p, http.StatusUnprocessableEntity, "優先度は0〜999の範囲で入力してください",
		`<details class="edit" open>`, `value="1000"`)
	if got, _ := e.pricing().PriceList(context.Background(), f.tenant.ID, rate.ID); got.Priority != 0 || got.RateBP != 7000 {
		t.Errorf("list after a refused edit: %+v", got)
	}

	fixedPath := top + "/lists/" + fixed.ID.String()
	p = b.submit(fixedPath, fixedPath+"/delete", nil)
	mustContain(t, "deleted", followFlash(t, b, p, top), ok, "価格表を削除しました。")
	if n := e.rows(t, f, "price_lists"); n != 1 {
		t.Errorf("%d price lists after one of two deleted", n)
	}
	if p := b.get(fixedPath); p.status != http.StatusNotFound {
		t.Errorf("deleted list page: %d", p.status)
	}
}

var versionRE = regexp.MustCompile(`name="version" value="([^"]*)"`)

// withVersion adds the csrf_token and the edit form's version of the page at path.
func withVersion(t *testing.T, b *browser, path string, form url.Values) url.Values {
	t.Helper()
	p := b.get(path)
	m := versionRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no version on %s:\n%s", path, p.body)
	}
	out := url.Values{"csrf_token": {b.csrf(p)}, "version": {m[1]}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

// testPriceListStale: a list saved by someone else since the form was
// opened is not overwritten; the latest version is shown.
func testPriceListStale(t *testing.T, e *env, f *fixture) {
	g := e.group(t, f, "A")
	l := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "標準", Kind: pricing.KindFixed})
	b, _ := e.signedIn(t, f, identity.RoleStaff)
	path := "/" + f.tenant.Slug + "/admin/prices/lists/" + l.ID.String()
	mine := withVersion(t, b, path, listForm(g, "私の名前", "fixed"))
	other := l
	other.Name = "他の人の名前"
	if _, err := e.pricing().UpdatePriceList(context.Background(), f.tenant.ID, other, system); err != nil {
		t.Fatal(err)
	}
	p := b.post(path, mine)
	mustContain(t, "stale", p, http.StatusConflict, "他の担当者が先に更新しました。最新の内容を確認してください。", `value="他の人の名前"`)
	if got, _ := e.pricing().PriceList(context.Background(), f.tenant.ID, l.ID); got.Name != "他の人の名前" {
		t.Errorf("stale save overwrote the list: %q", got.Name)
	}
}
