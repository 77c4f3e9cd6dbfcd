package sqlstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// The sidebar's counts: per category, the products each buyer may see
// (published; all, its group or itself), other tenants' never counted,
// and the same numbers the buyer's listings show.
func TestBuyerCategoryCounts(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, other := catTenant(t, s, "counts"), catTenant(t, s, "othercounts")
		svc := &catalog.Service{Store: s}
		cat := func(tenant oroshi.TenantID, name string, parent oroshi.ID) oroshi.ID {
			c, err := svc.CreateCategory(ctx, tenant, catalog.Category{Name: name, ParentID: parent}, catActor)
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		food := cat(tn, "食品", 0)
		soy := cat(tn, "しょうゆ", food)
		misc := cat(tn, "雑貨", 0)
		f := newVisibilityFixture(t, s, tn) // five products without a category
		groupA := f.viewers["a1"].GroupID
		n := 0
		add := func(tenant oroshi.TenantID, category oroshi.ID, st catalog.Status, vis catalog.Visibility) {
			t.Helper()
			n++
			_, err := svc.CreateProduct(ctx, tenant, catalog.Product{Name: "商品", CategoryID: category, Status: st, Visibility: vis,
				SKUs: []catalog.SKU{{Code: "C-" + oroshi.ID(n).String(), ListPrice: 100}}}, catActor)
			if err != nil {
				t.Fatal(err)
			}
		}
		all := catalog.Visibility{Mode: catalog.VisibleToAll}
		add(tn, soy, catalog.StatusPublished, all)
		add(tn, soy, catalog.StatusPublished, all)
		add(tn, food, catalog.StatusPublished, catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{groupA}})
		add(tn, misc, catalog.StatusPublished, catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{f.viewers["x1"].BuyerID}})
		add(tn, misc, catalog.StatusDraft, all)
		add(tn, misc, catalog.StatusDiscontinued, all)
		add(other, cat(other, "食品", 0), catalog.StatusPublished, all)

		for name, want := range map[string]map[oroshi.ID]int{
			"a1":   {soy: 2, food: 1},
			"b1":   {soy: 2},
			"x1":   {soy: 2, misc: 1},
			"none": {soy: 2},
		} {
			got, err := s.BuyerCategoryCounts(ctx, tn, f.viewers[name])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: counts (-want +got):\n%s", name, diff)
			}
			// The listings' own condition agrees, category by category.
			for cat, n := range map[oroshi.ID]int{food: got[food] + got[soy], soy: got[soy], misc: got[misc]} {
				list, err := s.BuyerProducts(ctx, tn, f.viewers[name], catalog.BuyerFilter{CategoryID: cat})
				if err != nil || list.Total != n {
					t.Errorf("%s: category %s lists %d (%v), counted %d", name, cat, list.Total, err, n)
				}
			}
		}
		if _, err := s.BuyerCategoryCounts(ctx, tn, catalog.Viewer{}); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("no buyer: %v", err)
		}
	})
}
