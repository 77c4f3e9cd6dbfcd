package sqlstore_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestSalesPlaceOrderFromCart(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "place")
		w.addToCart(w.purchaser, "STD-1", 1)
		w.addToCart(w.purchaser, "STD-1", 2) // adds to the line: 3 × ¥105
		v := w.addToCart(w.purchaser, "RED-1", 4)
		if len(v.Lines) != 2 || v.Lines[0].Quantity != 3 || !v.Orderable || v.Revision != 3 {
			t.Fatalf("cart %+v", v)
		}
		// Tax once per rate: ¥315 at 10 % → ¥31; ¥800 at 8 % → ¥64.
		want := sales.Totals{ByRate: []sales.RateTotal{{Rate: 10, Subtotal: 315, Tax: 31}, {Rate: 8, Subtotal: 800, Tax: 64}},
			Subtotal: 1115, Tax: 95, Total: 1210}
		if !totalsEqual(v.Totals, want) {
			t.Fatalf("cart totals %+v, want %+v", v.Totals, want)
		}
		in := w.cartOrder(w.purchaser, v.Revision)
		in.DesiredDate = w.svc.EarliestDelivery()
		p, err := w.svc.PlaceOrder(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		wantAsStored(t, s, p.Order)
		o := p.Order
		if p.Replayed || o.Status != sales.StatusReceived || !regexp.MustCompile(`^O-\d{4}-000001$`).MatchString(o.Number) ||
			!totalsEqual(o.Totals, want) || len(o.Lines) != 2 || o.PONumber != "PO-778" || o.ShipTo.Label != "本店" ||
			o.DesiredDate.String() != "2026-05-14" || o.BuyerName != "株式会社まるやま商店" {
			t.Fatalf("order %+v", o)
		}
		l := o.Lines[1]
		if l.Code != "RED-1" || l.ProductName != "本枯れ鰹節" || l.Variant != "500g" || l.Unit != "袋" || l.CaseQty != 10 ||
			l.UnitPrice != 200 || l.TaxRate != 8 || l.Amount != 800 || !l.Reserved || l.PriceRule == "" {
			t.Errorf("line snapshot %+v", l)
		}
		if got := w.stock("RED-1"); got != 6 {
			t.Errorf("stock %d, want 6", got)
		}
		cart, _ := w.svc.Cart(ctx, w.shopper(w.purchaser))
		if len(cart.Lines) != 0 {
			t.Errorf("cart not emptied: %+v", cart.Lines)
		}
		if got := w.actions(o.ID); !slices.Equal(got, []string{sales.ActionOrderPlace}) {
			t.Errorf("audit %v", got)
		}
		if len(o.Events) != 1 || o.Events[0].Type != sales.EventOrderCreated || o.Events[0].ActorID != w.purchaser.ID {
			t.Errorf("events %+v", o.Events)
		}
		// The same request again (double click, retried POST): the same
		// order, no second order, no second reservation.
		again, err := w.svc.PlaceOrder(ctx, in)
		if err != nil || !again.Replayed || again.Order.ID != o.ID {
			t.Fatalf("replay: %+v %v", again, err)
		}
		if w.stock("RED-1") != 6 || w.count("orders") != 1 {
			t.Errorf("replay changed data: stock %d, orders %d", w.stock("RED-1"), w.count("orders"))
		}
		// The same key with another body is a conflict.
		other := in
		other.PONumber = "PO-999"
		_, err = w.svc.PlaceOrder(ctx, other)
		var pr *sales.Problem
		if !errors.Is(err, oroshi.ErrConflict) || !errors.As(err, &pr) || pr.Message() != sales.MsgIdemMismatch {
			t.Errorf("different body, same key: %v", err)
		}
		// The next order gets the next number.
		w.addToCart(w.purchaser, "STD-1", 1)
		c, _ := w.svc.Cart(ctx, w.shopper(w.purchaser))
		o2 := w.place(w.cartOrder(w.purchaser, c.Revision))
		if o2.Number[len(o2.Number)-6:] != "000002" || w.count("orders") != 2 {
			t.Errorf("second number %s", o2.Number)
		}
	})
}

func totalsEqual(a, b sales.Totals) bool {
	return slices.Equal(a.ByRate, b.ByRate) && a.Subtotal == b.Subtotal && a.Tax == b.Tax && a.Total == b.Total
}

