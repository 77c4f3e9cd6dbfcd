package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// pinnedView is what PinShopView read of tenant for a whole request: the
// catalogue and price versions, the sales settings and one user's header
// figures.
type pinnedView struct {
	tenant         oroshi.TenantID
	catalog, price int64
	settings       sales.Settings
	// The header's figures of user (HeaderFigures), good until the
	// request writes.
	user              oroshi.ID
	cartLines, unread int
	// standing is the user's buyer company's, when SessionUser pinned the
	// view (sessionPin); PinShopView answers with it.
	standing buyers.Standing
}

type pinnedViewKey struct{}

// PinShopView reads, in one statement, what every shop page of a buyer
// reads first: the standing of the viewer's buyer company (as
// BuyerStanding), tenant t's catalogue and price versions and its sales
// settings, and the header's figures of the user (the lines in the cart,
// the unread notices). It returns ctx with the versions and settings
// pinned, and pins them in ctx's request scope (ReadScope) as well, so
// that the rest of the request answers with them on any context of it:
// CatalogVersion, PriceVersion and SalesSettings of t answer without
// reading (a cart page reads the price version and the settings, a
// catalogue page both versions: one round trip on PostgreSQL fewer each).
//
// The versions are then as old as, or older than, every row read after
// them, which is all that the caches keyed by a version need (what is
// filed under a version is never older than it; see the top of
// catalog_version.go). A request that changed the catalogue or prices and
// then read them would find its own change filed under the old version:
// the shop's requests write carts and orders (placing one moves stock, and
// so maybe the catalogue version, by trigger) and read no catalogue after
// that. The settings are as of the pin: a change saved during the request
// applies from the next, as one saved just after the read would. The
// header's figures answer HeaderFigures from the request scope only, and
// only until the request writes anything (pinnedFigures).
func (s *Store) PinShopView(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID) (context.Context, buyers.Standing, error) {
	if p, ok := sessionPin(ctx, t, buyerID, userID); ok {
		return context.WithValue(ctx, pinnedViewKey{}, p), p.standing, nil
	}
	st := buyers.Standing{ID: buyerID}
	p := pinnedView{tenant: t, settings: sales.DefaultSettings(), user: userID}
	var rounding sql.NullString
	var settingsAt sql.NullTime
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT COALESCE(b.price_group_id, 0), b.status,
			COALESCE((SELECT version FROM catalog_versions WHERE tenant_id = ?), 0),
			COALESCE((SELECT version FROM price_versions WHERE tenant_id = ?), 0),
			ss.tax_rounding, ss.updated_at, `+cartCountSQL+`, `+unreadCountSQL+`
			FROM buyers b LEFT JOIN sales_settings ss ON ss.tenant_id = b.tenant_id
			WHERE b.tenant_id = ? AND b.id = ?`, t, t, t, userID, t, userID, t, buyerID).
			Scan(&st.PriceGroupID, &st.Status, &p.catalog, &p.price, &rounding, &settingsAt, &p.cartLines, &p.unread)
	})
	if err != nil {
		return ctx, buyers.Standing{}, fmt.Errorf("shop view of buyer %s: %w", buyerID, s.translate(err))
	}
	if rounding.Valid { // as SalesSettings reads them; never saved: the defaults
		p.settings.TaxRounding, p.settings.UpdatedAt = pricing.Rounding(rounding.String), settingsAt.Time
	}
	if rs, _ := ctx.Value(readScopeKey{}).(*readScope); rs != nil {
		rs.mu.Lock()
		rs.pin = &p
		rs.mu.Unlock()
	}
	return context.WithValue(ctx, pinnedViewKey{}, p), st, nil
}

// sessionPinSQL is what SessionUser reads for PinShopView, as columns of
// its statement (the buyers row b, joined for shop users only, and the
// sales settings ss): all NULL or 0 for other users, whose subqueries a
// CASE keeps from running.
var sessionPinSQL = `b.id, COALESCE(b.price_group_id, 0), COALESCE(b.status, ''),
	CASE WHEN b.id IS NULL THEN 0 ELSE COALESCE((SELECT version FROM catalog_versions WHERE tenant_id = u.tenant_id), 0) END,
	CASE WHEN b.id IS NULL THEN 0 ELSE COALESCE((SELECT version FROM price_versions WHERE tenant_id = u.tenant_id), 0) END,
	ss.tax_rounding, ss.updated_at,
	CASE WHEN b.id IS NULL THEN 0 ELSE ` + cartCountOf("u.tenant_id", "u.id") + ` END,
	CASE WHEN b.id IS NULL THEN 0 ELSE ` + unreadCountOf("u.tenant_id", "u.id") + ` END`

// sessionPinRow is a row's sessionPinSQL columns.
type sessionPinRow struct {
	buyer             sql.NullInt64
	standing          buyers.Standing
	catalog, price    int64
	rounding          sql.NullString
	settingsAt        sql.NullTime
	cartLines, unread int
}

func (r *sessionPinRow) dest() []any {
	return []any{&r.buyer, &r.standing.PriceGroupID, &r.standing.Status, &r.catalog, &r.price,
		&r.rounding, &r.settingsAt, &r.cartLines, &r.unread}
}

// keep pins the view read for user of tenant t in ctx's request scope,
// when it was read (the user is a shop user of a buyer company).
func (r *sessionPinRow) keep(ctx context.Context, t oroshi.TenantID, user oroshi.ID) {
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil || !r.buyer.Valid {
		return
	}
	p := pinnedView{tenant: t, catalog: r.catalog, price: r.price, settings: sales.DefaultSettings(),
		user: user, cartLines: r.cartLines, unread: r.unread, standing: r.standing}
	p.standing.ID = oroshi.ID(r.buyer.Int64)
	if r.rounding.Valid { // as PinShopView reads them
		p.settings.TaxRounding, p.settings.UpdatedAt = pricing.Rounding(r.rounding.String), r.settingsAt.Time
	}
	rs.mu.Lock()
	rs.pin = &p
	rs.mu.Unlock()
}

// sessionPin returns the view SessionUser pinned in ctx's request scope
// for buyerID's user userID of tenant t.
func sessionPin(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID) (pinnedView, bool) {
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return pinnedView{}, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	p := rs.pin
	if p == nil || rs.ended || p.tenant != t || p.user != userID || p.standing.ID != buyerID {
		return pinnedView{}, false
	}
	return *p, true
}

// pinOf returns what PinShopView pinned on ctx, or else in its request
// scope while the request lasts.
func pinOf(ctx context.Context) (pinnedView, bool) {
	if p, ok := ctx.Value(pinnedViewKey{}).(pinnedView); ok {
		return p, true
	}
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return pinnedView{}, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.pin == nil || rs.ended {
		return pinnedView{}, false
	}
	return *rs.pin, true
}

// pinnedFigures returns the header's figures of userID pinned in ctx's
// request scope, while the request has written nothing since: a request
// that changed the cart, or marked notices read, and then renders a page
// counts them again.
func pinnedFigures(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (cartLines, unread int, ok bool) {
	rs, _ := ctx.Value(readScopeKey{}).(*readScope)
	if rs == nil {
		return 0, 0, false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	p := rs.pin
	if p == nil || rs.ended || rs.wrote || p.tenant != t || p.user != userID {
		return 0, 0, false
	}
	return p.cartLines, p.unread, true
}

// wrote records that ctx's request writes (see pinnedFigures).
func wrote(ctx context.Context) {
	if rs, _ := ctx.Value(readScopeKey{}).(*readScope); rs != nil {
		rs.mu.Lock()
		rs.wrote = true
		rs.mu.Unlock()
	}
}
