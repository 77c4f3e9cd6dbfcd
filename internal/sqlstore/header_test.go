package sqlstore_test

import (
	"context"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestHeaderFigures: the header's one read counts what CartSize and
// UnreadNotifications count, each only when asked for, only the user's own.
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
			c, n, err := s.HeaderFigures(ctx, w.tn, w.purchaser.ID, tt.cart, tt.unread)
			if err != nil || c != tt.wantCart || n != tt.wantNote {
				t.Errorf("%s: cart %d, unread %d, %v; want %d, %d", tt.name, c, n, err, tt.wantCart, tt.wantNote)
			}
		}
		if c, n, err := s.HeaderFigures(ctx, other.tn, other.purchaser.ID, true, true); err != nil || c != 1 || n != salesnotify.MaxUnread {
			t.Errorf("other tenant's user: cart %d, unread %d, %v; want 1, %d (the badge's cap)", c, n, err, salesnotify.MaxUnread)
		}
	})
}
