package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestCatalogVersion: every change to what buyers see of the catalogue
// moves the version on, exactly once per change; stock only when a SKU's
// stock class changes (migration 00031's trigger, whatever writes it);
// another tenant's version stays.
func TestCatalogVersion(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, other := catTenant(t, s, "version"), catTenant(t, s, "otherversion")
		svc := &catalog.Service{Store: s}
		cat, err := svc.CreateCategory(ctx, tn, catalog.Category{Name: "食品"}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.CreateProduct(ctx, tn, catalog.Product{Name: "醤油", CategoryID: cat.ID, Status: catalog.StatusPublished,
			Visibility: catalog.Visibility{Mode: catalog.VisibleToAll},
			SKUs:       []catalog.SKU{{Code: "V-1", ListPrice: 100, TrackStock: true, Stock: 5}}}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		stock := func(delta int64) func() error {
			return func() error {
				_, err := svc.AdjustStock(ctx, tn, p.SKUs[0].ID, delta, "棚卸", catActor)
				return err
			}
		}
		steps := []struct {
			name string
			bump int64
			do   func() error
		}{
			{"rename the category", 1, func() error {
				cat.Name = "食料品"
				_, err := svc.UpdateCategory(ctx, tn, cat, catActor)
				return err
			}},
			{"edit the product", 1, func() error {
				cur, err := svc.Product(ctx, tn, p.ID)
				if err != nil {
					return err
				}
				cur.Name = "濃口醤油"
				p, err = svc.UpdateProduct(ctx, tn, cur, catActor)
				return err
			}},
			{"add two images", 2, func() error {
				for range 2 {
					if _, err := svc.AddImage(ctx, tn, p.ID, bytes.NewReader(testPNG(t, 20, 20)), catActor); err != nil {
						return err
					}
				}
				return nil
			}},
			{"reorder the images", 1, func() error {
				cur, err := svc.Product(ctx, tn, p.ID)
				if err != nil {
					return err
				}
				return svc.ReorderImages(ctx, tn, p.ID, []oroshi.ID{cur.Images[1].ID, cur.Images[0].ID}, catActor)
			}},
			{"delete an image", 1, func() error {
				cur, err := svc.Product(ctx, tn, p.ID)
				if err != nil {
					return err
				}
				return svc.DeleteImage(ctx, tn, p.ID, cur.Images[0].ID, catActor)
			}},
			{"withdraw it", 1, func() error { return svc.SetStatus(ctx, tn, p.ID, catalog.StatusDraft, catActor) }},
			{"restrict it", 1, func() error {
				g, err := s.CatalogTestPriceGroup(ctx, tn, "A")
				if err != nil {
					return err
				}
				return svc.SetVisibility(ctx, tn, p.ID, catalog.Visibility{Mode: catalog.Restricted, GroupIDs: []oroshi.ID{g}}, catActor)
			}},
			// Stock is 5 (残りわずか): only a move to another class
			// (catalog.StockClassOf) moves the version.
			{"stock moves within its class", 0, stock(3)},                          // 8
			{"stock leaves the low class", 1, stock(catalog.LowStock + 1 - 8)},     // 11
			{"stock moves within ok", 0, stock(20)},                                // 31
			{"stock comes down to the low bound", 1, stock(catalog.LowStock - 31)}, // 10
			{"stock sells out", 1, stock(-catalog.LowStock)},                       // 0
			{"stock comes back", 1, stock(1)},                                      // 1
			{"stock stops being tracked", 1, func() error {
				cur, err := svc.Product(ctx, tn, p.ID)
				if err != nil {
					return err
				}
				cur.SKUs[0].TrackStock = false
				p, err = svc.UpdateProduct(ctx, tn, cur, catActor)
				return err
			}},
			{"delete the product", 1, func() error { return svc.DeleteProduct(ctx, tn, p.ID, catActor) }},
			{"delete the category", 1, func() error { return svc.DeleteCategory(ctx, tn, cat.ID, catActor) }},
		}
		version := func(tenant oroshi.TenantID) int64 {
			t.Helper()
			v, err := s.CatalogVersion(ctx, tenant)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		otherBefore := version(other)
		for _, st := range steps {
			before := version(tn)
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got := version(tn) - before; got != st.bump {
				t.Errorf("%s: version moved by %d, want %d", st.name, got, st.bump)
			}
		}
		if version(other) != otherBefore {
			t.Error("another tenant's version moved")
		}
	})
}

// TestBuyerCategoryTreeSeesChanges: two services stand for two instances;
// what one changes, the other's cached tree shows at its next page.
func TestBuyerCategoryTreeSeesChanges(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "treecache")
		reader, writer := &catalog.Service{Store: s}, &catalog.Service{Store: s}
		f := newVisibilityFixture(t, s, tn)
		v := f.viewers["none"]
		cat, err := writer.CreateCategory(ctx, tn, catalog.Category{Name: "調味料"}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		count := func() int {
			t.Helper()
			tree, err := reader.BuyerCategoryTree(ctx, tn, v)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range tree {
				if n.ID == cat.ID {
					return n.Products
				}
			}
			return 0
		}
		if n := count(); n != 0 {
			t.Fatalf("empty category shows %d products", n)
		}
		p, err := writer.CreateProduct(ctx, tn, catalog.Product{Name: "味醂", CategoryID: cat.ID, Status: catalog.StatusPublished,
			Visibility: catalog.Visibility{Mode: catalog.VisibleToAll}, SKUs: []catalog.SKU{{Code: "T-1", ListPrice: 100}}}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Errorf("after a product was published: %d products, want 1", n)
		}
		if n := count(); n != 1 { // from the cache
			t.Errorf("again: %d products, want 1", n)
		}
		if err := writer.SetVisibility(ctx, tn, p.ID, catalog.Visibility{Mode: catalog.Restricted, BuyerIDs: []oroshi.ID{f.viewers["a1"].BuyerID}}, catActor); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 0 {
			t.Errorf("after the product was restricted to another buyer: %d products, want 0", n)
		}
	})
}

