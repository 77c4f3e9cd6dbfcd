package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

var _ buyers.Store = (*Store)(nil)

const buyerCols = `tenant_id, id, code, name, kana, postal_code, address, phone, billing_name,
	billing_email, price_group_id, closing_day, payment_month_offset, payment_day, credit_limit,
	payment_method, status, custom, created_at, updated_at`

func scanBuyer(sc interface{ Scan(...any) error }) (buyers.Buyer, error) {
	var b buyers.Buyer
	var group sql.NullInt64
	var custom string
	err := sc.Scan(&b.Tenant, &b.ID, &b.Code, &b.Name, &b.Kana, &b.PostalCode, &b.Address, &b.Phone,
		&b.BillingName, &b.BillingEmail, &group, &b.ClosingDay, &b.PaymentTerms.MonthOffset,
		&b.PaymentTerms.Day, &b.CreditLimit, &b.PaymentMethod, &b.Status, &custom, &b.CreatedAt, &b.UpdatedAt)
	if err != nil {
		return buyers.Buyer{}, err
	}
	b.PriceGroupID = oroshi.ID(group.Int64)
	if b.Custom, err = unmarshalCustom(custom); err != nil {
		return buyers.Buyer{}, fmt.Errorf("buyer %s custom values: %w", b.ID, err)
	}
	return b, nil
}

// marshalCustom stores custom values as a JSON object ("{}" for none).
func marshalCustom(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("custom values: %w", err)
	}
	return string(b), nil
}

