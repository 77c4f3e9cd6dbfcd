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
// locks the key when the count reaches the rule's maximum. The count is one
// atomic upsert: parallel guesses on several instances cannot overwrite
// each other's increments.
func (s *Store) RecordLoginFailure(ctx context.Context, key string, now time.Time, rule identity.LockRule) error {
	return s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		stale := now.Add(-rule.Window)
		var failures int
		err := c.row(ctx, `INSERT INTO login_attempts (key, failures, window_start, locked_until) VALUES (?, 1, ?, NULL)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN login_attempts.window_start < ? THEN 1 ELSE login_attempts.failures + 1 END,
				locked_until = CASE WHEN login_attempts.window_start < ? THEN NULL ELSE login_attempts.locked_until END,
				window_start = CASE WHEN login_attempts.window_start < ? THEN excluded.window_start ELSE login_attempts.window_start END
			RETURNING failures`, key, now, stale, stale, stale).Scan(&failures)
		if err != nil || failures < rule.Max {
			return err
		}
		_, err = c.exec(ctx, `UPDATE login_attempts SET locked_until = ? WHERE key = ?`, now.Add(rule.LockFor), key)
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