func TestSalesPlaceOrderRefusals(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "refuse")
		// Hidden, draft and unknown SKUs cannot go into a cart.
		for _, code := range []string{"HID-1", "DRF-1"} {
			_, err := w.svc.AddToCart(ctx, w.shopper(w.purchaser), w.sku[code], 1)
			wantFieldError(t, err, "sku_id", "注文できません")
		}
		_, err := w.svc.AddToCart(ctx, w.shopper(w.purchaser), 12345, 1)
		wantFieldError(t, err, "sku_id", "注文できません")
		v := w.addToCart(w.purchaser, "RED-1", 2)

		// A stale cart: changed after the review page was shown.
		w.addToCart(w.purchaser, "STD-1", 1)
		_, err = w.svc.PlaceOrder(ctx, w.cartOrder(w.purchaser, v.Revision))
		var pr *sales.Problem
		if !errors.Is(err, sales.ErrStaleCart) || !errors.As(err, &pr) || pr.Message() != "カートの内容が変更されました。内容を確認してください" {
			t.Fatalf("stale cart: %v", err)
		}
		cases := map[string]struct {
			in    func() sales.PlaceInput
			field string
			part  string
		}{
			"hidden sku by id": {func() sales.PlaceInput { return w.proxyOrder(w.line("STD-1", 1), w.line("HID-1", 1)) },
				"lines[1].sku_id", "注文できません"},
			"unknown code": {func() sales.PlaceInput {
				return w.proxyOrder(sales.LineInput{Code: "NOPE-1", Quantity: 1})
			}, "lines[0].sku_id", "注文できません"},
			"draft": {func() sales.PlaceInput { return w.proxyOrder(w.line("DRF-1", 1)) }, "lines[0].sku_id", "注文できません"},
			"minimum and lot": {func() sales.PlaceInput { return w.proxyOrder(w.line("LOT-6", 8)) },
				"lines[0].quantity", "最小発注数量は12です／発注単位（ロット）6の倍数で入力してください"},
			"stock": {func() sales.PlaceInput { return w.proxyOrder(w.line("RED-1", 11)) }, "lines[0].quantity", "在庫が不足しています（残り10）"},
			"other company's ship-to": {func() sales.PlaceInput {
				in := w.proxyOrder(w.line("STD-1", 1))
				in.ShipToID = w.otherShip
				return in
			}, "ship_to_id", "納品先が見つかりません"},
			"past date": {func() sales.PlaceInput {
				in := w.proxyOrder(w.line("STD-1", 1))
				in.DesiredDate = pricing.NewDate(2026, 5, 12)
				return in
			}, "desired_date", "2026-05-14以降"},
			"today": {func() sales.PlaceInput {
				in := w.proxyOrder(w.line("STD-1", 1))
				in.DesiredDate = pricing.NewDate(2026, 5, 13)
				return in
			}, "desired_date", "以降の日付"},
			"no key": {func() sales.PlaceInput {
				in := w.proxyOrder(w.line("STD-1", 1))
				in.IdemKey = ""
				return in
			}, "idempotency_key", "注文キー"},
			"long PO": {func() sales.PlaceInput {
				in := w.proxyOrder(w.line("STD-1", 1))
				in.PONumber = string(make([]rune, 51))
				return in
			}, "po_number", "50文字"},
			"empty cart": {func() sales.PlaceInput {
				c, _ := w.svc.ClearCart(ctx, w.shopper(w.admin))
				return w.cartOrder(w.admin, c.Revision)
			}, "lines", "カートに商品がありません"},
		}
		for name, tc := range cases {
			_, err := w.svc.PlaceOrder(ctx, tc.in())
			t.Run(name, func(t *testing.T) { wantFieldError(t, err, tc.field, tc.part) })
		}
		// A buyer user cannot order for another company, a viewer not at all.
		in := w.proxyOrder(w.line("STD-1", 1))
		in.Proxy, in.UserID, in.BuyerID = false, w.purchaser.ID, w.other
		in.ShipToID = w.otherShip
		if _, err := w.svc.PlaceOrder(ctx, in); !errors.Is(err, oroshi.ErrForbidden) {
			t.Errorf("ordering for another company: %v", err)
		}
		// Nothing of any of this was written.
		for _, table := range []string{"orders", "order_lines", "order_requests", "sales_events"} {
			if n := w.count(table); n != 0 {
				t.Errorf("%s: %d rows after refusals", table, n)
			}
		}
		if w.stock("RED-1") != 10 {
			t.Errorf("stock %d after refusals", w.stock("RED-1"))
		}
		c, _ := w.svc.Cart(ctx, w.shopper(w.purchaser))
		if len(c.Lines) != 2 {
			t.Errorf("cart changed by a refused order: %+v", c.Lines)
		}
	})
}

