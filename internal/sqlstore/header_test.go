package sqlstore_test

import (
	"context"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestHeaderFigures: the header's one read counts what CartSize and
// UnreadNotifications count, each only when asked for, only the user's own;
// pinned for a shop request by PinShopView until the request writes.
func TestHeaderFigures(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "header")
		other := newSalesWorld(t, s, "headerother")
		w.addToCart(w.purchaser, "STD-1", 1)
		w.addToCart(w.purchaser, "RED-1", 2)
		w.addToCart(w.admin, "LOT-6", 12)
		addUnread(t, s, w.tn, w.purchaser.ID, 3)
		addUnread(t, s, w.tn, w.admin.ID, 1)
		other.addToCart(other.purchaser, "STD-1", 1)
		addUnread(t, s, other.tn, other.purchaser.ID, salesnotify.MaxUnread+5)
		// A shop request's figures come with its pin (PinShopView).
		request, end := s.ReadScope(ctx)
		defer end()
		if _, _, err := s.PinShopView(request, w.tn, w.purchaser.BuyerID, w.purchaser.ID); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name               string
			cart, unread       bool
			wantCart, wantNote int
		}{
			{"both", true, true, 2, 3},
			{"cart alone", true, false, 2, 0},
			{"notices alone", false, true, 0, 3},
			{"neither", false, false, 0, 0},
		} {
			for where, ctx := range map[string]context.Context{"read": ctx, "pinned": request} {
				c, n, err := s.HeaderFigures(ctx, w.tn, w.purchaser.ID, tt.cart, tt.unread)
				if err != nil || c != tt.wantCart || n != tt.wantNote {
					t.Errorf("%s, %s: cart %d, unread %d, %v; want %d, %d", tt.name, where, c, n, err, tt.wantCart, tt.wantNote)
				}
			}
		}
		// Pinned for the purchaser only; as of the pin until the request
		// itself writes.
		if c, n, err := s.HeaderFigures(request, w.tn, w.admin.ID, true, true); err != nil || c != 1 || n != 1 {
			t.Errorf("another user in the pinned request: cart %d, unread %d, %v; want 1, 1", c, n, err)
		}
		addUnread(t, s, w.tn, w.purchaser.ID, 1) // by another request
		if c, n, err := s.HeaderFigures(request, w.tn, w.purchaser.ID, true, true); err != nil || c != 2 || n != 3 {
			t.Errorf("pinned after another request's notice: cart %d, unread %d, %v; want the pinned 2, 3", c, n, err)
		}
		if _, err := w.svc.AddToCart(request, w.shopper(w.purchaser), w.sku["LOT-6"], 6); err != nil {
			t.Fatal(err)
		}
		if c, n, err := s.HeaderFigures(request, w.tn, w.purchaser.ID, true, true); err != nil || c != 3 || n != 4 {
			t.Errorf("after the request's own write: cart %d, unread %d, %v; want 3, 4 read afresh", c, n, err)
		}
		if c, n, err := s.HeaderFigures(ctx, other.tn, other.purchaser.ID, true, true); err != nil || c != 1 || n != salesnotify.MaxUnread {
			t.Errorf("other tenant's user: cart %d, unread %d, %v; want 1, %d (the badge's cap)", c, n, err, salesnotify.MaxUnread)
		}
	})
}

