package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

var (
	_ billing.Store       = (*Store)(nil)
	_ sales.CreditChecker = (*Store)(nil)
)

// BillingSettings returns the tenant's billing settings (the defaults when
// never saved).
func (s *Store) BillingSettings(ctx context.Context, t oroshi.TenantID) (billing.Settings, error) {
	st := billing.DefaultSettings()
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT mode, method, updated_at FROM billing_settings WHERE tenant_id = ?`, t).
			Scan(&st.Mode, &st.Method, &st.UpdatedAt)
	})
	if err = s.translate(err); err != nil && !errors.Is(err, oroshi.ErrNotFound) {
		return billing.Settings{}, fmt.Errorf("billing settings: %w", err)
	}
	return st, nil
}

// SaveBillingSettings stores the tenant's billing settings with ev.
func (s *Store) SaveBillingSettings(ctx context.Context, t oroshi.TenantID, st billing.Settings, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO billing_settings (tenant_id, mode, method, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (tenant_id) DO UPDATE SET mode = excluded.mode, method = excluded.method,
			updated_at = excluded.updated_at`, t, string(st.Mode), string(st.Method), s.now())
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("save billing settings: %w", err)
	}
	return nil
}

// BillingBuyers lists every buyer of the tenant by code, with what
// closing needs (no custom values).
func (s *Store) BillingBuyers(ctx context.Context, t oroshi.TenantID) ([]buyers.Buyer, error) {
	var out []buyers.Buyer
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT id, code, name, closing_day, payment_month_offset, payment_day, credit_limit,
			status FROM buyers WHERE tenant_id = ? ORDER BY code`, t)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b := buyers.Buyer{Tenant: t}
			if err := rows.Scan(&b.ID, &b.Code, &b.Name, &b.ClosingDay, &b.PaymentTerms.MonthOffset,
				&b.PaymentTerms.Day, &b.CreditLimit, &b.Status); err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("billing buyers: %w", s.translate(err))
	}
	return out, nil
}

// ClosedBuyers are the buyers with a closing on date.
func (s *Store) ClosedBuyers(ctx context.Context, t oroshi.TenantID, date pricing.Date) (map[oroshi.ID]bool, error) {
	out := map[oroshi.ID]bool{}
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT buyer_id FROM billing_closings WHERE tenant_id = ? AND closing_date = ?`,
			t, date.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id oroshi.ID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out[id] = true
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("closed buyers on %s: %w", date, s.translate(err))
	}
	return out, nil
}

// CreditExposure is the buyer's outstanding invoice balance plus its open
// orders (see billing.Balance.Exposure); checkout compares it with the
// credit limit.
func (s *Store) CreditExposure(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) (oroshi.Yen, error) {
	b, err := s.Balance(ctx, t, buyerID)
	if err != nil {
		return 0, err
	}
	return b.Exposure(), nil
}

// insertCreditHold stores the hold of an order placed over the credit
// limit (PlaceOrder calls it in its transaction).
func (s *Store) insertCreditHold(ctx context.Context, c *conn, o sales.Order) error {
	if o.CreditHold == "" {
		return nil
	}
	_, err := c.exec(ctx, `INSERT INTO order_credit_holds (tenant_id, order_id, reason, created_at) VALUES (?, ?, ?, ?)`,
		o.Tenant, o.ID, o.CreditHold, o.PlacedAt)
	if err != nil {
		return fmt.Errorf("insert credit hold: %w", s.translate(err))
	}
	return nil
}

// creditHoldOf is the hold reason of an order ("" when none).
func (s *Store) creditHoldOf(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) (string, error) {
	var reason string
	err := s.translate(c.row(ctx, `SELECT reason FROM order_credit_holds WHERE tenant_id = ? AND order_id = ?`, t, id).
		Scan(&reason))
	if errors.Is(err, oroshi.ErrNotFound) {
		return "", nil
	}
	return reason, err
}
