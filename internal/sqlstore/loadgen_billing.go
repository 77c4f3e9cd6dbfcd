package sqlstore

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Every generated buyer closes at month end (末日締め, paid at the end of
// the next month). The two last closed months are closed as the monthly
// closing would: one detailed invoice per buyer with shipments, its
// lines, its billed shipments and the closing row; the older of the two is
// paid. History before them is completed without invoices.

type loadBilling struct {
	closings [2]pricing.Date // older, newer
	invoices int64
}

func (g *loadGen) newBilling() *loadBilling {
	first := pricing.DateOf(g.w.now)
	first = pricing.NewDate(first.Year, first.Month, 1)
	b := &loadBilling{}
	b.closings[1] = first.AddDays(-1)
	b.closings[0] = pricing.NewDate(b.closings[1].Year, b.closings[1].Month, 1).AddDays(-1)
	g.bill = b
	return b
}

// billingMonth is 0 or 1 for a day in the older or newer closed month, -2
// before them and -1 after.
func (g *loadGen) billingMonth(d pricing.Date) int {
	c := g.bill.closings
	switch {
	case d.Compare(c[1]) > 0:
		return -1
	case d.Compare(c[0]) > 0:
		return 1
	case d.Compare(pricing.NewDate(c[0].Year, c[0].Month, 1)) >= 0:
		return 0
	}
	return -2
}

// close writes buyer b's invoices of the closed months.
func (lb *loadBilling) close(ctx context.Context, g *loadGen, b loadBuyer, closed [2][]loadOrder) error {
	var previous oroshi.Yen
	for m, orders := range closed {
		date := lb.closings[m]
		closedAt := time.Date(date.Year, date.Month, date.Day, 15, 0, 0, 0, time.UTC) // next day 00:00 JST
		if len(orders) == 0 {
			if err := g.w.add(ctx, "billing_closings", b.id, date.String(), 0, closedAt); err != nil {
				return err
			}
			continue
		}
		total, err := lb.invoice(ctx, g, b, m, orders, previous, closedAt)
		if err != nil {
			return err
		}
		previous = total
	}
	return nil
}

func (lb *loadBilling) invoice(ctx context.Context, g *loadGen, b loadBuyer, m int, orders []loadOrder, previous oroshi.Yen, at time.Time) (oroshi.Yen, error) {
	w, date := g.w, lb.closings[m]
	lb.invoices++
	id := w.s.NewID()
	var sub [2]oroshi.Yen
	for _, o := range orders {
		for _, l := range o.lines {
			sub[min(1, 10-g.skus[l.sku].rate)] += l.amount
		}
	}
	tax10, tax8 := sub[0]*10/100, sub[1]*8/100
	salesAmt, tax := sub[0]+sub[1], tax10+tax8
	received := previous // the older month was paid in full
	total := previous - received + salesAmt + tax
	from := pricing.NewDate(date.Year, date.Month, 1)
	due := monthEnd(monthEnd(date).AddDays(1))
	paid := oroshi.Yen(0)
	if m == 0 {
		paid = total
	}
	if err := w.add(ctx, "invoices", id, sales.FormatNumber(prefixInvoice, at, lb.invoices), string(billing.ModeMonthly),
		string(billing.MethodDetailed), b.id, b.code, b.name, 0, date.String(), from.String(), date.String(), date.String(),
		due.String(), "floor", previous, received, 0, salesAmt, tax, total, sub[0], tax10, sub[1], tax8, paid, 0, at); err != nil {
		return 0, err
	}
	if err := lb.invoiceLines(ctx, g, id, orders); err != nil {
		return 0, err
	}
	if err := w.add(ctx, "billing_closings", b.id, date.String(), id, at); err != nil {
		return 0, err
	}
	if m == 0 {
		return total, w.add(ctx, "payments", w.s.NewID(), id, b.id, due.String(), total, string(billing.PayTransfer), "", at)
	}
	return total, nil
}

func (lb *loadBilling) invoiceLines(ctx context.Context, g *loadGen, id oroshi.ID, orders []loadOrder) error {
	line := 0
	for _, o := range orders {
		for _, l := range o.lines {
			k := g.skus[l.sku]
			line++
			if err := g.w.add(ctx, "invoice_lines", id, line, o.shippedOn.String(), o.id, o.number, o.shipment,
				o.number+"-1", k.code, k.name+" "+k.variant, k.unit, l.qty, l.price, l.amount, k.rate); err != nil {
				return err
			}
		}
		if err := g.w.add(ctx, "invoice_shipments", o.shipment, id); err != nil {
			return err
		}
	}
	return nil
}

// monthEnd is the last day of d's month.
func monthEnd(d pricing.Date) pricing.Date {
	n := pricing.NewDate(d.Year, d.Month, 28).AddDays(4)
	return pricing.NewDate(n.Year, n.Month, 1).AddDays(-1)
}
