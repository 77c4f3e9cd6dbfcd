package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/support"
)

var _ support.Store = (*Store)(nil)

const inquiryCols = `tenant_id, id, number, from_tenant_id, from_realm, from_user_id, from_name, buyer_id,
	reply_email, category, subject, body, status, memo, created_at, updated_at`

func scanInquiry(sc interface{ Scan(...any) error }) (support.Inquiry, error) {
	var q support.Inquiry
	err := sc.Scan(&q.Tenant, &q.ID, &q.Number, &q.FromTenant, &q.FromRealm, &q.FromUserID, &q.FromName, &q.BuyerID,
		&q.ReplyEmail, &q.Category, &q.Subject, &q.Body, &q.Status, &q.Memo, &q.CreatedAt, &q.UpdatedAt)
	return q, err
}

// CreateInquiry numbers q within its tenant, stores it and queues the
// mails made of it, all in one transaction.
func (s *Store) CreateInquiry(ctx context.Context, q support.Inquiry, mailsFor func(support.Inquiry) []notify.Mail) (support.Inquiry, error) {
	q.ID = s.NewID()
	err := s.write(ctx, q.Tenant, func(c *conn) error {
		if err := c.row(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM inquiries WHERE tenant_id = ?`, q.Tenant).Scan(&q.Number); err != nil {
			return err
		}
		_, err := c.exec(ctx, `INSERT INTO inquiries (`+inquiryCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			q.Tenant, q.ID, q.Number, q.FromTenant, q.FromRealm, q.FromUserID, q.FromName, q.BuyerID,
			q.ReplyEmail, q.Category, q.Subject, q.Body, q.Status, q.Memo, q.CreatedAt, q.UpdatedAt)
		if err != nil {
			return err
		}
		for _, m := range mailsFor(q) {
			if _, err := s.queueMail(ctx, c, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return support.Inquiry{}, fmt.Errorf("create inquiry: %w", s.translate(err))
	}
	return q, nil
}

// CountInquiries counts what user of tenant from filed in t since then.
func (s *Store) CountInquiries(ctx context.Context, t, from oroshi.TenantID, user oroshi.ID, since time.Time) (int, error) {
	var n int
	err := s.read(ctx, t, func(c *conn) error {
		return c.row(ctx, `SELECT count(*) FROM inquiries WHERE tenant_id = ? AND from_user_id = ?
			AND from_tenant_id = ? AND created_at >= ?`, t, user, from, since.UTC()).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count inquiries: %w", s.translate(err))
	}
	return n, nil
}

// Inquiries lists t's inquiries, newest first; status "" for all.
func (s *Store) Inquiries(ctx context.Context, t oroshi.TenantID, status string, limit int) ([]support.Inquiry, error) {
	var out []support.Inquiry
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+inquiryCols+` FROM inquiries WHERE tenant_id = ?
			AND (? = '' OR status = ?) ORDER BY id DESC LIMIT ?`, t, status, status, limit)
		out, err = collect(rows, err, func(r *sql.Rows) (support.Inquiry, error) { return scanInquiry(r) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("inquiries of %d: %w", t, s.translate(err))
	}
	return out, nil
}

// Inquiry reads one of t's inquiries.
func (s *Store) Inquiry(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (support.Inquiry, error) {
	var q support.Inquiry
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		q, err = scanInquiry(c.row(ctx, `SELECT `+inquiryCols+` FROM inquiries WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return support.Inquiry{}, fmt.Errorf("inquiry %s: %w", id, s.translate(err))
	}
	return q, nil
}

// UpdateInquiry sets status and memo.
func (s *Store) UpdateInquiry(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status, memo string, now time.Time) error {
	err := s.write(ctx, t, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE inquiries SET status = ?, memo = ?, updated_at = ? WHERE tenant_id = ? AND id = ?`,
			status, memo, now, t, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return oroshi.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update inquiry %s: %w", id, s.translate(err))
	}
	return nil
}
