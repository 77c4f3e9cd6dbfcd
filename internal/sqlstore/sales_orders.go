package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

const orderCols = `o.tenant_id, o.id, o.number, o.buyer_id, o.status, o.version, o.placed_by, o.placed_by_realm,
	o.proxy, o.quote_id, o.ship_to_id, o.ship_label, o.ship_recipient, o.ship_postal_code, o.ship_address,
	o.ship_phone, o.desired_date, o.po_number, o.note, o.tax_rounding, o.subtotal10, o.tax10, o.subtotal8,
	o.tax8, o.total, o.line_count, o.cancel_reason, o.placed_at, o.updated_at, coalesce(b.name, '')`

// orderBriefCols are the columns of a brief order (sales.Filter.Brief),
// read by scanBriefOrder.
const orderBriefCols = `o.tenant_id, o.id, o.number, o.buyer_id, o.status, o.proxy, o.ship_label, o.desired_date,
	o.po_number, o.total, o.line_count, o.placed_at, coalesce(b.name, '')`

const orderFrom = ` FROM orders o LEFT JOIN buyers b ON b.tenant_id = o.tenant_id AND b.id = o.buyer_id`

func scanOrder(sc interface{ Scan(...any) error }) (sales.Order, error) {
	var o sales.Order
	var desired string
	var r10, r8 sales.RateTotal
	err := sc.Scan(&o.Tenant, &o.ID, &o.Number, &o.BuyerID, &o.Status, &o.Version, &o.PlacedBy, &o.PlacedByRealm,
		&o.Proxy, &o.QuoteID, &o.ShipTo.ID, &o.ShipTo.Label, &o.ShipTo.Recipient, &o.ShipTo.PostalCode,
		&o.ShipTo.Address, &o.ShipTo.Phone, &desired, &o.PONumber, &o.Note, &o.TaxRounding, &r10.Subtotal,
		&r10.Tax, &r8.Subtotal, &r8.Tax, &o.Totals.Total, &o.LineCount, &o.CancelReason, &o.PlacedAt,
		&o.UpdatedAt, &o.BuyerName)
	if err != nil {
		return sales.Order{}, err
	}
	if o.DesiredDate, err = parseCivil(desired); err != nil {
		return sales.Order{}, fmt.Errorf("order %s desired date: %w", o.ID, err)
	}
	o.Totals = storedTotals(r10, r8, o.Totals.Total)
	o.PlacedAt, o.UpdatedAt = o.PlacedAt.UTC(), o.UpdatedAt.UTC()
	return o, nil
}

// storedTotals are an order's totals as its columns keep them: the two
// rates' parts, a rate appearing when it had lines, and the total.
func storedTotals(r10, r8 sales.RateTotal, total oroshi.Yen) sales.Totals {
	t := sales.Totals{Subtotal: r10.Subtotal + r8.Subtotal, Tax: r10.Tax + r8.Tax, Total: total}
	for _, r := range []struct {
		rate int
		rt   sales.RateTotal
	}{{sales.TaxStandard, r10}, {sales.TaxReduced, r8}} {
		if r.rt.Subtotal != 0 || r.rt.Tax != 0 {
			r.rt.Rate = r.rate
			t.ByRate = append(t.ByRate, r.rt)
		}
	}
	return t
}

func scanBriefOrder(sc interface{ Scan(...any) error }) (sales.Order, error) {
	var o sales.Order
	var desired string
	err := sc.Scan(&o.Tenant, &o.ID, &o.Number, &o.BuyerID, &o.Status, &o.Proxy, &o.ShipTo.Label, &desired,
		&o.PONumber, &o.Totals.Total, &o.LineCount, &o.PlacedAt, &o.BuyerName)
	if err != nil {
		return sales.Order{}, err
	}
	if o.DesiredDate, err = parseCivil(desired); err != nil {
		return sales.Order{}, fmt.Errorf("order %s desired date: %w", o.ID, err)
	}
	o.PlacedAt = o.PlacedAt.UTC()
	return o, nil
}

