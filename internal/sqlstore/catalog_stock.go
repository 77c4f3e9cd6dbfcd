package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
)

// SetVisibility says who may see a product.
func (s *Store) SetVisibility(ctx context.Context, t oroshi.TenantID, id oroshi.ID, v catalog.Visibility, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE products SET visibility = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			string(v.Mode), s.now(), t, id))
		if err != nil {
			return s.translate(err)
		}
		if err := s.writeVisibility(ctx, c, t, id, v); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set product %s visibility: %w", id, err)
	}
	return nil
}

// writeVisibility replaces a product's visibility rows. Every listed group
// and buyer must be the tenant's own: an ID of another tenant's group would
// never match a buyer here, but storing it would be a quiet mistake.
func (s *Store) writeVisibility(ctx context.Context, c *conn, t oroshi.TenantID, productID oroshi.ID, v catalog.Visibility) error {
	if err := s.bumpCatalog(ctx, c, t); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `DELETE FROM product_visibility WHERE tenant_id = ? AND product_id = ?`, t, productID); err != nil {
		return s.translate(err)
	}
	if v.Mode != catalog.Restricted {
		return nil
	}
	if err := s.checkOwnIDs(ctx, c, t, "price_groups", v.GroupIDs); err != nil {
		return err
	}
	if err := s.checkOwnIDs(ctx, c, t, "buyers", v.BuyerIDs); err != nil {
		return err
	}
	for _, g := range v.GroupIDs {
		if _, err := c.exec(ctx, `INSERT INTO product_visibility (tenant_id, product_id, group_id, buyer_id)
			VALUES (?, ?, ?, 0)`, t, productID, g); err != nil {
			return s.translate(err)
		}
	}
	for _, b := range v.BuyerIDs {
		if _, err := c.exec(ctx, `INSERT INTO product_visibility (tenant_id, product_id, group_id, buyer_id)
			VALUES (?, ?, 0, ?)`, t, productID, b); err != nil {
			return s.translate(err)
		}
	}
	return nil
}

// checkOwnIDs checks that ids (distinct) are rows of table in tenant t;
// table is one of two constants above, never user input.
func (s *Store) checkOwnIDs(ctx context.Context, c *conn, t oroshi.TenantID, table string, ids []oroshi.ID) error {
	if len(ids) == 0 {
		return nil
	}
	list, args := catIDList(ids)
	var n int
	err := c.row(ctx, `SELECT count(*) FROM `+table+` WHERE tenant_id = ? AND id IN (`+list+`)`,
		append([]any{t}, args...)...).Scan(&n)
	if err != nil {
		return s.translate(err)
	}
	if n != len(ids) {
		return oroshi.Invalid("visibility", "公開先の価格グループまたは取引先が見つかりません")
	}
	return nil
}

// AdjustStock adds delta to a SKU's stock and records the event with the
// reason and the stock before and after; a result below zero wraps
// catalog.ErrOutOfStock.
func (s *Store) AdjustStock(ctx context.Context, t oroshi.TenantID, skuID oroshi.ID, delta int64, reason string,
	ev audit.Event) (int64, error) {
	var stock int64
	err := s.write(ctx, t, func(c *conn) error {
		var productID oroshi.ID
		var err error
		stock, productID, err = s.adjustStock(ctx, c, t, skuID, delta)
		if err != nil {
			return err
		}
		ev.TargetID = productID.String()
		ev.Detail = maps.Clone(ev.Detail)
		if ev.Detail == nil {
			ev.Detail = map[string]any{}
		}
		ev.Detail["stock"] = audit.Change{Before: stock - delta, After: stock}
		ev.Detail["reason"] = reason
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return 0, fmt.Errorf("adjust stock of sku %s by %d: %w", skuID, delta, err)
	}
	return stock, nil
}

// adjustStock is the one statement that moves stock: the check and the
// change are a single UPDATE, so concurrent orders can never take the
// stock below zero. The ordering issue reserves stock with it inside the
// order's transaction (for SKUs with TrackStock).
func (s *Store) adjustStock(ctx context.Context, c *conn, t oroshi.TenantID, skuID oroshi.ID, delta int64) (int64, oroshi.ID, error) {
	var stock int64
	var productID oroshi.ID
	err := c.row(ctx, `UPDATE skus SET stock = stock + ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? AND stock + ? >= 0 RETURNING stock, product_id`,
		delta, s.now(), t, skuID, delta).Scan(&stock, &productID)
	if errors.Is(err, sql.ErrNoRows) {
		var one int
		if err := c.row(ctx, `SELECT 1 FROM skus WHERE tenant_id = ? AND id = ?`, t, skuID).Scan(&one); err != nil {
			return 0, 0, s.translate(err)
		}
		return 0, 0, catalog.ErrOutOfStock
	}
	if err != nil {
		return 0, 0, s.translate(err)
	}
	return stock, productID, nil
}
