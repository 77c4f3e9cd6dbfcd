package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// ApplyTransition changes an order's status in one transaction (see
// sales.Transition). The UPDATE names the status and version read before,
// so of two staff applying a change at once only the first succeeds; the
// other gets sales.ErrChanged and nothing is written.
func (s *Store) ApplyTransition(ctx context.Context, t oroshi.TenantID, tr sales.Transition) error {
	err := s.write(ctx, t, func(c *conn) error {
		var number string
		err := c.row(ctx, `UPDATE orders SET status = ?, version = version + 1, updated_at = ?,
			cancel_reason = CASE WHEN ? = '' THEN cancel_reason ELSE ? END
			WHERE tenant_id = ? AND id = ? AND status = ? AND version = ? RETURNING number`,
			string(tr.To), s.now(), tr.CancelReason, tr.CancelReason, t, tr.OrderID, string(tr.From), tr.Version).Scan(&number)
		if err = s.translate(err); errors.Is(err, oroshi.ErrNotFound) {
			return s.orderMissingOrChanged(ctx, c, t, tr.OrderID)
		} else if err != nil {
			return err
		}
		// Stock rows before the rollups, as PlaceOrder takes them: two
		// transactions taking them crosswise could deadlock on PostgreSQL.
		if tr.Release {
			if err := s.releaseStock(ctx, c, t, tr.OrderID); err != nil {
				return err
			}
		}
		if tr.Shipment != nil {
			if err := s.insertShipment(ctx, c, t, tr.OrderID, *tr.Shipment); err != nil {
				return err
			}
		}
		// The events' jobs before the rows every writer of the tenant
		// shares (queueOrderChange).
		ch, err := s.queueOrderChange(ctx, c, t, tr.OrderID, tr.Audit, tr.Events)
		if err != nil {
			return err
		}
		rollups, err := s.rollupTransition(ctx, c, t, tr)
		if err != nil {
			return err
		}
		return s.writeOrderChange(ctx, c, ch, number, auditChains{withEntries: rollups})
	})
	if err != nil {
		return fmt.Errorf("order %s %s → %s: %w", tr.OrderID, tr.From, tr.To, err)
	}
	return nil
}

// orderMissingOrChanged tells a missing order from one changed meanwhile.
func (s *Store) orderMissingOrChanged(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	var one int
	err := c.row(ctx, `SELECT 1 FROM orders WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one)
	if err != nil {
		return s.translate(err)
	}
	return sales.ErrChanged
}

// insertShipment records a shipment and adds its quantities to the lines'
// shipped quantities; each UPDATE refuses to ship more than a line has
// left, whatever another transaction did meanwhile.
func (s *Store) insertShipment(ctx context.Context, c *conn, t oroshi.TenantID, orderID oroshi.ID, sh sales.Shipment) error {
	id := s.NewID()
	_, err := c.exec(ctx, `INSERT INTO shipments (tenant_id, id, order_id, shipped_on, carrier, tracking_number,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t, id, orderID, sh.ShippedOn.String(), sh.Carrier, sh.TrackingNumber, sh.CreatedBy, s.now())
	if err != nil {
		return fmt.Errorf("insert shipment: %w", s.translate(err))
	}
	for _, l := range sh.Lines {
		if _, err := c.exec(ctx, `INSERT INTO shipment_lines (tenant_id, shipment_id, line_no, quantity) VALUES (?, ?, ?, ?)`,
			t, id, l.LineNo, l.Quantity); err != nil {
			return fmt.Errorf("insert shipment line %d: %w", l.LineNo, s.translate(err))
		}
		err := mustAffect(c.exec(ctx, `UPDATE order_lines SET shipped_qty = shipped_qty + ?
			WHERE tenant_id = ? AND order_id = ? AND line_no = ? AND shipped_qty + ? <= quantity`,
			l.Quantity, t, orderID, l.LineNo, l.Quantity))
		if errors.Is(err, oroshi.ErrNotFound) {
			return sales.ErrOverShipped
		}
		if err != nil {
			return s.translate(err)
		}
	}
	return nil
}

// releaseStock gives back the stock an order reserved and has not shipped,
// in one statement over the order's reserved lines.
func (s *Store) releaseStock(ctx context.Context, c *conn, t oroshi.TenantID, orderID oroshi.ID) error {
	_, err := c.exec(ctx, `UPDATE skus SET stock = stock + (
			SELECT coalesce(sum(l.quantity - l.shipped_qty), 0) FROM order_lines l
			WHERE l.tenant_id = skus.tenant_id AND l.order_id = ? AND l.sku_id = skus.id AND l.reserved),
		updated_at = ?
		WHERE tenant_id = ? AND id IN (SELECT sku_id FROM order_lines WHERE tenant_id = ? AND order_id = ? AND reserved)`,
		orderID, s.now(), t, t, orderID)
	if err != nil {
		return fmt.Errorf("release stock of order %s: %w", orderID, s.translate(err))
	}
	return nil
}
