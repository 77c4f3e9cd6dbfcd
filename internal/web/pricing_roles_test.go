package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// testPriceRoles: every seller role sees the price pages; viewers change
// nothing (403, nothing written, no forms offered); buyer users and
// strangers are sent to the sign-in page.
func testPriceRoles(t *testing.T, e *env, f *fixture) {
	ctx := context.Background()
	g := e.group(t, f, "A")
	l := e.list(t, f, pricing.PriceList{GroupID: g.ID, Name: "標準", Kind: pricing.KindFixed})
	sku := e.skus(t, f, 1000, "RL-1")[0]
	bp, err := e.pricing().CreateBuyerPrice(ctx, f.tenant.ID, pricing.BuyerPrice{BuyerID: f.buyer.ID, SKUID: sku,
		Breaks: []pricing.Break{{MinQty: 1, Price: 800}}}, system)
	if err != nil {
		t.Fatal(err)
	}
	admin := "/" + f.tenant.Slug + "/admin/prices"
	listPath := admin + "/lists/" + l.ID.String()
	pages := []string{admin, listPath, admin + "/buyers?buyer=B001", admin + "/check?buyer=B001&sku=RL-1"}
	browsers := map[string]*browser{}
	for _, tt := range []struct {
		role string
		want int
	}{
		{"", away}, {identity.RoleViewer, ok}, {identity.RoleStaff, ok}, {identity.RoleOwner, ok},
		{identity.RoleBuyerAdmin, away}, {identity.RolePurchaser, away},
	} {
		b := e.browser(t)
		browsers[tt.role] = b
		if tt.role != "" {
			b.signIn(e.user(t, f, tt.role))
		}
		for _, path := range pages {
			if p := b.get(path); p.status != tt.want {
				t.Errorf("%q GET %s: %d, want %d", tt.role, path, p.status, tt.want)
			}
		}
	}

	testPriceViewerPosts(t, e, f, browsers[identity.RoleViewer], l, sku, bp.ID)
}

// testPriceViewerPosts: a viewer's pages offer no change, and its posts are
// refused with nothing written.
func testPriceViewerPosts(t *testing.T, e *env, f *fixture, b *browser, l pricing.PriceList, sku, bpID oroshi.ID) {
	ctx := context.Background()
	admin := "/" + f.tenant.Slug + "/admin/prices"
	listPath := admin + "/lists/" + l.ID.String()
	pages := []string{admin, listPath, admin + "/buyers?buyer=B001", admin + "/check?buyer=B001&sku=RL-1"}
	for _, path := range pages {
		p := b.get(path)
		for _, offer := range []string{"価格表を作成", "価格表を削除", "単価を設定", "個別単価を登録", `method="post" action="` + admin} {
			if strings.Contains(p.body, offer) {
				t.Errorf("viewer's %s offers %q", path, offer)
			}
		}
	}
	token := b.csrf(b.get(admin))
	posts := map[string]url.Values{
		admin + "/lists":     listForm(buyersGroup(l), "閲覧者の価格表", "fixed"),
		listPath:             listForm(buyersGroup(l), "改名", "fixed"),
		listPath + "/delete": {},
		listPath + "/items":  breaksForm("RL-1", "1", "1"),
		listPath + "/items/" + sku.String() + "/delete": {},
		admin + "/buyers":                              breaksForm("RL-1", "1", "1"),
		admin + "/buyers/" + bpID.String():             breaksForm("", "1", "1"),
		admin + "/buyers/" + bpID.String() + "/delete": {},
	}
	for path, form := range posts {
		form.Set("csrf_token", token)
		form.Set("buyer", "B001")
		mustContain(t, "viewer POST "+path, b.post(path, form), deny, "アクセス権限がありません")
	}
	if n := e.rows(t, f, "price_lists"); n != 1 {
		t.Errorf("%d price lists after a viewer's posts, want 1", n)
	}
	if got, err := e.pricing().PriceList(ctx, f.tenant.ID, l.ID); err != nil || got.Name != "標準" {
		t.Errorf("list after a viewer's posts: %+v, %v", got, err)
	}
	if n := e.rows(t, f, "buyer_prices"); n != 1 {
		t.Errorf("%d buyer prices after a viewer's posts, want 1", n)
	}
}

// buyersGroup is the price group of l, as listForm takes it.
func buyersGroup(l pricing.PriceList) buyers.PriceGroup { return buyers.PriceGroup{ID: l.GroupID} }