// unmarshalCustom reads numbers as json.Number: a value never passes
// through float64.
func unmarshalCustom(s string) (map[string]any, error) {
	m := map[string]any{}
	if s == "" {
		return m, nil
	}
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

// lockPriceGroup checks that group id is one of tenant t's and holds its
// row until the transaction ends, so that a concurrent DeletePriceGroup
// either sees this buyer or runs first and makes this check fail.
func (s *Store) lockPriceGroup(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	if id == 0 {
		return nil
	}
	err := mustAffect(c.exec(ctx, `UPDATE price_groups SET updated_at = updated_at WHERE tenant_id = ? AND id = ?`, t, id))
	if errors.Is(err, oroshi.ErrNotFound) {
		return fmt.Errorf("price group %s: %w", id, buyers.ErrUnknownPriceGroup)
	}
	return err
}

// CreateBuyer inserts a buyer company; a taken code wraps ErrConflict.
func (s *Store) CreateBuyer(ctx context.Context, b buyers.Buyer, ev audit.Event) (buyers.Buyer, error) {
	b.ID = s.NewID()
	b.CreatedAt, b.UpdatedAt = s.now(), s.now()
	custom, err := marshalCustom(b.Custom)
	if err != nil {
		return buyers.Buyer{}, err
	}
	err = s.write(ctx, b.Tenant, func(c *conn) error {
		if err := s.lockPriceGroup(ctx, c, b.Tenant, b.PriceGroupID); err != nil {
			return err
		}
		_, err := c.exec(ctx, `INSERT INTO buyers (`+buyerCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			b.Tenant, b.ID, b.Code, b.Name, b.Kana, b.PostalCode, b.Address, b.Phone, b.BillingName,
			b.BillingEmail, nullID(b.PriceGroupID), b.ClosingDay, b.PaymentTerms.MonthOffset, b.PaymentTerms.Day,
			b.CreditLimit, b.PaymentMethod, b.Status, custom, b.CreatedAt, b.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		ev.TargetID = b.ID.String()
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.Buyer{}, fmt.Errorf("create buyer %s: %w", b.Code, err)
	}
	return b, nil
}

// UpdateBuyer saves every field of b but its status and creation time,
// guarded by the version (updated_at) the caller read.
func (s *Store) UpdateBuyer(ctx context.Context, b buyers.Buyer, ev audit.Event) (buyers.Buyer, error) {
	read := b.UpdatedAt
	b.UpdatedAt = s.now()
	custom, err := marshalCustom(b.Custom)
	if err != nil {
		return buyers.Buyer{}, err
	}
	err = s.write(ctx, b.Tenant, func(c *conn) error {
		if err := s.lockPriceGroup(ctx, c, b.Tenant, b.PriceGroupID); err != nil {
			return err
		}
		err := c.row(ctx, `UPDATE buyers SET code = ?, name = ?, kana = ?, postal_code = ?, address = ?,
			phone = ?, billing_name = ?, billing_email = ?, price_group_id = ?, closing_day = ?,
			payment_month_offset = ?, payment_day = ?, credit_limit = ?, payment_method = ?, custom = ?,
			updated_at = ? WHERE tenant_id = ? AND id = ? AND updated_at = ? RETURNING status, created_at`,
			b.Code, b.Name, b.Kana, b.PostalCode, b.Address, b.Phone, b.BillingName, b.BillingEmail,
			nullID(b.PriceGroupID), b.ClosingDay, b.PaymentTerms.MonthOffset, b.PaymentTerms.Day,
			b.CreditLimit, b.PaymentMethod, custom, b.UpdatedAt, b.Tenant, b.ID, read).Scan(&b.Status, &b.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return s.buyerMissingOrStale(ctx, c, b.Tenant, b.ID)
		}
		if err != nil {
			return s.translate(err)
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return buyers.Buyer{}, fmt.Errorf("update buyer %s: %w", b.ID, err)
	}
	return b, nil
}

// buyerMissingOrStale explains why a guarded update changed no row.
func (s *Store) buyerMissingOrStale(ctx context.Context, c *conn, t oroshi.TenantID, id oroshi.ID) error {
	var one int
	if err := c.row(ctx, `SELECT 1 FROM buyers WHERE tenant_id = ? AND id = ?`, t, id).Scan(&one); err != nil {
		return s.translate(err)
	}
	return buyers.ErrStale
}

// SetBuyerStatus changes a buyer's status; suspending also ends the
// sessions of the company's users, in the same transaction.
func (s *Store) SetBuyerStatus(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, ev audit.Event) error {
	err := s.write(ctx, t, func(c *conn) error {
		err := mustAffect(c.exec(ctx, `UPDATE buyers SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			status, s.now(), t, id))
		if err != nil {
			return err
		}
		if status != buyers.StatusActive {
			_, err := c.exec(ctx, `DELETE FROM sessions WHERE tenant_id = ? AND user_id IN
				(SELECT id FROM users WHERE tenant_id = ? AND buyer_id = ?)`, t, t, id)
			if err != nil {
				return err
			}
		}
		return s.recordAudit(ctx, c, ev)
	})
	if err != nil {
		return fmt.Errorf("set buyer %s status: %w", id, s.translate(err))
	}
	return nil
}

// Buyer returns one buyer company of tenant t.
func (s *Store) Buyer(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Buyer, error) {
	return s.oneBuyer(ctx, t, `SELECT `+buyerCols+` FROM buyers WHERE tenant_id = ? AND id = ?`, t, id)
}

// BuyerByCode finds a buyer company by the seller's code.
func (s *Store) BuyerByCode(ctx context.Context, t oroshi.TenantID, code string) (buyers.Buyer, error) {
	return s.oneBuyer(ctx, t, `SELECT `+buyerCols+` FROM buyers WHERE tenant_id = ? AND code = ?`, t, code)
}

// BuyerStanding reads a buyer's status and price group; see buyers.Store.
func (s *Store) BuyerStanding(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (buyers.Standing, error) {
	st := buyers.Standing{ID: id}
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT COALESCE(price_group_id, 0), status FROM buyers WHERE tenant_id = ? AND id = ?`, t, id).
			Scan(&st.PriceGroupID, &st.Status)
	})
	if err != nil {
		return buyers.Standing{}, fmt.Errorf("standing of buyer %s: %w", id, s.translate(err))
	}
	return st, nil
}

func (s *Store) oneBuyer(ctx context.Context, t oroshi.TenantID, q string, args ...any) (buyers.Buyer, error) {
	var b buyers.Buyer
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		b, err = scanBuyer(c.row(ctx, q, args...))
		return err
	})
	if err != nil {
		return buyers.Buyer{}, fmt.Errorf("buyer %v: %w", args[len(args)-1], s.translate(err))
	}
	return b, nil
}

// Buyers returns one page of tenant t's buyers matching f, by code, and the
// number matching in all.
func (s *Store) Buyers(ctx context.Context, t oroshi.TenantID, f buyers.Filter) ([]buyers.Buyer, int, error) {
	where, args := `tenant_id = ?`, []any{t}
	if f.Query != "" {
		text, kana := buyers.LikePatterns(f.Query)
		where += ` AND (lower(code) LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\' OR lower(kana) LIKE ? ESCAPE '\')`
		args = append(args, text, text, kana)
	}
	if f.PriceGroupID != 0 {
		where, args = where+` AND price_group_id = ?`, append(args, f.PriceGroupID)
	}
	if f.Status != "" {
		where, args = where+` AND status = ?`, append(args, f.Status)
	}
	var out []buyers.Buyer
	var total int
	err := s.read(ctx, t, func(c *conn) error {
		if err := c.row(ctx, `SELECT count(*) FROM buyers WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT `+buyerCols+` FROM buyers WHERE `+where+
			` ORDER BY code, id`+limitSQL(f.Limit)+` OFFSET ?`, append(args, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b, err := scanBuyer(rows)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list buyers: %w", err)
	}
	return out, total, nil
}

// BuyerUsers lists the shop users of one buyer company by e-mail.
func (s *Store) BuyerUsers(ctx context.Context, t oroshi.TenantID, buyerID oroshi.ID) ([]identity.User, error) {
	var out []identity.User
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+userCols+` FROM users WHERE tenant_id = ? AND realm = ? AND buyer_id = ?
			ORDER BY email`, t, identity.RealmShop, buyerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("users of buyer %s: %w", buyerID, err)
	}
	return out, nil
}
