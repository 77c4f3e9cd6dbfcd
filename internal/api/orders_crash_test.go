package api

import (
	"context"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestAPIOrderAfterCrashedClaim: a server killed between claiming an
// Idempotency-Key and answering leaves the claim behind. The client's retry
// of an order must not wait StaleClaim on 409: the order keeps its key in
// its own transaction, so the retry places it once (or replays it).
func TestAPIOrderAfterCrashedClaim(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, cat := newOrdersEnv(t, s, true)
		w := newOrderWorld(t, e, cat, "orders-crash")
		k, secret := e.key(t, w.tenant, apikeys.OrdersWrite, apikeys.BuyersWrite)
		body := `{"buyer_id":"` + w.yamada + `","ship_to_id":"` + w.ship + `","lines":[` + w.line("RED-1", 2) + `]}`
		crashedClaim(t, s, k, "crashed-1", "/api/v1/orders", body)

		first := e.post("/api/v1/orders", secret, "crashed-1", body)
		again := e.post("/api/v1/orders", secret, "crashed-1", body)
		var o1, o2 Order
		decodeBody(t, first, &o1)
		decodeBody(t, again, &o2)
		if first.Code != 201 || again.Code != 201 || o1.ID != o2.ID {
			t.Fatalf("retries after a crashed claim: %d %s / %d %s", first.Code, first.Body, again.Code, again.Body)
		}
		if n := orderCount(t, s, w.tenant.ID); n != 1 || w.stock(t, "RED-1") != 8 {
			t.Fatalf("%d orders, stock %d; want 1 order, stock 8", n, w.stock(t, "RED-1"))
		}
		// Routes without their own key still answer 409 while claimed.
		buyer := `{"code":"B009","name":"九番目"}`
		crashedClaim(t, s, k, "crashed-2", "/api/v1/buyers", buyer)
		if r := e.post("/api/v1/buyers", secret, "crashed-2", buyer); r.Code != 409 {
			t.Fatalf("buyer with a claimed key: %d %s, want 409", r.Code, r.Body)
		}
	})
}

// crashedClaim claims key for a POST of body to path as the request of a
// process that then died.
func crashedClaim(t *testing.T, s *sqlstore.Store, k apikeys.Key, key, path, body string) {
	t.Helper()
	idem := &idempotency.Service{Store: s, Now: s.Now}
	_, outcome, err := idem.Claim(context.Background(), idempotency.Record{Tenant: k.Tenant, Caller: "apikey:" + k.ID.String(),
		Key: key, Fingerprint: idempotency.Fingerprint("POST", path, []byte(body))})
	if err != nil || outcome != idempotency.Claimed {
		t.Fatalf("claim %s: %v %v", key, outcome, err)
	}
}
