package sqlstore_test

import (
	"context"
	"testing"

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
