package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// OrderRequest finds an earlier placement by (user, idempotency key).
func (s *Store) OrderRequest(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, key string) (sales.Request, error) {
	r := sales.Request{UserID: userID, Key: key}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT fingerprint, order_id FROM order_requests WHERE tenant_id = ? AND user_id = ? AND idem_key = ?`,
			t, userID, key).Scan(&r.Fingerprint, &r.OrderID)
	})
	if err != nil {
		return sales.Request{}, fmt.Errorf("order request of user %s: %w", userID, s.translate(err))
	}
	return r, nil
}

// PlaceOrder writes a checked order in one transaction (see
// sales.Placement). The request row comes first: of two transactions with
// one key, the second waits on its primary key and then fails with
// ErrDuplicateRequest, before it touches any stock.
//
// The rows every order of the tenant writes — the day's rollup, the order
// number counter and the history's head — are taken last, just before the
// commit, so that concurrent orders wait on each other only for that short
// end (on PostgreSQL, with the counter taken before the order's inserts,
// most of 50 buyers' backends waited on it). The order is written under a
// provisional number that finishPlacement replaces, as closing does for
// invoices.
func (s *Store) PlaceOrder(ctx context.Context, p sales.Placement) (sales.Order, error) {
	o := p.Order
	t := o.Tenant
	o.ID, o.Version = s.NewID(), 1
	s.yieldReads(ctx)
	err := s.write(ctx, t, func(c *conn) error {
		o.PlacedAt = s.now()
		o.UpdatedAt = o.PlacedAt
		_, err := c.exec(ctx, `INSERT INTO order_requests (tenant_id, user_id, idem_key, fingerprint, order_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t, p.UserID, p.IdemKey, p.Fingerprint, o.ID, o.PlacedAt)
		if err = s.translate(err); errors.Is(err, oroshi.ErrConflict) {
			return sales.ErrDuplicateRequest
		} else if err != nil {
			return err
		}
		if p.FromCart {
			if err := s.takeCart(ctx, c, t, p.UserID, p.CartRevision); err != nil {
				return err
			}
		}
		if err := s.reserveStock(ctx, c, t, o.Lines); err != nil {
			return err
		}
		o.Number = "~" + o.ID.String() // never a real number (O-…), unique like the ID
		if err := s.insertOrder(ctx, c, o); err != nil {
			return err
		}
		if err := s.insertCreditHold(ctx, c, o); err != nil {
			return err
		}
		return s.finishPlacement(ctx, c, p, &o)
	})
	if err != nil {
		return sales.Order{}, fmt.Errorf("place order: %w", err)
	}
	if p.Quote != nil { // the quote's acceptance adds to what the order shows
		return s.Order(ctx, t, o.ID)
	}
	return storedOrder(o), nil
}

// storedOrder is the order PlaceOrder wrote as Order would read it back
// (five statements fewer for each order; TestPlaceOrderAsStored): the
// totals as their columns keep them, the line count, no shipments yet.
// Its events are set by finishPlacement.
func storedOrder(o sales.Order) sales.Order {
	o.Totals = storedTotals(o.Totals.Rate(sales.TaxStandard), o.Totals.Rate(sales.TaxReduced), o.Totals.Total)
	o.LineCount, o.Shipments = len(o.Lines), nil
	return o
}

// finishPlacement writes what every order of the tenant shares, in the
// order all transactions take those rows: the history head, the order
// counter, the rollups (see rollupStmts). The sales events' jobs are
// queued first, before any of those rows is held; then two chains
// (chain.go): the head with the counter, then the number, the entries, the
// head's hash, the events and the rollups — on PostgreSQL two statements
// and the commit while the tenant's shared rows are held, where there were
// nine (TestOrderTailRoundTrips). An order from a quote takes one more
// (finishQuotePlacement).
func (s *Store) finishPlacement(ctx context.Context, c *conn, p sales.Placement, o *sales.Order) error {
	t := o.Tenant
	ch, err := s.queueOrderChange(ctx, c, t, o.ID, p.Audit, p.Events)
	if err != nil {
		return err
	}
	var rollups []stmt
	if sales.CountsAsSales(o.Status) {
		rollups = rollupStmts(c, t, placedRollup(*o), 1)
	}
	if p.Quote != nil {
		return s.finishQuotePlacement(ctx, c, *p.Quote, o, ch, rollups)
	}
	head, n, err := s.takeHeadAndNumber(ctx, c, t, len(ch.audits))
	if err != nil {
		return fmt.Errorf("number order %s: %w", o.ID, err)
	}
	o.Number = sales.FormatNumber(sales.PrefixOrder, o.PlacedAt, n)
	evs, events, err := ch.numbered(o.Number)
	if err != nil {
		return err
	}
	if o.Events, err = ch.stored(o.Number); err != nil {
		return err
	}
	last := []stmt{orderNumberStmt(*o)}
	if len(evs) > 0 {
		entries, err := s.auditEntries(head, evs)
		if err != nil {
			return err
		}
		last = append(last, entries...)
	}
	last = append(append(last, events...), rollups...)
	if err := c.chainExec(ctx, last...); err != nil {
		return fmt.Errorf("record order %s: %w", o.Number, s.translate(err))
	}
	return nil
}

