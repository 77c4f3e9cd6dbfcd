package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
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
