package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// visibilityFixture is two price groups, four buyers and five products
// that all match the query 「鰹」, each with an image.
type visibilityFixture struct {
	viewers  map[string]catalog.Viewer
	products map[string]oroshi.ID
	images   map[string]oroshi.ID
}

func newVisibilityFixture(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) visibilityFixture {
	t.Helper()
	ctx := context.Background()
	must := func(id oroshi.ID, err error) oroshi.ID {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	groupA := must(s.CatalogTestPriceGroup(ctx, tn, "A"))
	groupB := must(s.CatalogTestPriceGroup(ctx, tn, "B"))
	f := visibilityFixture{viewers: map[string]catalog.Viewer{}, products: map[string]oroshi.ID{}, images: map[string]oroshi.ID{}}
	for name, group := range map[string]oroshi.ID{"a1": groupA, "b1": groupB, "x1": groupB, "none": 0} {
		f.viewers[name] = catalog.Viewer{BuyerID: must(s.CatalogTestBuyer(ctx, tn, name, group)), GroupID: group}
	}
	restricted := func(groups, buyers []oroshi.ID) catalog.Visibility {
		return catalog.Visibility{Mode: catalog.Restricted, GroupIDs: groups, BuyerIDs: buyers}
	}
	defs := []struct {
		key    string
		status catalog.Status
		vis    catalog.Visibility
	}{
		{"all", catalog.StatusPublished, catalog.Visibility{Mode: catalog.VisibleToAll}},
		{"groupA", catalog.StatusPublished, restricted([]oroshi.ID{groupA}, nil)},
		{"buyerX", catalog.StatusPublished, restricted(nil, []oroshi.ID{f.viewers["x1"].BuyerID})},
		{"draftA", catalog.StatusDraft, restricted([]oroshi.ID{groupA}, nil)},
		{"discontinued", catalog.StatusDiscontinued, catalog.Visibility{Mode: catalog.VisibleToAll}},
	}
	svc := &catalog.Service{Store: s}
	for i, d := range defs {
		p, err := svc.CreateProduct(ctx, tn, catalog.Product{Name: "鰹節 " + d.key, Kana: "カツオブシ", Status: d.status, Visibility: d.vis,
			SKUs: []catalog.SKU{{Code: "V-" + string(rune('A'+i)), ListPrice: 100}}}, catActor)
		if err != nil {
			t.Fatalf("create %s: %v", d.key, err)
		}
		f.products[d.key] = p.ID
		img, err := svc.AddImage(ctx, tn, p.ID, bytes.NewReader(testPNG(t, 20, 20)), catActor)
		if err != nil {
			t.Fatal(err)
		}
		f.images[d.key] = img.ID
	}
	return f
}

func TestCatalogVisibility(t *testing.T) {
	// Who sees what: group A's buyer sees group A's product, group B's
	// does not, a specifically listed buyer sees its product, a buyer with
	// no group sees only what is for all, and nobody sees a draft or a
	// discontinued product.
	want := map[string][]string{
		"a1":   {"all", "groupA"},
		"b1":   {"all"},
		"x1":   {"all", "buyerX"},
		"none": {"all"},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "marukawa")
		f := newVisibilityFixture(t, s, tn)
		for who, v := range f.viewers {
			for _, q := range []string{"", "鰹", "かつお", "ｶﾂｵﾌﾞｼ", "鰹節"} {
				l, err := s.BuyerProducts(ctx, tn, v, catalog.BuyerFilter{Query: q})
				if got := names(f.products, l); err != nil || !slices.Equal(got, sorted(want[who])) || l.Total != len(want[who]) {
					t.Errorf("%s listing q=%q: %v (total %d), %v; want %v", who, q, got, l.Total, err, want[who])
				}
			}
			for key, id := range f.products {
				visible := slices.Contains(want[who], key)
				_, err := s.BuyerProduct(ctx, tn, v, id)
				_, ierr := s.BuyerImage(ctx, tn, v, f.images[key], true)
				for what, e := range map[string]error{"page": err, "image": ierr} {
					if visible && e != nil || !visible && !errors.Is(e, oroshi.ErrNotFound) {
						t.Errorf("%s %s of %s: %v (visible: %v)", who, what, key, e, visible)
					}
				}
			}
		}
		// Publishing the draft shows it to group A only; opening group A's
		// product to all shows it to everyone.
		svc := &catalog.Service{Store: s}
		if err := svc.SetStatus(ctx, tn, f.products["draftA"], catalog.StatusPublished, catActor); err != nil {
			t.Fatal(err)
		}
		if err := svc.SetVisibility(ctx, tn, f.products["groupA"], catalog.Visibility{Mode: catalog.VisibleToAll}, catActor); err != nil {
			t.Fatal(err)
		}
		for who, w := range map[string][]string{"a1": {"all", "draftA", "groupA"}, "b1": {"all", "groupA"}} {
			l, err := s.BuyerProducts(ctx, tn, f.viewers[who], catalog.BuyerFilter{})
			if got := names(f.products, l); err != nil || !slices.Equal(got, w) {
				t.Errorf("after changes, %s sees %v, want %v", who, got, w)
			}
		}
		p, _ := svc.Product(ctx, tn, f.products["buyerX"])
		if p.Visibility.Mode != catalog.Restricted || !slices.Equal(p.Visibility.BuyerIDs, []oroshi.ID{f.viewers["x1"].BuyerID}) {
			t.Errorf("stored visibility = %+v", p.Visibility)
		}
		// A group or buyer of another tenant cannot be named.
		other := catTenant(t, s, "yamada")
		foreign, _ := s.CatalogTestPriceGroup(ctx, other, "A")
		err := svc.SetVisibility(ctx, tn, f.products["all"], catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{foreign}}, catActor)
		wantFieldError(t, err, "visibility", "見つかりません")
		// No viewer, no listing.
		if _, err := svc.BuyerProducts(ctx, tn, catalog.Viewer{}, catalog.BuyerFilter{}); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("no buyer: %v", err)
		}
	})
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// TestBuyerSKUsVisibility: ordering looks SKUs up (by ID and by 品番) under
// the listing's rule, the buyer's price group read in the same statement:
// each buyer gets the SKUs of the products it sees; a buyer unknown to the
// tenant (another tenant's included) gets none.
func TestBuyerSKUsVisibility(t *testing.T) {
	want := map[string][]string{"a1": {"all", "groupA"}, "b1": {"all"}, "x1": {"all", "buyerX"}, "none": {"all"}}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "skuvis")
		f := newVisibilityFixture(t, s, tn)
		svc := &catalog.Service{Store: s}
		var ids []oroshi.ID
		var codes []string
		for _, id := range f.products {
			p, err := svc.Product(ctx, tn, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range p.SKUs {
				ids, codes = append(ids, k.ID), append(codes, k.Code)
			}
		}
		productsOf := func(skus []sales.SKU) []string {
			var out []string
			for _, k := range skus {
				for key, id := range f.products {
					if id == k.ProductID {
						out = append(out, key)
					}
				}
			}
			slices.Sort(out)
			return out
		}
		other := catTenant(t, s, "skuvisother")
		foreign := newVisibilityFixture(t, s, other).viewers["a1"].BuyerID
		viewers := map[string]oroshi.ID{"unknown": 999_999_999, "foreign": foreign}
		for who, v := range f.viewers {
			viewers[who] = v.BuyerID
		}
		for who, buyer := range viewers {
			byID, err := s.BuyerSKUs(ctx, tn, buyer, ids)
			if got := productsOf(byID); err != nil || !slices.Equal(got, sorted(want[who])) {
				t.Errorf("%s: SKUs by ID of %v, %v; want %v", who, got, err, want[who])
			}
			byCode, err := s.BuyerSKUsByCode(ctx, tn, buyer, codes)
			if got := productsOf(byCode); err != nil || !slices.Equal(got, sorted(want[who])) {
				t.Errorf("%s: SKUs by code of %v, %v; want %v", who, got, err, want[who])
			}
		}
	})
}