// TestSessionPinsShopView: the session's statement of a shop user of a
// buyer company reads what PinShopView reads and pins it in the request
// scope, so that PinShopView, the versions, the settings and the header's
// figures answer from it for the rest of the request — the same values a
// PinShopView of its own reads (the last step proves they come from the
// session: read afresh they would differ). A seller's session, a request
// without a scope and another buyer pin nothing.
func TestSessionPinsShopView(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "sesspin")
		w.addToCart(w.purchaser, "STD-1", 1)
		addUnread(t, s, w.tn, w.purchaser.ID, 2)
		buyer := w.purchaser.BuyerID
		shopSess := newSession(t, s, w.purchaser, "sesspin-shop")
		staff := newUser(t, s, w.tn, identity.RealmAdmin, identity.RoleOwner, "owner@sesspin.example", 0)
		staffSess := newSession(t, s, staff, "sesspin-staff")

		type view struct {
			standing          buyers.Standing
			catalog, price    int64
			settings          sales.Settings
			cartLines, unread int
		}
		viewOf := func(ctx context.Context) view {
			t.Helper()
			pinned, st, err := s.PinShopView(ctx, w.tn, buyer, w.purchaser.ID)
			if err != nil {
				t.Fatal(err)
			}
			v := view{standing: st}
			if v.catalog, err = s.CatalogVersion(pinned, w.tn); err == nil {
				v.price, err = s.PriceVersion(pinned, w.tn)
			}
			if err == nil {
				v.settings, err = s.SalesSettings(pinned, w.tn)
			}
			if err == nil {
				v.cartLines, v.unread, err = s.HeaderFigures(pinned, w.tn, w.purchaser.ID, true, true)
			}
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		session := func(ctx context.Context, id string) {
			t.Helper()
			if _, _, err := s.SessionUser(ctx, w.tn, id); err != nil {
				t.Fatal(err)
			}
		}

		fresh, endFresh := s.ReadScope(ctx)
		want := viewOf(fresh)
		endFresh()
		request, end := s.ReadScope(ctx)
		defer end()
		session(request, shopSess.ID)
		if got := viewOf(request); got != want {
			t.Errorf("pinned by the session %+v, want %+v as PinShopView reads", got, want)
		}
		// Moved on by other requests: the request keeps the session's view.
		w.addToCart(w.purchaser, "RED-1", 1)
		addUnread(t, s, w.tn, w.purchaser.ID, 1)
		bumpCatalogVersion(t, s, w.tn)
		if got := viewOf(request); got != want {
			t.Errorf("after changes elsewhere %+v, want the session's %+v", got, want)
		}
		moved := want
		moved.catalog, moved.cartLines, moved.unread = want.catalog+1, want.cartLines+1, want.unread+1
		for name, ctx := range map[string]context.Context{"no scope": ctx, "a seller's session": scoped(t, s, ctx, staffSess.ID, w.tn)} {
			if got := viewOf(ctx); got != moved {
				t.Errorf("%s: %+v, want %+v read afresh", name, got, moved)
			}
		}
		other := newUser(t, s, w.tn, identity.RealmShop, identity.RolePurchaser, "other@sesspin.example", buyer)
		otherSess := newSession(t, s, other, "sesspin-other")
		rctx := scoped(t, s, ctx, otherSess.ID, w.tn)
		if _, _, err := s.PinShopView(rctx, w.tn, buyer, w.purchaser.ID); err != nil {
			t.Fatal(err)
		}
		if c, _, err := s.HeaderFigures(rctx, w.tn, w.purchaser.ID, true, false); err != nil || c != moved.cartLines {
			t.Errorf("another user's session pinned the purchaser's cart: %d lines, %v; want %d", c, err, moved.cartLines)
		}
	})
}

// scoped returns a request scope on ctx in which session id of tenant tn
// was read; the scope ends with the test.
func scoped(t *testing.T, s *sqlstore.Store, ctx context.Context, id string, tn oroshi.TenantID) context.Context {
	t.Helper()
	rctx, end := s.ReadScope(ctx)
	t.Cleanup(end)
	if _, _, err := s.SessionUser(rctx, tn, id); err != nil {
		t.Fatal(err)
	}
	return rctx
}

// bumpCatalogVersion moves tenant tn's catalogue version on by one.
func bumpCatalogVersion(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) {
	t.Helper()
	auditSQL(t, s, tn, `INSERT INTO catalog_versions (tenant_id, version) VALUES ($T, 1)
		ON CONFLICT (tenant_id) DO UPDATE SET version = catalog_versions.version + 1`)
}