// TestCategoryTreeSeesChanges: the whole category tree (kept per catalogue
// version) shows a category created, renamed, moved and deleted through
// another service (another instance) at the next read.
func TestCategoryTreeSeesChanges(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "cattreecache")
		reader, writer := &catalog.Service{Store: s}, &catalog.Service{Store: s}
		shape := func() string {
			t.Helper()
			tree, err := reader.CategoryTree(ctx, tn)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			var walk func(ns []*catalog.CategoryNode, depth int)
			walk = func(ns []*catalog.CategoryNode, depth int) {
				for _, n := range ns {
					fmt.Fprintf(&b, "%s%s;", strings.Repeat(">", depth), n.Name)
					walk(n.Children, depth+1)
				}
			}
			walk(tree, 0)
			return b.String()
		}
		if got := shape(); got != "" {
			t.Fatalf("new tenant's tree: %q", got)
		}
		a, err := writer.CreateCategory(ctx, tn, catalog.Category{Name: "調味料"}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		b, err := writer.CreateCategory(ctx, tn, catalog.Category{Name: "乾物"}, catActor)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name   string
			change func() error
			want   string
		}{
			{"created", func() error { return nil }, "乾物;調味料;"},
			{"renamed", func() error {
				a.Name = "調味料・油"
				_, err := writer.UpdateCategory(ctx, tn, a, catActor)
				return err
			}, "乾物;調味料・油;"},
			{"moved", func() error {
				b.ParentID = a.ID
				_, err := writer.UpdateCategory(ctx, tn, b, catActor)
				return err
			}, "調味料・油;>乾物;"},
			{"deleted", func() error { return writer.DeleteCategory(ctx, tn, b.ID, catActor) }, "調味料・油;"},
		}
		for _, st := range steps {
			if err := st.change(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			for range 2 { // read, then from the cache
				if got := shape(); got != st.want {
					t.Errorf("%s: tree %q, want %q", st.name, got, st.want)
				}
			}
		}
	})
}
