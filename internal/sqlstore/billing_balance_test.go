package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestBalanceMatchesFullSums compares Balance (and CreditExposure) with
// the balance summed the long way, over every row and every open status,
// for buyers with invoices, payments (one cancelled), a credit note, a
// partly invoiced open order and open orders in each open status.
func TestBalanceMatchesFullSums(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newBillWorld(t, s, "billbal")
		b, other, idle := w.buyer(buyers.EndOfMonth, 1_000_000), w.buyer(buyers.EndOfMonth, 0), w.buyer(buyers.EndOfMonth, 0)
		w.shipped(b, "2026-03-10", w.line("STD-1", 10))
		part := w.order(b, w.line("STD-1", 2), w.line("RED-1", 1))
		w.ship(part.ID, "2026-03-12", sales.ShipmentInput{Lines: []sales.ShipmentLine{{LineNo: 1, Quantity: 2}}})
		w.shipped(other, "2026-03-10", w.line("STD-1", 3))
		w.at("2026-04-01")
		w.mustClose("2026-03-31", 0)
		if st := w.status(part.ID); st != sales.StatusPartiallyShipped {
			t.Fatalf("partly invoiced order is %s", st)
		}
		iv := w.invoices(b.ID)[0]
		w.at("2026-04-15")
		p, err := w.pay(iv, "2026-04-10", 500, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.pay(iv, "2026-04-11", 300, 10, false); err != nil {
			t.Fatal(err)
		}
		if _, err := w.bill.CancelPayment(ctx, w.tn, p.ID, "二重登録", billStaff); err != nil {
			t.Fatal(err)
		}
		if _, err := w.bill.CreateCreditNote(ctx, w.tn, billing.CreditNoteInput{BuyerID: b.ID, InvoiceID: iv.ID,
			Reason: "返品", Lines: []billing.CreditLine{{Description: "返品", Amount: 105, TaxRate: 10}}}, billStaff); err != nil {
			t.Fatal(err)
		}
		w.order(b, w.line("STD-1", 1)) // 受付
		approved := w.order(b, w.line("RED-1", 2))
		if _, err := w.svc.Approve(ctx, w.tn, approved.ID, billStaff); err != nil {
			t.Fatal(err)
		}
		w.shipped(b, "2026-04-05", w.line("STD-1", 4)) // 出荷済, not yet invoiced
		cancelled := w.order(b, w.line("STD-1", 7))
		if _, err := w.svc.Cancel(ctx, w.tn, cancelled.ID, "取消", billStaff); err != nil {
			t.Fatal(err)
		}
		for _, id := range []oroshi.ID{b.ID, other.ID, idle.ID} {
			want := fullBalance(t, s, w.tn, id)
			got, err := s.Balance(ctx, w.tn, id)
			if err != nil || got != want {
				t.Errorf("buyer %s: Balance = %+v, %v; full sums %+v", id, got, err, want)
			}
			exp, err := s.CreditExposure(ctx, w.tn, id)
			if err != nil || exp != want.Exposure() {
				t.Errorf("buyer %s: CreditExposure = %d, %v; want %d", id, exp, err, want.Exposure())
			}
		}
		if full := fullBalance(t, s, w.tn, b.ID); full.Paid == 0 || full.Credited == 0 || full.OpenOrders == 0 ||
			billedOpen(t, s, w.tn, b.ID) == 0 {
			t.Errorf("the scenario misses a part of the balance: %+v", full)
		}
	})
}

// fullBalance sums the buyer's balance over every row, as Balance did
// before migration 00030: each open status, every invoice line.
func fullBalance(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, buyerID oroshi.ID) billing.Balance {
	t.Helper()
	where := fmt.Sprintf("tenant_id = %d AND buyer_id = %d", tn, buyerID)
	return billing.Balance{BuyerID: buyerID,
		Invoiced: oroshi.Yen(scopedCount(t, s, tn, `SELECT coalesce(sum(sales + tax), 0) FROM invoices WHERE `+where)),
		Paid: oroshi.Yen(scopedCount(t, s, tn, `SELECT coalesce(sum(amount + fee), 0) FROM payments WHERE `+where+
			` AND NOT cancelled`)),
		OpenOrders: oroshi.Yen(scopedCount(t, s, tn, `SELECT coalesce(sum(total), 0) FROM orders WHERE `+where+
			` AND status IN `+openStatusList)) - billedOpen(t, s, tn, buyerID),
		Credited: oroshi.Yen(scopedCount(t, s, tn, `SELECT coalesce(sum(total), 0) FROM credit_notes WHERE `+where)),
	}
}

// billedOpen is what of the buyer's orders in any open status is on an
// invoice, tax included line by line.
func billedOpen(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, buyerID oroshi.ID) oroshi.Yen {
	return oroshi.Yen(scopedCount(t, s, tn, fmt.Sprintf(`SELECT coalesce(sum(l.amount * (100 + l.tax_rate) / 100), 0)
		FROM orders o JOIN invoice_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
		WHERE o.tenant_id = %d AND o.buyer_id = %d AND o.status IN %s`, tn, buyerID, openStatusList)))
}

const openStatusList = `('buyer_approval', 'received', 'approved', 'partially_shipped', 'shipped')`

// TestShipmentsOnlyInShippedStatuses guards what Balance relies on to skip
// the invoice lines of most open orders: once an order has a shipment (the
// only source of invoice lines) it never returns to 社内承認待ち, 受付 or
// 承認.
func TestShipmentsOnlyInShippedStatuses(t *testing.T) {
	reached := map[sales.Status]bool{sales.StatusShipped: true} // Service.Ship's full outcome
	for _, from := range sales.Statuses {
		if to, err := sales.Next(from, sales.ActionShip); err == nil {
			reached[to] = true
		}
	}
	for grew := true; grew; {
		grew = false
		for from := range reached {
			for _, a := range sales.Actions {
				if to, err := sales.Next(from, a); err == nil && !reached[to] {
					reached[to], grew = true, true
				}
			}
		}
	}
	for _, st := range []sales.Status{sales.StatusBuyerApproval, sales.StatusReceived, sales.StatusApproved} {
		if reached[st] {
			t.Errorf("an order with a shipment can be %s again: Balance must look up its invoice lines", st)
		}
	}
	if !reached[sales.StatusPartiallyShipped] || !reached[sales.StatusShipped] {
		t.Errorf("statuses after a shipment: %v", reached)
	}
}
