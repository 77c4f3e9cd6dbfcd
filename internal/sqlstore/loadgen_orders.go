package sqlstore

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Orders are placed over the 365 days before now. Those of the two last
// closed months are invoiced (monthly closing, loadgen_billing.go), older
// ones completed, later ones shipped, and the last week's spread over the
// open statuses; 3 % of all are cancelled.

type loadLine struct {
	sku    int
	qty    int64
	price  oroshi.Yen
	amount oroshi.Yen
}

type loadOrder struct {
	id, shipment oroshi.ID
	number       string
	status       sales.Status
	placed       time.Time
	shippedOn    pricing.Date
	lines        []loadLine
}

// loadKey is a rollup row's key: a day or month, and a buyer or SKU.
type loadKey struct {
	period string
	id     oroshi.ID
}

type loadRollups struct {
	daily, monthlyBuyers map[loadKey]*[2]int64 // amount, orders
	monthlySKUs          map[loadKey]*[3]int64 // quantity, amount, SKU index

	orders int64
}

// orders writes each buyer's orders, shipments and invoices.
func (g *loadGen) orders(ctx context.Context) error {
	g.roll = loadRollups{daily: map[loadKey]*[2]int64{}, monthlyBuyers: map[loadKey]*[2]int64{},
		monthlySKUs: map[loadKey]*[3]int64{}}
	per, extra := g.spec.Orders/len(g.buyers), g.spec.Orders%len(g.buyers)
	bill := g.newBilling()
	return g.w.chunks(ctx, len(g.buyers), loadBuyersPerChunk/10, []string{"orders", "shipments", "invoices"}, func(i int) error {
		n := per
		if i < extra {
			n++
		}
		return g.buyerOrders(ctx, i, n, bill)
	})
}

func (g *loadGen) buyerOrders(ctx context.Context, bi, n int, bill *loadBilling) error {
	b := g.buyers[bi]
	var closed [2][]loadOrder
	for range n {
		o := g.newOrder(b)
		if err := g.writeOrder(ctx, b, &o); err != nil {
			return err
		}
		if m := g.billingMonth(o.shippedOn); m >= 0 && o.status == sales.StatusInvoiced {
			closed[m] = append(closed[m], o)
		}
	}
	return bill.close(ctx, g, b, closed)
}

func (g *loadGen) newOrder(b loadBuyer) loadOrder {
	w, r := g.w, g.w.rnd
	g.roll.orders++
	o := loadOrder{id: w.s.NewID(), placed: w.now.Add(-time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Second)}
	o.number = sales.FormatNumber(sales.PrefixOrder, o.placed, g.roll.orders)
	o.shippedOn = pricing.DateOf(o.placed)
	nl, first, step := 1+r.IntN(9), r.IntN(len(g.skus)), 1+r.IntN(97)
	for j := range nl {
		k := (first + j*step) % len(g.skus)
		l := loadLine{sku: k, qty: int64(1 + r.IntN(9)), price: g.unitPrice(b, k)}
		l.amount = l.price * oroshi.Yen(l.qty)
		o.lines = append(o.lines, l)
	}
	o.status = g.statusOf(o)
	return o
}

func (g *loadGen) statusOf(o loadOrder) sales.Status {
	r, age := g.w.rnd.IntN(100), g.w.now.Sub(o.placed)
	switch {
	case r < 3:
		return sales.StatusCancelled
	case g.billingMonth(o.shippedOn) >= 0:
		return sales.StatusInvoiced
	case g.billingMonth(o.shippedOn) == -2:
		return sales.StatusCompleted
	case age < 2*24*time.Hour:
		return []sales.Status{sales.StatusBuyerApproval, sales.StatusReceived, sales.StatusApproved}[r%3]
	case age < 7*24*time.Hour:
		return []sales.Status{sales.StatusApproved, sales.StatusPartiallyShipped, sales.StatusShipped}[r%3]
	}
	return sales.StatusShipped
}

// writeOrder writes o with its lines and shipment and adds it to the
// rollups when it counts as sales.
func (g *loadGen) writeOrder(ctx context.Context, b loadBuyer, o *loadOrder) error {
	w := g.w
	var sub [2]oroshi.Yen // 10 %, 8 %
	for _, l := range o.lines {
		sub[min(1, 10-g.skus[l.sku].rate)] += l.amount // rate 10 → 0, 8 → 1
	}
	tax10, tax8 := sub[0]*10/100, sub[1]*8/100
	if err := w.add(ctx, "orders", o.id, o.number, b.id, string(o.status), b.user, "shop", b.shipTo, "本店", b.name,
		"100-0005", "", "floor", sub[0], tax10, sub[1], tax8, sub[0]+tax10+sub[1]+tax8, len(o.lines), o.placed,
		o.placed); err != nil {
		return err
	}
	shipped := map[sales.Status]int{sales.StatusPartiallyShipped: (len(o.lines) + 1) / 2, sales.StatusShipped: len(o.lines),
		sales.StatusInvoiced: len(o.lines), sales.StatusCompleted: len(o.lines)}[o.status]
	for j := range o.lines {
		l, k := &o.lines[j], g.skus[o.lines[j].sku]
		var sq int64
		if j < shipped {
			sq = l.qty
		}
		if err := w.add(ctx, "order_lines", o.id, j+1, k.id, k.code, "", k.name, k.variant, k.unit, 1, l.qty, l.price,
			k.rate, l.amount, sq, o.placed); err != nil {
			return err
		}
	}
	if err := g.ship(ctx, o, shipped); err != nil {
		return err
	}
	if sales.CountsAsSales(o.status) {
		g.rollup(b, *o, sub[0]+sub[1])
	}
	return nil
}

func (g *loadGen) ship(ctx context.Context, o *loadOrder, lines int) error {
	if lines == 0 {
		return nil
	}
	w := g.w
	o.shipment = w.s.NewID()
	if err := w.add(ctx, "shipments", o.shipment, o.id, o.shippedOn.String(), "ヤマト運輸", "", o.placed.Add(time.Hour)); err != nil {
		return err
	}
	for j := range lines {
		if err := w.add(ctx, "shipment_lines", o.shipment, j+1, o.lines[j].qty); err != nil {
			return err
		}
	}
	return nil
}

func (g *loadGen) rollup(b loadBuyer, o loadOrder, amount oroshi.Yen) {
	day := pricing.DateOf(o.placed)
	bump2(g.roll.daily, loadKey{period: sales.DayKey(day)}, int64(amount))
	month := sales.MonthKey(day)
	bump2(g.roll.monthlyBuyers, loadKey{month, b.id}, int64(amount))
	for _, l := range o.lines {
		key := loadKey{month, g.skus[l.sku].id}
		v := g.roll.monthlySKUs[key]
		if v == nil {
			v = &[3]int64{0, 0, int64(l.sku)}
			g.roll.monthlySKUs[key] = v
		}
		v[0] += l.qty
		v[1] += int64(l.amount)
	}
}

func bump2(m map[loadKey]*[2]int64, key loadKey, amount int64) {
	v := m[key]
	if v == nil {
		v = &[2]int64{}
		m[key] = v
	}
	v[0] += amount
	v[1]++
}
