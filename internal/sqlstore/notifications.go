package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
)

var _ salesnotify.Store = (*Store)(nil)

// claimDispatch records that channel is done for event eventID with items
// made; false when it was recorded before (a retried job), and then the
// caller must write nothing. The primary key settles two concurrent runs:
// the second waits for the first's commit and then finds its row.
func (s *Store) claimDispatch(ctx context.Context, c *conn, t oroshi.TenantID, eventID oroshi.ID, channel string, items int) (bool, error) {
	res, err := c.exec(ctx, `INSERT INTO sales_event_dispatches (tenant_id, event_id, channel, items, done_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, event_id, channel) DO NOTHING`, t, eventID, channel, items, s.now())
	if err != nil {
		return false, fmt.Errorf("record %s dispatch of sales event %s: %w", channel, eventID, s.translate(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record %s dispatch of sales event %s: %w", channel, eventID, err)
	}
	return n == 1, nil
}

// QueueEventMail queues the mails of a sales event once, with the record
// that they were queued, in one transaction.
func (s *Store) QueueEventMail(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID, mails []notify.Mail) (bool, error) {
	var done bool
	err := s.write(ctx, t, func(c *conn) error {
		var err error
		if done, err = s.claimDispatch(ctx, c, t, eventID, salesnotify.ChannelMail, len(mails)); err != nil || !done {
			return err
		}
		for _, m := range mails {
			if _, err := s.queueMail(ctx, c, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("queue mail of sales event %s: %w", eventID, err)
	}
	return done, nil
}

// AddNotifications stores the notices of a sales event once, with the
// record that they were made, in one transaction.
func (s *Store) AddNotifications(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID, ns []salesnotify.Notification) (bool, error) {
	var done bool
	err := s.write(ctx, t, func(c *conn) error {
		var err error
		if done, err = s.claimDispatch(ctx, c, t, eventID, salesnotify.ChannelNotice, len(ns)); err != nil || !done {
			return err
		}
		now := s.now()
		for _, n := range ns {
			_, err := c.exec(ctx, `INSERT INTO notifications (tenant_id, id, user_id, event_id, kind, title, body, link,
				created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, user_id, event_id) DO NOTHING`,
				t, s.NewID(), n.UserID, eventID, n.Kind, n.Title, n.Body, n.Link, now)
			if err != nil {
				return fmt.Errorf("notice to user %s: %w", n.UserID, s.translate(err))
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("notices of sales event %s: %w", eventID, err)
	}
	return done, nil
}

const notificationCols = `tenant_id, id, user_id, event_id, kind, title, body, link, created_at, read_at`

func scanNotification(sc interface{ Scan(...any) error }) (salesnotify.Notification, error) {
	var n salesnotify.Notification
	var read sql.NullTime
	if err := sc.Scan(&n.Tenant, &n.ID, &n.UserID, &n.EventID, &n.Kind, &n.Title, &n.Body, &n.Link,
		&n.CreatedAt, &read); err != nil {
		return salesnotify.Notification{}, err
	}
	n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), nullTime(read)
	return n, nil
}

// Notifications lists a page of a user's notices, newest first (IDs are
// time-ordered, so the keyset is the ID alone).
func (s *Store) Notifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, p salesnotify.Page) ([]salesnotify.Notification, error) {
	q, args := `SELECT `+notificationCols+` FROM notifications WHERE tenant_id = ? AND user_id = ?`, []any{t, userID}
	if p.Before != 0 {
		q, args = q+` AND id < ?`, append(args, p.Before)
	}
	if p.UnreadOnly {
		q += ` AND read_at IS NULL`
	}
	var out []salesnotify.Notification
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, q+` ORDER BY id DESC`+limitSQL(p.Limit), args...)
		if err != nil {
			return s.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("notices of user %s: %w", userID, err)
	}
	return out, nil
}

// UnreadNotifications counts a user's unread notices (a partial index).
func (s *Store) UnreadNotifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error) {
	var n int
	err := s.read(ctx, t, func(c *conn) error {
		// Counted up to salesnotify.MaxUnread (the badge says 99+): the
		// count is on every page, and a user who never reads notices would
		// otherwise make it grow with the orders. The limit is written in
		// the SQL: SQLite plans with a bound LIMIT's value, so rebinding
		// one makes it compile the cached statement again at every run.
		return c.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM notifications
			WHERE tenant_id = ? AND user_id = ? AND read_at IS NULL LIMIT `+unreadLimit+`) u`,
			t, userID).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("unread notices of user %s: %w", userID, s.translate(err))
	}
	return n, nil
}

var unreadLimit = strconv.Itoa(salesnotify.MaxUnread)

// ReadNotification marks one of the user's notices read, keeping the first
// reading time, and returns it.
func (s *Store) ReadNotification(ctx context.Context, t oroshi.TenantID, userID, id oroshi.ID) (salesnotify.Notification, error) {
	var n salesnotify.Notification
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND user_id = ? AND id = ?
			AND read_at IS NULL`, s.now(), t, userID, id)
		if err != nil {
			return s.translate(err)
		}
		n, err = scanNotification(c.row(ctx, `SELECT `+notificationCols+` FROM notifications
			WHERE tenant_id = ? AND user_id = ? AND id = ?`, t, userID, id))
		return s.translate(err)
	})
	if err != nil {
		return salesnotify.Notification{}, fmt.Errorf("read notice %s: %w", id, err)
	}
	return n, nil
}

// ReadAllNotifications marks every unread notice of the user read.
func (s *Store) ReadAllNotifications(ctx context.Context, t oroshi.TenantID, userID oroshi.ID) (int, error) {
	var n int64
	err := s.write(ctx, t, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE notifications SET read_at = ? WHERE tenant_id = ? AND user_id = ?
			AND read_at IS NULL`, s.now(), t, userID)
		if err != nil {
			return s.translate(err)
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read all notices of user %s: %w", userID, err)
	}
	return int(n), nil
}