// orderNumberStmt gives o its number (written under a provisional one).
func orderNumberStmt(o sales.Order) stmt {
	return stmt{q: `UPDATE orders SET number = ? WHERE tenant_id = ? AND id = ?`, args: []any{o.Number, o.Tenant, o.ID}}
}

// takeHeadAndNumber takes the history head for n entries (with n 0 it
// takes the row and no sequence number) and the tenant's next order number
// in one chain: the head first, then the counter (PostgreSQL runs the
// statement's main part before the WITH query that its RETURNING reads; in
// any case every placement takes the two in one statement of one shape).
// Both rows are every placing writer's, held to the commit.
func (s *Store) takeHeadAndNumber(ctx context.Context, c *conn, t oroshi.TenantID, n int) (audit.Head, int64, error) {
	counter := counterStmt(t, sales.CounterOrder)
	var head audit.Head
	var number int64
	var err error
	switch {
	case n > 0 && len(s.auditKey) == 0:
		return audit.Head{}, 0, errors.New("audit chain key is not configured")
	case c.chaining():
		h := auditHeadStmt(t, n)
		h.q += ", (SELECT value FROM chained0)"
		err = c.chainRow(ctx, h, counter).Scan(&head.Seq, &head.Hash, &number)
	default:
		h := auditHeadStmt(t, n)
		if err = c.row(ctx, h.q, h.args...).Scan(&head.Seq, &head.Hash); err == nil {
			err = c.row(ctx, counter.q, counter.args...).Scan(&number)
		}
	}
	if err != nil {
		return audit.Head{}, 0, s.translate(err)
	}
	head.Seq -= int64(n)
	return head, number, nil
}

// finishQuotePlacement is finishPlacement for an order from a quote: the
// quote's own history entry needs the order's number and is written before
// the order's, so the head is taken (in the same statement and order as
// any placement) before the number, and its sequence numbers after.
func (s *Store) finishQuotePlacement(ctx context.Context, c *conn, q sales.QuoteAcceptance, o *sales.Order,
	ch orderChange, rollups []stmt) error {
	t := o.Tenant
	_, n, err := s.takeHeadAndNumber(ctx, c, t, 0)
	if err != nil {
		return fmt.Errorf("number of order %s: %w", o.ID, err)
	}
	o.Number = sales.FormatNumber(sales.PrefixOrder, o.PlacedAt, n)
	if err := c.chainExec(ctx, orderNumberStmt(*o)); err != nil {
		return fmt.Errorf("number order: %w", s.translate(err))
	}
	if err := s.acceptQuote(ctx, c, *o, q); err != nil {
		return err
	}
	return s.writeOrderChange(ctx, c, ch, o.Number, auditChains{withEntries: rollups})
}

// takeCart empties the cart if it is still at revision, bumping the
// revision (a retry of the same checkout then sees the cart as changed
// and is answered from the request row instead).
func (s *Store) takeCart(ctx context.Context, c *conn, t oroshi.TenantID, userID oroshi.ID, revision int64) error {
	err := mustAffect(c.exec(ctx, `UPDATE carts SET revision = revision + 1, updated_at = ?
		WHERE tenant_id = ? AND user_id = ? AND revision = ?`, s.now(), t, userID, revision))
	if errors.Is(err, oroshi.ErrNotFound) {
		return sales.ErrStaleCart
	}
	if err != nil {
		return s.translate(err)
	}
	_, err = c.exec(ctx, `DELETE FROM cart_lines WHERE tenant_id = ? AND user_id = ?`, t, userID)
	return s.translate(err)
}

// reserveStock takes the stock of the reserved lines, one guarded UPDATE
// per SKU in ID order (so concurrent orders lock rows in the same order and
// cannot deadlock). Every short SKU is reported; a SKU that stopped
// tracking stock meanwhile is not reserved.
func (s *Store) reserveStock(ctx context.Context, c *conn, t oroshi.TenantID, lines []sales.Line) error {
	need := map[oroshi.ID]int64{}
	first := map[oroshi.ID]int{}
	for _, l := range lines {
		if l.Reserved {
			need[l.SKUID] += l.Quantity
			if _, ok := first[l.SKUID]; !ok {
				first[l.SKUID] = l.No
			}
		}
	}
	ids := make([]oroshi.ID, 0, len(need))
	for id := range need {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var short []sales.Shortage
	untracked := map[oroshi.ID]bool{}
	for _, id := range ids {
		left, ok, tracked, err := s.takeStock(ctx, c, t, id, need[id])
		if err != nil {
			return err
		}
		if !ok {
			short = append(short, sales.Shortage{LineNo: first[id], SKUID: id, Left: left})
		}
		untracked[id] = !tracked
	}
	for i := range lines {
		if untracked[lines[i].SKUID] {
			lines[i].Reserved = false // nothing to give back on cancel
		}
	}
	if len(short) > 0 {
		slices.SortFunc(short, func(a, b sales.Shortage) int { return a.LineNo - b.LineNo })
		return &sales.StockError{Shortages: short}
	}
	return nil
}

// takeStock takes qty of a SKU's stock; ok is false (with what is left)
// when the stock is short, and tracked false when the SKU no longer tracks
// stock (nothing taken, nothing short). A deleted SKU counts as none left.
func (s *Store) takeStock(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID, qty int64) (left int64, ok, tracked bool, err error) {
	err = c.row(ctx, `UPDATE skus SET stock = stock - ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? AND track_stock AND stock >= ? RETURNING stock`,
		qty, s.now(), t, id, qty).Scan(&left)
	if err == nil {
		return left, true, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, true, s.translate(err)
	}
	err = c.row(ctx, `SELECT stock, track_stock FROM skus WHERE tenant_id = ? AND id = ?`, t, id).Scan(&left, &tracked)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, false, true, nil
	case err != nil:
		return 0, false, true, s.translate(err)
	case !tracked:
		return left, true, false, nil
	}
	return max(left, 0), false, true, nil
}

