package sqlstore

import (
	"context"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

const shipToCols = `tenant_id, id, buyer_id, label, recipient, postal_code, address, phone, is_default,
	position, created_at, updated_at`

func scanShipTo(sc interface{ Scan(...any) error }) (buyers.ShipTo, error) {
	var st buyers.ShipTo
	err := sc.Scan(&st.Tenant, &st.ID, &st.BuyerID, &st.Label, &st.Recipient, &st.PostalCode, &st.Address,
		&st.Phone, &st.IsDefault, &st.Position, &st.CreatedAt, &st.UpdatedAt)
	return st, err
}

// lockBuyer checks that buyer id is one of tenant t's and holds its row
// until the transaction ends. Every ship-to change takes this lock first,
// so changes to one company's ship-tos run one at a time on PostgreSQL too
// (SQLite has a single writer anyway) and always see each other's rows.
func (s *Store) lockBuyer(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	err := mustAffect(c.exec(ctx, `UPDATE buyers SET updated_at = updated_at WHERE tenant_id = ? AND id = ?`, t, id))
	if err != nil {
		return fmt.Errorf("buyer %s: %w", id, err)
	}
	return nil
}

// ShipTos lists a buyer's ship-tos, default first, then by position.
func (s *Store) ShipTos(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]buyers.ShipTo, error) {
	var out []buyers.ShipTo
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+shipToCols+` FROM ship_tos WHERE tenant_id = ? AND buyer_id = ?
			ORDER BY is_default DESC, position, id`, t, buyerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			st, err := scanShipTo(rows)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("ship-tos of buyer %s: %w", buyerID, err)
	}
	return out, nil
}

// ShipTo returns one ship-to of buyer buyerID in tenant t.
func (s *Store) ShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID) (buyers.ShipTo, error) {
	var st buyers.ShipTo
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		st, err = scanShipTo(c.row(ctx, `SELECT `+shipToCols+` FROM ship_tos
			WHERE tenant_id = ? AND buyer_id = ? AND id = ?`, t, buyerID, id))
		return err
	})
	if err != nil {
		return buyers.ShipTo{}, fmt.Errorf("ship-to %s: %w", id, s.translate(err))
	}
	return st, nil
}

// CreateShipTo adds a ship-to after the buyer's others; see buyers.ShipToStore.
func (s *Store) CreateShipTo(ctx context.Context, st buyers.ShipTo, ev audit.Event) (buyers.ShipTo, error) {
	st.ID = s.NewID()
	st.CreatedAt, st.UpdatedAt = s.now(), s.now()
	err := s.write(ctx, st.Tenant, func(c *conn) error {
		if err := s.lockBuyer(ctx, c, st.Tenant, st.BuyerID); err != nil {
			return err
		}
		var n, last int
		err := c.row(ctx, `SELECT count(*), COALESCE(max(position), -1) FROM ship_tos WHERE tenant_id = ? AND buyer_id = ?`,
			st.Tenant, st.BuyerID).Scan(&n, &last)
		if err != nil {
			return err
		}
		st.Position, st.IsDefault = last+1, st.IsDefault || n == 0
		if st.IsDefault {
			if err := s.unsetDefaults(ctx, c, st.Tenant, st.BuyerID, st.ID); err != nil {
				return err
			}
		}
		_, err = c.exec(ctx, `INSERT INTO ship_tos (`+shipToCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.Tenant, st.ID, st.BuyerID, st.Label, st.Recipient, st.PostalCode, st.Address, st.Phone,
			st.IsDefault, st.Position, st.CreatedAt, st.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = st.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.ShipTo{}, fmt.Errorf("create ship-to: %w", err)
	}
	return st, nil
}

// UpdateShipTo saves a ship-to's address fields; see buyers.ShipToStore.
func (s *Store) UpdateShipTo(ctx context.Context, st buyers.ShipTo, ev audit.Event) (buyers.ShipTo, error) {
	st.UpdatedAt = s.now()
	err := s.write(ctx, st.Tenant, func(c *conn) error {
		if err := s.lockBuyer(ctx, c, st.Tenant, st.BuyerID); err != nil {
			return err
		}
		wantDefault := st.IsDefault
		err := c.row(ctx, `UPDATE ship_tos SET label = ?, recipient = ?, postal_code = ?, address = ?, phone = ?,
			updated_at = ? WHERE tenant_id = ? AND buyer_id = ? AND id = ? RETURNING is_default, position, created_at`,
			st.Label, st.Recipient, st.PostalCode, st.Address, st.Phone, st.UpdatedAt, st.Tenant, st.BuyerID, st.ID).Scan(
			&st.IsDefault, &st.Position, &st.CreatedAt)
		if err != nil {
			return s.translate(err)
		}
		if wantDefault && !st.IsDefault {
			if err := s.makeDefault(ctx, c, st.Tenant, st.BuyerID, st.ID); err != nil {
				return err
			}
			st.IsDefault = true
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.ShipTo{}, fmt.Errorf("update ship-to %s: %w", st.ID, err)
	}
	return st, nil
}

// SetDefaultShipTo makes one ship-to the buyer's default.
func (s *Store) SetDefaultShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := s.lockBuyer(ctx, c, t, buyerID); err != nil {
			return err
		}
		if err := s.makeDefault(ctx, c, t, buyerID, id); err != nil {
			return err
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set default ship-to %s: %w", id, err)
	}
	return nil
}

// DeleteShipTo removes a ship-to; a deleted default passes to the oldest
// remaining one.
func (s *Store) DeleteShipTo(ctx context.Context, t oroshi.TenantID, buyerID, id oroshi.ID, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		if err := s.lockBuyer(ctx, c, t, buyerID); err != nil {
			return err
		}
		var wasDefault bool
		err := c.row(ctx, `DELETE FROM ship_tos WHERE tenant_id = ? AND buyer_id = ? AND id = ? RETURNING is_default`,
			t, buyerID, id).Scan(&wasDefault)
		if err != nil {
			return s.translate(err)
		}
		if wasDefault {
			_, err := c.exec(ctx, `UPDATE ship_tos SET is_default = ?, updated_at = ? WHERE tenant_id = ? AND id =
				(SELECT id FROM ship_tos WHERE tenant_id = ? AND buyer_id = ? ORDER BY created_at, id LIMIT 1)`,
				true, s.now(), t, t, buyerID)
			if err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("delete ship-to %s: %w", id, err)
	}
	return nil
}

// makeDefault sets the flag on ship-to id (which must be buyerID's) and
// clears it on the others; the caller holds the buyer's lock.
func (s *Store) makeDefault(ctx context.Context, c *conn, t oroshi.TenantID, buyerID, id oroshi.ID) error {
	err := mustAffect(c.exec(ctx, `UPDATE ship_tos SET is_default = ?, updated_at = ?
		WHERE tenant_id = ? AND buyer_id = ? AND id = ?`, true, s.now(), t, buyerID, id))
	if err != nil {
		return fmt.Errorf("ship-to %s: %w", id, err)
	}
	return s.unsetDefaults(ctx, c, t, buyerID, id)
}

// unsetDefaults clears the default flag of buyerID's ship-tos but keep.
func (s *Store) unsetDefaults(ctx context.Context, c *conn, t oroshi.TenantID, buyerID, keep oroshi.ID) error {
	_, err := c.exec(ctx, `UPDATE ship_tos SET is_default = ?, updated_at = ?
		WHERE tenant_id = ? AND buyer_id = ? AND id <> ? AND is_default = ?`, false, s.now(), t, buyerID, keep, true)
	return err
}
