package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// The dashboard's rollups (migration 00013) follow every order in and out
// of the sales inside the transaction that moves it, so they always agree
// with the orders. Every transaction lists the rows in one order (SKUs by
// id, buyer, day; see rollupStmts) so that two never wait on each other
// crosswise; they are taken near the end (see PlaceOrder).

// orderRollup is what one order counts for in the rollups: its day, buyer,
// amount before tax, and its lines summed per SKU in SKU id order.
type orderRollup struct {
	id     oroshi.ID
	placed time.Time
	buyer  oroshi.ID
	amount int64
	skus   []skuRollup
}

type skuRollup struct {
	id                    oroshi.ID
	code, name, variant   string
	quantity, lineAmounts int64
}

// add sums a line into its SKU's entry; a SKU on several lines keeps the
// greatest code and names (as max() did in SQL).
func (r *orderRollup) add(l skuRollup) {
	i, found := slices.BinarySearchFunc(r.skus, l.id, func(x skuRollup, id oroshi.ID) int { return cmp.Compare(x.id, id) })
	if !found {
		r.skus = slices.Insert(r.skus, i, l)
		return
	}
	x := &r.skus[i]
	x.code, x.name, x.variant = max(x.code, l.code), max(x.name, l.name), max(x.variant, l.variant)
	x.quantity += l.quantity
	x.lineAmounts += l.lineAmounts
}

// placedRollup is what a just-placed order counts for, from the order in
// hand (it was written just before, as it is).
func placedRollup(o sales.Order) orderRollup {
	r := orderRollup{id: o.ID, placed: o.PlacedAt, buyer: o.BuyerID,
		amount: int64(o.Totals.Rate(sales.TaxStandard).Subtotal + o.Totals.Rate(sales.TaxReduced).Subtotal)}
	for _, l := range o.Lines {
		r.add(skuRollup{id: l.SKUID, code: l.Code, name: l.ProductName, variant: l.Variant,
			quantity: l.Quantity, lineAmounts: int64(l.Amount)})
	}
	return r
}

// rollupTransition returns the statements that move an order in or out of
// the rollups when its status change crosses the line of
// sales.CountsAsSales (none otherwise), for the transition's last chain.
func (s *Store) rollupTransition(ctx context.Context, c *conn, t oroshi.TenantID, tr sales.Transition) ([]stmt, error) {
	was, is := sales.CountsAsSales(tr.From), sales.CountsAsSales(tr.To)
	if was == is {
		return nil, nil
	}
	r, err := s.storedRollup(ctx, c, t, tr.OrderID)
	if err != nil {
		return nil, err
	}
	if was {
		return rollupStmts(c, t, r, -1), nil
	}
	return rollupStmts(c, t, r, 1), nil
}

// storedRollup reads what an order counts for as stored. The lines are
// read by the primary key and summed here: a GROUP BY sku_id in SQL let
// SQLite, without statistics, walk the tenant's order lines by SKU.
func (s *Store) storedRollup(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (orderRollup, error) {
	r := orderRollup{id: id}
	err := c.row(ctx, `SELECT placed_at, buyer_id, subtotal10 + subtotal8 FROM orders WHERE tenant_id = ? AND id = ?`,
		t, id).Scan(&r.placed, &r.buyer, &r.amount)
	if err != nil {
		return orderRollup{}, fmt.Errorf("rollup of order %s: %w", id, s.translate(err))
	}
	rows, err := c.query(ctx, `SELECT sku_id, code, product_name, variant, quantity, amount FROM order_lines
		WHERE tenant_id = ? AND order_id = ?`, t, id)
	if err != nil {
		return orderRollup{}, fmt.Errorf("rollup lines of order %s: %w", id, s.translate(err))
	}
	defer rows.Close()
	for rows.Next() {
		var l skuRollup
		if err := rows.Scan(&l.id, &l.code, &l.name, &l.variant, &l.quantity, &l.lineAmounts); err != nil {
			return orderRollup{}, fmt.Errorf("rollup lines of order %s: %w", id, err)
		}
		r.add(l)
	}
	if err := rows.Err(); err != nil {
		return orderRollup{}, fmt.Errorf("rollup lines of order %s: %w", id, s.translate(err))
	}
	return r, nil
}

// rollupStmts are the upserts of r into the rollups on c, in the order
// every transaction lists them: SKUs by id, the buyer, the day. Run one by
// one (SQLite), they take the rows in that order. Chained (PostgreSQL),
// the server runs the chain's parts in an order of its own — one order for
// one shape of chain, today the last statement first and the WITH queries
// from the last back — so every chain lists them the same way, and the
// SKUs go in one statement, in id order (a split would reverse the
// pieces): sales.MaxLines SKUs of 8 values stay under PostgreSQL's 65,535
// parameters. They go in a transaction's last chain, after its history
// entries: every writer takes the history head first (placing an order,
// with the order counter after it; takeHeadAndNumber), so the rows every
// writer of the tenant shares are taken head, counter, rollups, and held
// for that last chain and the commit only.
func rollupStmts(c *conn, t oroshi.TenantID, r orderRollup, sign int64) []stmt {
	day := pricing.DateOf(r.placed)
	dayKey, monthKey := sales.DayKey(day), sales.MonthKey(day)
	per := salesChunk / 8
	if c.chaining() {
		per = max(1, len(r.skus))
	}
	out := rowsStmts(`INSERT INTO sales_monthly_skus (tenant_id, month, sku_id, code, product_name, variant,
			quantity, amount) VALUES `, `
		ON CONFLICT (tenant_id, month, sku_id) DO UPDATE SET code = excluded.code,
			product_name = excluded.product_name, variant = excluded.variant,
			quantity = sales_monthly_skus.quantity + excluded.quantity,
			amount = sales_monthly_skus.amount + excluded.amount`, 8, per, r.skus, func(k skuRollup) []any {
		return []any{t, monthKey, k.id, k.code, k.name, k.variant, sign * k.quantity, sign * k.lineAmounts}
	})
	return append(out, stmt{q: `INSERT INTO sales_monthly_buyers (tenant_id, month, buyer_id, amount, orders)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, month, buyer_id) DO UPDATE
		SET amount = sales_monthly_buyers.amount + excluded.amount, orders = sales_monthly_buyers.orders + excluded.orders`,
		args: []any{t, monthKey, r.buyer, sign * r.amount, sign}},
		stmt{q: `INSERT INTO sales_daily (tenant_id, day, amount, orders) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant_id, day) DO UPDATE SET amount = sales_daily.amount + excluded.amount,
			orders = sales_daily.orders + excluded.orders`, args: []any{t, dayKey, sign * r.amount, sign}})
}
