package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
)

// HeaderFigures reads the figures in a signed-in page's header in one
// statement (every page shows them, so two queries cost a tenth of a
// cached catalogue page): the lines in the user's cart when cart is
// asked for (0 otherwise) and the user's unread notices when unread is,
// counted up to salesnotify.MaxUnread as UnreadNotifications counts them.
// A shop request has them from PinShopView until it writes.
func (s *Store) HeaderFigures(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, cart, unread bool) (cartLines, unreadNotices int, err error) {
	if !cart && !unread {
		return 0, 0, nil
	}
	if c, n, ok := pinnedFigures(ctx, t, userID); ok {
		return c * b2i(cart), n * b2i(unread), nil
	}
	q, args := headerSQL[0], []any{t, userID}
	switch {
	case cart && unread:
		q, args = headerSQL[2], []any{t, userID, t, userID}
	case unread:
		q = headerSQL[1]
	}
	err = s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, q, args...).Scan(&cartLines, &unreadNotices)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("header figures of user %s: %w", userID, s.translate(err))
	}
	return cartLines, unreadNotices, nil
}

// headerSQL is HeaderFigures' statement for the cart alone, the notices
// alone, and both (the same two counts as CartSize and
// UnreadNotifications, as scalar subqueries).
var headerSQL = [3]string{`SELECT ` + cartCountSQL + `, 0`, `SELECT 0, ` + unreadCountSQL,
	`SELECT ` + cartCountSQL + `, ` + unreadCountSQL}

// cartCountSQL and unreadCountSQL are the header's two counts as scalar
// subqueries, each taking (tenant, user).
var (
	cartCountSQL   = cartCountOf("?", "?")
	unreadCountSQL = unreadCountOf("?", "?")
)

// cartCountOf and unreadCountOf are the header's counts for the tenant and
// user that two SQL expressions give (placeholders, or a row's columns).
func cartCountOf(tenant, user string) string {
	return `(SELECT count(*) FROM cart_lines WHERE tenant_id = ` + tenant + ` AND user_id = ` + user + `)`
}

func unreadCountOf(tenant, user string) string {
	return `(SELECT count(*) FROM (SELECT 1 FROM notifications
		WHERE tenant_id = ` + tenant + ` AND user_id = ` + user + ` AND read_at IS NULL LIMIT ` + unreadLimit + `) unread)`
}

// b2i is 1 for true: a figure not asked for is 0.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
