package sqlstore

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// finish writes the quotes (one per hundred orders), the dashboard's
// rollups gathered while the orders were written, and the counters behind
// document numbers, so the next order, quote or invoice gets a new number.
func (g *loadGen) finish(ctx context.Context) error {
	w := g.w
	return w.chunk(ctx, func() error {
		quotes := max(1, g.spec.Orders/100)
		for i := range quotes {
			if err := g.quote(ctx, i); err != nil {
				return err
			}
		}
		if err := g.writeRollups(ctx); err != nil {
			return err
		}
		for name, v := range map[string]int64{sales.CounterOrder: g.roll.orders, sales.CounterQuote: int64(quotes),
			counterInvoice: g.bill.invoices} {
			if err := w.add(ctx, "counters", name, v); err != nil {
				return err
			}
		}
		return nil
	})
}

func (g *loadGen) quote(ctx context.Context, i int) error {
	w := g.w
	b := g.buyers[(i*7919)%len(g.buyers)]
	id, at := w.s.NewID(), w.now.Add(-time.Duration(i%60)*24*time.Hour)
	status := []sales.QuoteStatus{sales.QuoteRequested, sales.QuoteDraft, sales.QuoteIssued, sales.QuoteWithdrawn}[i%4]
	issued, issuedAt := 0, any(nil)
	if status == sales.QuoteIssued || status == sales.QuoteWithdrawn {
		issued, issuedAt = 1, at
	}
	var sub [2]oroshi.Yen
	var lines [][]any
	for j := range 3 {
		ki := (i*31 + j*1009) % len(g.skus)
		k, p := g.skus[ki], g.unitPrice(b, ki)
		qty := int64(10 * (j + 1))
		sub[min(1, 10-k.rate)] += p * oroshi.Yen(qty)
		lines = append(lines, []any{id, 1, j + 1, k.id, k.code, "", k.name, k.variant, k.unit, 1, qty, p, k.rate, p * oroshi.Yen(qty)})
	}
	tax10, tax8 := sub[0]*10/100, sub[1]*8/100
	total := sub[0] + sub[1] + tax10 + tax8
	valid := sales.DayKey(g.bill.closings[1].AddDays(60))
	if err := w.add(ctx, "quotes", id, sales.FormatNumber(sales.PrefixQuote, at, int64(i+1)), b.id, string(status), 1,
		issued, valid, total, 0, 0, at, at); err != nil {
		return err
	}
	if err := w.add(ctx, "quote_versions", id, 1, valid, "", "floor", sub[0], tax10, sub[1], tax8, total, 3, issuedAt, at); err != nil {
		return err
	}
	for _, l := range lines {
		if err := w.add(ctx, "quote_lines", l...); err != nil {
			return err
		}
	}
	return nil
}

func (g *loadGen) writeRollups(ctx context.Context) error {
	w := g.w
	for k, v := range g.roll.daily {
		if err := w.add(ctx, "sales_daily", k.period, v[0], v[1]); err != nil {
			return err
		}
	}
	for k, v := range g.roll.monthlyBuyers {
		if err := w.add(ctx, "sales_monthly_buyers", k.period, k.id, v[0], v[1]); err != nil {
			return err
		}
	}
	for k, v := range g.roll.monthlySKUs {
		s := g.skus[v[2]]
		if err := w.add(ctx, "sales_monthly_skus", k.period, s.id, s.code, s.name, s.variant, v[0], v[1]); err != nil {
			return err
		}
	}
	return nil
}
