package sqlstore

// Test-only bulk loader for the billing benchmark: buyers (末日締め) with
// shipped orders of one line and one shipment each, written directly.

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// BillingTestLoad inserts nBuyers buyers with perBuyer fully shipped
// orders each (one ¥105 line at 10 %, shipped on shippedOn).
func (s *Store) BillingTestLoad(ctx context.Context, t oroshi.TenantID, nBuyers, perBuyer int, shippedOn pricing.Date) error {
	const chunk = 50 // buyers per transaction
	for start := 0; start < nBuyers; start += chunk {
		err := s.write(ctx, t, func(c *conn) error {
			for i := start; i < min(start+chunk, nBuyers); i++ {
				if err := s.billingTestBuyer(ctx, c, t, i, perBuyer, shippedOn); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("load buyers from %d: %w", start, err)
		}
		if (start/chunk)%20 == 19 { // PostgreSQL plans the FK checks by these statistics
			if err := s.billingTestAnalyze(ctx); err != nil {
				return err
			}
		}
	}
	return s.billingTestAnalyze(ctx)
}

// billingTestAnalyze gives PostgreSQL the statistics autovacuum would have
// gathered after such a load (as the owner: the app role may not).
func (s *Store) billingTestAnalyze(ctx context.Context) error {
	if s.engine != "postgres" {
		return nil
	}
	c, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, q := range []string{"RESET ROLE", "ANALYZE buyers, orders, order_lines, shipments, shipment_lines", "SET ROLE " + AppRole} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

func (s *Store) billingTestBuyer(ctx context.Context, c *conn, t oroshi.TenantID, i, perBuyer int, shippedOn pricing.Date) error {
	bid, now := s.NewID(), s.now()
	if _, err := c.exec(ctx, `INSERT INTO buyers (tenant_id, id, code, name, closing_day, payment_month_offset,
		payment_day, created_at, updated_at) VALUES (?, ?, ?, ?, 31, 1, 31, ?, ?)`,
		t, bid, fmt.Sprintf("BB%06d", i), fmt.Sprintf("取引先%d", i), now, now); err != nil {
		return err
	}
	var orders, lines, ships, shipLines []any
	for j := 0; j < perBuyer; j++ {
		oid, sid := s.NewID(), s.NewID()
		orders = append(orders, t, oid, fmt.Sprintf("O-B-%06d-%03d", i, j), bid, "shipped", 1, 0, "admin", 0,
			"floor", 105, 10, 115, 1, now, now)
		lines = append(lines, t, oid, 1, 0, "STD-1", "業務用ラップ", 1, 105, 10, 105, 1, now)
		ships = append(ships, t, sid, oid, shippedOn.String(), now)
		shipLines = append(shipLines, t, sid, 1, 1)
	}
	for _, ins := range []struct {
		head string
		n    int
		args []any
	}{
		{`INSERT INTO orders (tenant_id, id, number, buyer_id, status, version, placed_by, placed_by_realm, ship_to_id,
			tax_rounding, subtotal10, tax10, total, line_count, placed_at, updated_at) VALUES `, 16, orders},
		{`INSERT INTO order_lines (tenant_id, order_id, line_no, sku_id, code, product_name, quantity, unit_price,
			tax_rate, amount, shipped_qty, placed_at) VALUES `, 12, lines},
		{`INSERT INTO shipments (tenant_id, id, order_id, shipped_on, created_at) VALUES `, 5, ships},
		{`INSERT INTO shipment_lines (tenant_id, shipment_id, line_no, quantity) VALUES `, 4, shipLines},
	} {
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", ins.n), ", ") + ")"
		q := ins.head + strings.TrimSuffix(strings.Repeat(row+", ", len(ins.args)/ins.n), ", ")
		if _, err := c.exec(ctx, q, ins.args...); err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(ins.head)[2], err)
		}
	}
	return nil
}
