package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// LoginLockedUntil returns the latest lock in force among keys (zero when none).
// Locks live in the database so that every instance enforces them.
func (s *Store) LoginLockedUntil(ctx context.Context, now time.Time, keys ...string) (time.Time, error) {
	var until time.Time
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		for _, k := range keys {
			var t sql.NullTime
			err := c.row(ctx, `SELECT locked_until FROM login_attempts WHERE key = ?`, k).Scan(&t)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if t.Valid && t.Time.After(until) {
				until = t.Time
			}
		}
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("login locks: %w", err)
	}
	return until, nil
}

// RecordLoginFailure counts one failure of key within the rule's window and
// locks the key when the count reaches the rule's maximum.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, now time.Time, rule identity.LockRule) error {
	return s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		var failures int
		var start time.Time
		err := c.row(ctx, `SELECT failures, window_start FROM login_attempts WHERE key = ?`, key).Scan(&failures, &start)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && now.Sub(start) > rule.Window):
			failures, start = 0, now
		case err != nil:
			return fmt.Errorf("read login attempts: %w", err)
		}
		failures++
		var locked sql.NullTime
		if failures >= rule.Max {
			locked = sql.NullTime{Time: now.Add(rule.LockFor), Valid: true}
		}
		_, err = c.exec(ctx, `INSERT INTO login_attempts (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
			locked_until = excluded.locked_until`, key, failures, start, locked)
		return err
	})
}

// ClearLoginFailures forgets the failures of key (after a good sign-in).
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `DELETE FROM login_attempts WHERE key = ?`, key)
		return err
	})
}
