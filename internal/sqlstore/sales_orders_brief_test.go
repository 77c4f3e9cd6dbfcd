package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBriefOrders: a brief list (sales.Filter.Brief) is the full list, in
// the same order and pages, with only the fields a list page shows.
func TestBriefOrders(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newProductWorld(t, s)
		ctx := context.Background()
		for name, f := range map[string]sales.Filter{
			"all":               {},
			"status":            {Status: sales.StatusReceived},
			"buyer":             {BuyerID: w.other},
			"product":           {Product: "多品番"},
			"page of 5":         {Limit: 5},
			"product page of 2": {Product: "煎茶", Limit: 2},
		} {
			t.Run(name, func(t *testing.T) {
				full, err := w.svc.Orders(ctx, w.tn, f)
				if err != nil {
					t.Fatal(err)
				}
				f.Brief = true
				brief, err := w.svc.Orders(ctx, w.tn, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(full.Orders) == 0 {
					t.Fatal("no orders: the case proves nothing")
				}
				if brief.NextCursor != full.NextCursor {
					t.Errorf("next cursor %q, full list's %q", brief.NextCursor, full.NextCursor)
				}
				var want []sales.Order
				for _, o := range full.Orders {
					b := sales.Order{Tenant: o.Tenant, ID: o.ID, Number: o.Number, BuyerID: o.BuyerID, BuyerName: o.BuyerName,
						Status: o.Status, Proxy: o.Proxy, PONumber: o.PONumber, LineCount: o.LineCount, PlacedAt: o.PlacedAt,
						DesiredDate: o.DesiredDate}
					b.Totals.Total, b.ShipTo.Label = o.Totals.Total, o.ShipTo.Label
					want = append(want, b)
				}
				if d := cmp.Diff(want, brief.Orders); d != "" {
					t.Errorf("brief orders (-want +got):\n%s", d)
				}
			})
		}
	})
}

// TestListsCompileOnce: the order and product lists run again with other
// values keep their compiled statements. SQLite compiles a statement again
// when a bound value it planned with changes (a LIMIT ? did, at every run);
// their limits are written in the SQL (limitSQL).
func TestListsCompileOnce(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		if s.Engine() != "sqlite" {
			t.Skip("SQLite's statement cache")
		}
		w := newProductWorld(t, s)
		s.OneReader()
		ctx := context.Background()
		cat := &catalog.Service{Store: s}
		for _, limit := range []int{5, 5, 20, 5} {
			for _, f := range []sales.Filter{{Limit: limit}, {Limit: limit, Brief: true}, {Limit: limit, BuyerID: w.other},
				{Limit: limit, Product: "多品番"}} {
				if _, err := w.svc.Orders(ctx, w.tn, f); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.svc.BuyerOrders(ctx, w.tn, w.buyer, sales.Filter{Limit: limit, Brief: true}); err != nil {
				t.Fatal(err)
			}
			if _, err := cat.Products(ctx, w.tn, catalog.ProductFilter{Page: catalog.Page{Limit: limit}}); err != nil {
				t.Fatal(err)
			}
		}
		again, err := s.Reprepared(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range again {
			t.Errorf("compiled again: %s", q)
		}
	})
}
