package sqlstore_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAudience: buyers of one group share an audience unless a visibility
// list names them; naming or releasing a buyer takes effect at once, also
// through a service that cached the earlier answer.
func TestAudience(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn := catTenant(t, s, "audience")
		f := newVisibilityFixture(t, s, tn) // names x1 on the product buyerX
		svc := &catalog.Service{Store: s}
		keys := func() map[string]string {
			t.Helper()
			out := map[string]string{}
			for name, v := range f.viewers {
				a, err := svc.Audience(ctx, tn, v)
				if err != nil {
					t.Fatal(err)
				}
				out[name] = a.Key
			}
			return out
		}
		v := f.viewers
		want := map[string]string{"a1": "g" + v["a1"].GroupID.String(), "b1": "g" + v["b1"].GroupID.String(),
			"x1": "b" + v["x1"].BuyerID.String(), "none": "g0"}
		if diff := cmp.Diff(want, keys()); diff != "" {
			t.Errorf("audiences (-want +got):\n%s", diff)
		}
		if err := svc.SetVisibility(ctx, tn, f.products["buyerX"], catalog.Visibility{Mode: catalog.Restricted,
			BuyerIDs: []oroshi.ID{v["b1"].BuyerID}}, catActor); err != nil {
			t.Fatal(err)
		}
		want["x1"], want["b1"] = "g"+v["x1"].GroupID.String(), "b"+v["b1"].BuyerID.String()
		if diff := cmp.Diff(want, keys()); diff != "" {
			t.Errorf("after the list changed (-want +got):\n%s", diff)
		}
		if _, err := svc.Audience(ctx, tn, catalog.Viewer{}); err == nil {
			t.Error("an audience without a buyer")
		}
	})
}
