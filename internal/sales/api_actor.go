package sales

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// Proxy orders entered through the public API (代理注文 by an integration,
// e.g. an ERP forwarding FAX orders) have no staff user behind them: the
// API key itself places the order and is the audit actor, realm api. The
// API layer has authenticated the key and checked its orders:write scope
// before; PlaceInput.UserID then holds the key's ID, which also scopes the
// order's idempotency key (a key ID never equals a user ID: both come from
// one ID generator).

// apiPlacer is placer for an order with PlaceInput.ByAPIKey.
func apiPlacer(in PlaceInput) (identity.User, audit.Actor, error) {
	if !in.Proxy || in.UserID == 0 {
		return identity.User{}, audit.Actor{}, fmt.Errorf("api order for buyer %s must be a proxy order by a key: %w",
			in.BuyerID, oroshi.ErrForbidden)
	}
	u := identity.User{ID: in.UserID, Tenant: in.Tenant, Status: identity.StatusActive}
	return u, audit.Actor{Realm: audit.RealmAPI, ID: in.UserID, ClientAddr: in.ClientAddr}, nil
}

// IsStockMessage reports whether msg, a line's problem, says only that the
// stock is short (StockMessage): the API gives such refusals their own
// error code, and the test lives here beside the message it reads.
func IsStockMessage(msg string) bool {
	if msg == StockMessage(0) {
		return true
	}
	rest, ok := strings.CutPrefix(msg, "在庫が不足しています（残り")
	if !ok {
		return false
	}
	n, ok := strings.CutSuffix(rest, "）")
	left, err := strconv.ParseInt(n, 10, 64)
	return ok && err == nil && msg == StockMessage(left)
}
