package sqlstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// finish writes the quotes (one per hundred orders), the dashboard's
// rollups gathered while the orders were written, and the counters behind
// document numbers, so the next order, quote or invoice gets a new number.
// The quotes commit and are analyzed before their versions (see
// loadPostgres.analyze: each version's foreign-key check finds its quote).
func (g *loadGen) finish(ctx context.Context) error {
	w := g.w
	quotes := max(1, g.spec.Orders/100)
	var versions []func() error
	err := w.chunk(ctx, func() error {
		for i := range quotes {
			rest, err := g.quote(ctx, i)
			if err != nil {
				return err
			}
			versions = append(versions, rest)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if quotes >= loadAnalyzeMin {
		if err := w.engine.analyze(ctx, "quotes"); err != nil {
			return err
		}
	}
	err = w.chunk(ctx, func() error {
		for _, write := range versions {
			if err := write(); err != nil {
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
	if err != nil {
		return err
	}
	return g.writeSKURollups(ctx)
}

// quote writes quote i and returns what writes its version and lines.
func (g *loadGen) quote(ctx context.Context, i int) (rest func() error, err error) {
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
		return nil, err
	}
	return func() error {
		if err := w.add(ctx, "quote_versions", id, 1, valid, "", "floor", sub[0], tax10, sub[1], tax8, total, 3, issuedAt, at); err != nil {
			return err
		}
		for _, l := range lines {
			if err := w.add(ctx, "quote_lines", l...); err != nil {
				return err
			}
		}
		return nil
	}, nil
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
	return nil
}

// loadRollupChunk is the SKU rollup rows per transaction.
const loadRollupChunk = 100_000

// writeSKURollups writes the monthly SKU rollups (a million rows in a full
// run) in key order, so that each lands at the end of the primary key
// rather than on a random page of it, in transactions written side by side.
func (g *loadGen) writeSKURollups(ctx context.Context) error {
	keys := slices.SortedFunc(maps.Keys(g.roll.monthlySKUs), func(a, b loadKey) int {
		return cmp.Or(cmp.Compare(a.period, b.period), cmp.Compare(a.id, b.id))
	})
	return g.w.chunks(ctx, len(keys), loadRollupChunk, nil, func(i int) error {
		v, s := g.roll.monthlySKUs[keys[i]], g.skus[g.roll.monthlySKUs[keys[i]][2]]
		return g.w.add(ctx, "sales_monthly_skus", keys[i].period, s.id, s.code, s.name, s.variant, v[0], v[1])
	})
}