// orderScan is what a list reads: its columns and the scanner of a row.
type orderScan struct {
	cols string
	scan func(interface{ Scan(...any) error }) (sales.Order, error)
}

func listScan(brief bool) orderScan {
	if brief {
		return orderScan{orderBriefCols, scanBriefOrder}
	}
	return orderScan{orderCols, scanOrder}
}

func parseCivil(s string) (pricing.Date, error) {
	if s == "" {
		return pricing.Date{}, nil
	}
	return pricing.ParseDate(s)
}

// Order returns one order of tenant t with lines, shipments and events.
func (s *Store) Order(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (sales.Order, error) {
	var o sales.Order
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		o, err = scanOrder(c.row(ctx, `SELECT `+orderCols+orderFrom+` WHERE o.tenant_id = ? AND o.id = ?`, t, id))
		if err != nil {
			return s.translate(err)
		}
		if o.Lines, err = s.orderLines(ctx, c, t, id); err != nil {
			return err
		}
		if o.Shipments, err = s.shipments(ctx, c, t, id); err != nil {
			return err
		}
		if o.CreditHold, err = s.creditHoldOf(ctx, c, t, id); err != nil {
			return err
		}
		o.Events, err = s.salesEvents(ctx, c, t, eventsOfOrder, id)
		return err
	})
	if err != nil {
		return sales.Order{}, fmt.Errorf("order %s: %w", id, err)
	}
	return o, nil
}