const orderInsertCols = `tenant_id, id, number, buyer_id, status, version, placed_by, placed_by_realm, proxy, quote_id,
	ship_to_id, ship_label, ship_recipient, ship_postal_code, ship_address, ship_phone, desired_date, po_number,
	note, tax_rounding, subtotal10, tax10, subtotal8, tax8, total, line_count, cancel_reason, placed_at, updated_at`

func (s *Store) insertOrder(ctx context.Context, c *conn, o sales.Order) error {
	r10, r8 := o.Totals.Rate(sales.TaxStandard), o.Totals.Rate(sales.TaxReduced)
	_, err := c.exec(ctx, `INSERT INTO orders (`+orderInsertCols+`) VALUES (`+salesMarks(29)+`)`,
		o.Tenant, o.ID, o.Number, o.BuyerID, string(o.Status), o.Version, o.PlacedBy, o.PlacedByRealm, o.Proxy,
		o.QuoteID, o.ShipTo.ID, o.ShipTo.Label, o.ShipTo.Recipient, o.ShipTo.PostalCode, o.ShipTo.Address,
		o.ShipTo.Phone, o.DesiredDate.String(), o.PONumber, o.Note, string(o.TaxRounding), r10.Subtotal, r10.Tax,
		r8.Subtotal, r8.Tax, o.Totals.Total, len(o.Lines), o.CancelReason, o.PlacedAt, o.UpdatedAt)
	if err != nil {
		return fmt.Errorf("insert order: %w", s.translate(err))
	}
	return s.insertOrderLines(ctx, c, o)
}

const orderLineCols = `tenant_id, order_id, line_no, sku_id, code, jan, product_name, variant, unit, case_qty,
	quantity, unit_price, price_rule, tax_rate, amount, reserved, shipped_qty, placed_at`

// insertOrderLines writes o's lines in multi-row INSERTs (a 1,000-line
// order is a few statements, not a thousand round trips). Each line
// carries the order's placed_at, for the order list by product.
func (s *Store) insertOrderLines(ctx context.Context, c *conn, o sales.Order) error {
	err := execRows(ctx, c, `INSERT INTO order_lines (`+orderLineCols+`) VALUES `, "", 18, o.Lines,
		func(l sales.Line) []any {
			return []any{o.Tenant, o.ID, l.No, l.SKUID, l.Code, l.JAN, l.ProductName, l.Variant, l.Unit, l.CaseQty,
				l.Quantity, l.UnitPrice, l.PriceRule, l.TaxRate, l.Amount, l.Reserved, l.ShippedQty, o.PlacedAt}
		})
	if err != nil {
		return fmt.Errorf("insert order lines: %w", s.translate(err))
	}
	return nil
}

// execRows runs head, then one VALUES row of cols values per item (row
// gives them), then tail, in statements of at most salesChunk values.
func execRows[T any](ctx context.Context, c *conn, head, tail string, cols int, items []T, row func(T) []any) error {
	for _, st := range rowsStmts(head, tail, cols, salesChunk/cols, items, row) {
		if _, err := c.exec(ctx, st.q, st.args...); err != nil {
			return err
		}
	}
	return nil
}

// rowsStmts are the multi-row statements of execRows, of at most per rows
// each, to run later or to chain.
func rowsStmts[T any](head, tail string, cols, per int, items []T, row func(T) []any) []stmt {
	marks := "(" + salesMarks(cols) + ")"
	var out []stmt
	for start := 0; start < len(items); start += per {
		chunk := items[start:min(start+per, len(items))]
		args := make([]any, 0, cols*len(chunk))
		for _, it := range chunk {
			args = append(args, row(it)...)
		}
		out = append(out, stmt{q: head + strings.TrimSuffix(strings.Repeat(marks+", ", len(chunk)), ", ") + tail, args: args})
	}
	return out
}