func TestSalesCartOperations(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "cartops")
		u := w.shopper(w.purchaser)
		if _, err := w.svc.QuickOrder(ctx, u, "STD-1 2\nＬＯＴ－６　８\n"); err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.Cart(ctx, u)
		if err != nil || len(v.Lines) != 2 {
			t.Fatalf("quick order: %+v %v", v, err)
		}
		// The LOT-6 line is priced but shows its problems; the cart cannot be ordered.
		lot := v.Lines[1]
		if v.Orderable || lot.OK() || !lot.Priced || lot.Amount != 400 ||
			!slices.Equal(lot.Problems, []string{"最小発注数量は12です", "発注単位（ロット）6の倍数で入力してください"}) {
			t.Errorf("lot line %+v", lot)
		}
		_, err = w.svc.QuickOrder(ctx, u, "STD-1 1\nHID-1 1\nNOPE 2")
		wantFieldError(t, err, "rows[1]", "HID-1")
		wantFieldError(t, err, "rows[2]", "NOPE")
		if _, err = w.svc.SetCartQuantity(ctx, u, w.sku["LOT-6"], 12); err != nil {
			t.Fatal(err)
		}
		if v, err = w.svc.Cart(ctx, u); err != nil || !v.Orderable || v.Lines[0].Quantity != 2 {
			t.Fatalf("set quantity: %+v %v", v, err)
		}
		c, err := w.svc.RemoveFromCart(ctx, u, w.sku["STD-1"])
		if err != nil || len(c.Lines) != 1 {
			t.Fatalf("remove: %+v %v", c, err)
		}
		o := w.place(w.cartOrder(w.purchaser, c.Revision))
		// Reorder: a past order of the company back into the cart; another
		// company's order answers as missing.
		r, err := w.svc.Reorder(ctx, u, o.ID)
		if err != nil || r.Added != 1 || len(r.Cart.Lines) != 1 || r.Cart.Lines[0].Quantity != 12 {
			t.Fatalf("reorder: %+v %v", r, err)
		}
		if _, err := w.svc.Reorder(ctx, sales.BuyerUser{Tenant: w.tn, BuyerID: w.other, UserID: w.purchaser.ID}, o.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("reorder of another company's order: %v", err)
		}
		if _, err := w.svc.BuyerOrder(ctx, w.tn, w.other, o.ID); !errors.Is(err, oroshi.ErrNotFound) {
			t.Errorf("another company's order: %v", err)
		}
		if c, err = w.svc.ClearCart(ctx, u); err != nil || len(c.Lines) != 0 {
			t.Errorf("clear: %+v %v", c, err)
		}
		if v, err = w.svc.Cart(ctx, u); err != nil || len(v.Lines) != 0 || v.Orderable {
			t.Errorf("cart after clear: %+v %v", v, err)
		}
	})
}

// TestSalesCartSize: the header's count is the cart's number of lines, of
// that user only, and 0 for a user without a cart or with an emptied one.
func TestSalesCartSize(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "cartsize")
		u, boss := w.shopper(w.purchaser), w.shopper(w.admin)
		size := func(who sales.BuyerUser, want int) {
			t.Helper()
			n, err := w.svc.CartSize(ctx, who)
			c, cerr := w.s.Cart(ctx, w.tn, who.UserID)
			if err != nil || cerr != nil || n != want || len(c.Lines) != want {
				t.Errorf("cart size of %s: %d %v (cart %d lines %v), want %d", who.UserID, n, err, len(c.Lines), cerr, want)
			}
		}
		size(u, 0) // no cart yet
		w.addToCart(w.purchaser, "STD-1", 1)
		w.addToCart(w.purchaser, "STD-1", 2) // the same SKU: still one line
		w.addToCart(w.purchaser, "RED-1", 1)
		w.addToCart(w.admin, "LOT-6", 12)
		size(u, 2)
		size(boss, 1)
		if _, err := w.svc.ClearCart(ctx, u); err != nil {
			t.Fatal(err)
		}
		size(u, 0)
		size(boss, 1)
	})
}