func (s *Store) orderLines(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]sales.Line, error) {
	rows, err := c.query(ctx, `SELECT line_no, sku_id, code, jan, product_name, variant, unit, case_qty, quantity,
		unit_price, price_rule, tax_rate, amount, reserved, shipped_qty FROM order_lines
		WHERE tenant_id = ? AND order_id = ? ORDER BY line_no`, t, id)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.Line
	for rows.Next() {
		var l sales.Line
		if err := rows.Scan(&l.No, &l.SKUID, &l.Code, &l.JAN, &l.ProductName, &l.Variant, &l.Unit, &l.CaseQty,
			&l.Quantity, &l.UnitPrice, &l.PriceRule, &l.TaxRate, &l.Amount, &l.Reserved, &l.ShippedQty); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// shipmentsOfOrderSQL reads an order's shipments with their lines. The
// CROSS JOIN makes SQLite start from the order's shipments (shipments_order)
// whatever it knows of the tables: unanalyzed (as a SQLite database runs)
// it took every shipment line of the tenant by the primary key's tenant_id
// and probed each one's shipment, a read of every order page that grew
// with the tenant's shipments. PostgreSQL plans the join as it would an
// inner one.
const shipmentsOfOrderSQL = `SELECT sh.id, sh.shipped_on, sh.carrier, sh.tracking_number, sh.created_by, sh.created_at,
		sl.line_no, sl.quantity FROM shipments sh CROSS JOIN shipment_lines sl
		WHERE sl.tenant_id = sh.tenant_id AND sl.shipment_id = sh.id AND sh.tenant_id = ? AND sh.order_id = ?
		ORDER BY sh.created_at, sh.id, sl.line_no`

func (s *Store) shipments(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) ([]sales.Shipment, error) {
	rows, err := c.query(ctx, shipmentsOfOrderSQL, t, id)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.Shipment
	for rows.Next() {
		var sh sales.Shipment
		var on string
		var l sales.ShipmentLine
		if err := rows.Scan(&sh.ID, &on, &sh.Carrier, &sh.TrackingNumber, &sh.CreatedBy, &sh.CreatedAt,
			&l.LineNo, &l.Quantity); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == sh.ID {
			out[n-1].Lines = append(out[n-1].Lines, l)
			continue
		}
		if sh.ShippedOn, err = parseCivil(on); err != nil {
			return nil, fmt.Errorf("shipment %s date: %w", sh.ID, err)
		}
		sh.OrderID, sh.Lines = id, []sales.ShipmentLine{l}
		out = append(out, sh)
	}
	return out, rows.Err()
}

// The sales events of an order or of a quote, by the column naming it.
const (
	eventsOfOrder = "order_id"
	eventsOfQuote = "quote_id"
)

// salesEvents is the timeline of one order or quote (of is eventsOfOrder
// or eventsOfQuote, never input), oldest first.
func (s *Store) salesEvents(ctx context.Context, c *conn, t oroshi.TenantID, of string, id oroshi.ID) ([]sales.Event, error) {
	rows, err := c.query(ctx, `SELECT `+salesEventCols+` FROM sales_events WHERE tenant_id = ? AND `+of+` = ?
		ORDER BY occurred_at, id`, t, id)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.Event
	for rows.Next() {
		e, err := scanSalesEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Orders lists orders matching q, newest first, without lines. The keyset
// (placed_at, id) walks the (tenant_id, …, placed_at, id) indexes; a
// product filter walks its SKUs' lines instead (ordersByProduct).
func (s *Store) Orders(ctx context.Context, t oroshi.TenantID, q sales.Query) ([]sales.Order, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = sales.DefaultPageSize
	}
	var out []sales.Order
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		if q.Product != "" {
			out, err = s.ordersByProduct(ctx, c, t, q, limit)
			return err
		}
		where, args := ordersWhere(t, q)
		sc := listScan(q.Brief)
		out, err = s.scanOrders(ctx, c, sc, `SELECT `+sc.cols+orderFrom+` WHERE `+where+
			` ORDER BY o.placed_at DESC, o.id DESC`+limitSQL(limit), args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	return out, nil
}

// CountOrders counts tenant t's orders of status st up to upTo, on the
// (tenant_id, status, placed_at, id) index.
func (s *Store) CountOrders(ctx context.Context, t oroshi.TenantID, st sales.Status, upTo int) (int, error) {
	var n int
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM orders WHERE tenant_id = ? AND status = ? LIMIT `+
			strconv.Itoa(upTo)+`) o`, t, string(st)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count %s orders: %w", st, s.translate(err))
	}
	return n, nil
}

// scanOrders runs a query selecting sc's columns and scans its rows.
func (s *Store) scanOrders(ctx context.Context, c *conn, sc orderScan, q string, args ...any) ([]sales.Order, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, s.translate(err)
	}
	defer rows.Close()
	var out []sales.Order
	for rows.Next() {
		o, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// salesJST is Japan Standard Time, for the day boundaries of date filters.
var salesJST = time.FixedZone("JST", 9*60*60)

func jstMidnight(d pricing.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, salesJST).UTC()
}

func ordersWhere(t oroshi.TenantID, q sales.Query) (string, []any) {
	conds, args := []string{"o.tenant_id = ?"}, []any{t}
	add := func(cond string, a ...any) { conds, args = append(conds, cond), append(args, a...) }
	if q.Status != "" {
		add("o.status = ?", string(q.Status))
	}
	if q.HideBuyerPending {
		add("o.status <> ?", string(sales.StatusBuyerApproval))
	}
	if q.BuyerID != 0 {
		add("o.buyer_id = ?", q.BuyerID)
	}
	if !q.From.IsZero() {
		add("o.placed_at >= ?", jstMidnight(q.From))
	}
	if !q.To.IsZero() {
		add("o.placed_at < ?", jstMidnight(q.To.AddDays(1)))
	}
	// Prefixes as ranges, so that the (tenant_id, number) and (tenant_id,
	// po_number) indexes answer them: both columns compare bytewise (SQLite's
	// BINARY, COLLATE "C" on PostgreSQL), and U+10FFFF sorts after any
	// character that may follow the prefix.
	if q.PONumber != "" {
		add("o.po_number >= ? AND o.po_number < ?", q.PONumber, q.PONumber+"\U0010FFFF")
	}
	if q.Number != "" {
		add("o.number >= ? AND o.number < ?", q.Number, q.Number+"\U0010FFFF")
	}
	if q.After != nil {
		add("(o.placed_at < ? OR (o.placed_at = ? AND o.id < ?))", q.After.PlacedAt, q.After.PlacedAt, q.After.ID)
	}
	return strings.Join(conds, " AND "), args
}
