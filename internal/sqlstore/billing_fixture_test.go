package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// billWorld is a salesWorld with a billing service whose clock the test
// moves (today), and buyers made with a closing day and terms.
type billWorld struct {
	*salesWorld
	bill  *billing.Service
	today time.Time
	ships map[oroshi.ID]oroshi.ID // buyer → ship-to
	n     int
}

var billStaff = audit.Actor{Realm: audit.RealmAdmin, ID: 9}

func newBillWorld(t *testing.T, s *sqlstore.Store, slug string) *billWorld {
	t.Helper()
	w := &billWorld{salesWorld: newSalesWorld(t, s, slug), ships: map[oroshi.ID]oroshi.ID{}}
	w.today = time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)
	w.bill = &billing.Service{Store: s, Sales: w.svc, Now: func() time.Time { return w.today }}
	w.svc.Credit = s
	return w
}

// at sets the billing clock to noon JST of date.
func (w *billWorld) at(date string) { w.today = jstNoon(date) }

func jstNoon(date string) time.Time {
	d, err := pricing.ParseDate(date)
	if err != nil {
		panic(err)
	}
	return time.Date(d.Year, d.Month, d.Day, 3, 0, 0, 0, time.UTC)
}

// buyer makes a buyer company with closing day and 翌月末払い.
func (w *billWorld) buyer(closingDay int, limit oroshi.Yen) buyers.Buyer {
	w.t.Helper()
	w.n++
	ev := audit.Event{Tenant: w.tn, ActorRealm: audit.RealmSystem, Action: "テスト"}
	b, err := w.s.CreateBuyer(context.Background(), buyers.Buyer{Tenant: w.tn, Code: fmt.Sprintf("C%03d", w.n),
		Name: fmt.Sprintf("取引先%d", w.n), ClosingDay: closingDay, PaymentTerms: buyers.PaymentTerms{MonthOffset: 1, Day: 31},
		PaymentMethod: buyers.PaymentInvoice, CreditLimit: limit, Status: buyers.StatusActive}, ev)
	if err != nil {
		w.t.Fatal(err)
	}
	w.ships[b.ID] = w.newShipTo(b.ID)
	return b
}

// order places a proxy order for b and returns it.
func (w *billWorld) order(b buyers.Buyer, lines ...sales.LineInput) sales.Order {
	w.t.Helper()
	return w.place(sales.PlaceInput{Tenant: w.tn, BuyerID: b.ID, UserID: w.staff.ID, Proxy: true, ShipToID: w.ships[b.ID],
		Lines: lines, IdemKey: w.key()})
}

// shipped places, approves and ships an order in full on date.
func (w *billWorld) shipped(b buyers.Buyer, date string, lines ...sales.LineInput) sales.Order {
	w.t.Helper()
	o := w.order(b, lines...)
	return w.ship(o.ID, date, sales.ShipmentInput{All: true})
}

func (w *billWorld) ship(id oroshi.ID, date string, in sales.ShipmentInput) sales.Order {
	w.t.Helper()
	ctx := context.Background()
	o, err := w.svc.Order(ctx, w.tn, id)
	if err != nil {
		w.t.Fatal(err)
	}
	if o.Status == sales.StatusReceived {
		if _, err := w.svc.Approve(ctx, w.tn, id, billStaff); err != nil {
			w.t.Fatal(err)
		}
	}
	in.ShippedOn, _ = pricing.ParseDate(date)
	o, err = w.svc.Ship(ctx, w.tn, id, in, billStaff)
	if err != nil {
		w.t.Fatalf("ship: %v", err)
	}
	return o
}

func (w *billWorld) close(date string, buyerID oroshi.ID) (billing.Result, error) {
	d, _ := pricing.ParseDate(date)
	return w.bill.Close(context.Background(), w.tn, billing.Run{Date: d, BuyerID: buyerID}, billStaff)
}

func (w *billWorld) mustClose(date string, buyerID oroshi.ID) billing.Result {
	w.t.Helper()
	r, err := w.close(date, buyerID)
	if err != nil {
		w.t.Fatalf("close %s: %v", date, err)
	}
	return r
}

// invoices lists the buyer's invoices, newest first, with lines.
func (w *billWorld) invoices(buyerID oroshi.ID) []billing.Invoice {
	w.t.Helper()
	ctx := context.Background()
	list, err := w.bill.Invoices(ctx, w.tn, billing.Filter{BuyerID: buyerID})
	if err != nil {
		w.t.Fatal(err)
	}
	for i, iv := range list {
		if list[i], err = w.bill.Invoice(ctx, w.tn, iv.ID); err != nil {
			w.t.Fatal(err)
		}
	}
	return list
}

func (w *billWorld) status(id oroshi.ID) sales.Status {
	w.t.Helper()
	o, err := w.svc.Order(context.Background(), w.tn, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return o.Status
}

func (w *billWorld) setMode(mode billing.Mode, method billing.Method) {
	w.t.Helper()
	if err := w.bill.SaveSettings(context.Background(), w.tn, billing.Settings{Mode: mode, Method: method}, billStaff); err != nil {
		w.t.Fatal(err)
	}
}

func (w *billWorld) pay(iv billing.Invoice, date string, amount, fee oroshi.Yen, over bool) (billing.Payment, error) {
	d, _ := pricing.ParseDate(date)
	return w.bill.RecordPayment(context.Background(), w.tn, billing.Payment{InvoiceID: iv.ID, ReceivedOn: d,
		Amount: amount, Fee: fee, Overpayment: over}, billStaff)
}

func pricingDate(s string) (pricing.Date, error) { return pricing.ParseDate(s) }
