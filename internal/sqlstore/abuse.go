package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/audit"
)

var _ abuse.Store = (*Store)(nil)

// CountHits bumps each fixed-window counter with one atomic upsert, so that
// instances sharing the database never lose each other's increments.
func (s *Store) CountHits(ctx context.Context, hits []abuse.Hit) ([]int, error) {
	out := make([]int, len(hits))
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		for i, h := range hits {
			err := c.row(ctx, `INSERT INTO rate_counters (key, window_start, hits, max_hits) VALUES (?, ?, ?, ?)
				ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_counters.hits + excluded.hits, max_hits = excluded.max_hits
				RETURNING hits`, h.Key, h.Window.UTC(), h.N, h.Max).Scan(&out[i])
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count hits: %w", s.translate(err))
	}
	return out, nil
}

// BlockAddress blocks an address; a longer block in force is kept, and a
// lifted one starts afresh.
func (s *Store) BlockAddress(ctx context.Context, b abuse.Block) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO abuse_blocks (address, reason, blocked_at, blocked_until, hits) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (address) DO UPDATE SET
				reason = excluded.reason, hits = excluded.hits, lifted_at = NULL, lifted_by = 0,
				blocked_at = CASE WHEN abuse_blocks.lifted_at IS NULL AND abuse_blocks.blocked_until > excluded.blocked_at
					THEN abuse_blocks.blocked_at ELSE excluded.blocked_at END,
				blocked_until = CASE WHEN abuse_blocks.lifted_at IS NULL AND abuse_blocks.blocked_until > excluded.blocked_until
					THEN abuse_blocks.blocked_until ELSE excluded.blocked_until END`,
			b.Address, b.Reason, b.Since.UTC(), b.Until.UTC(), b.Hits)
		return err
	})
	if err != nil {
		return fmt.Errorf("block %s: %w", b.Address, s.translate(err))
	}
	return nil
}

const blockColumns = `SELECT b.address, b.reason, b.blocked_at, b.blocked_until, b.hits, b.lifted_at,
	COALESCE((SELECT u.name FROM users u WHERE u.tenant_id = 0 AND u.id = b.lifted_by), '')
	FROM abuse_blocks b `

// ActiveBlocks are the blocks in force at now.
func (s *Store) ActiveBlocks(ctx context.Context, now time.Time) ([]abuse.Block, error) {
	return s.blocks(ctx, blockColumns+`WHERE b.lifted_at IS NULL AND b.blocked_until > ? ORDER BY b.blocked_at DESC`, now.UTC())
}

// RecentBlocks are the newest blocks, lifted and expired included.
func (s *Store) RecentBlocks(ctx context.Context, limit int) ([]abuse.Block, error) {
	return s.blocks(ctx, blockColumns+`ORDER BY b.blocked_at DESC LIMIT ?`, limit)
}

func (s *Store) blocks(ctx context.Context, q string, args ...any) ([]abuse.Block, error) {
	var out []abuse.Block
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, q, args...)
		out, err = collect(rows, err, scanBlock)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("abuse blocks: %w", s.translate(err))
	}
	return out, nil
}

func scanBlock(r *sql.Rows) (abuse.Block, error) {
	var b abuse.Block
	var lifted sql.NullTime
	err := r.Scan(&b.Address, &b.Reason, &b.Since, &b.Until, &b.Hits, &lifted, &b.LiftedBy)
	if lifted.Valid {
		b.LiftedAt = &lifted.Time
	}
	return b, err
}

// LiftBlock ends a block early, recorded in the operators' history in the
// same transaction. A block not in force wraps oroshi.ErrNotFound.
func (s *Store) LiftBlock(ctx context.Context, address string, now time.Time, by audit.Actor) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE abuse_blocks SET lifted_at = ?, lifted_by = ?
			WHERE address = ? AND lifted_at IS NULL AND blocked_until > ?`, now.UTC(), by.ID, address, now.UTC())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("no block in force: %w", oroshi.ErrNotFound)
		}
		e := by.Event("アクセス制限（解除）", "client_address", address)
		e.Tenant = oroshi.PlatformTenant
		return s.recordAudit(ctx, c, e)
	})
	if err != nil {
		return fmt.Errorf("lift block %s: %w", address, s.translate(err))
	}
	return nil
}

// LimitedWindows are the newest counters that went over their limit.
func (s *Store) LimitedWindows(ctx context.Context, limit int) ([]abuse.Window, error) {
	var out []abuse.Window
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT key, window_start, hits, max_hits FROM rate_counters
			WHERE hits > max_hits ORDER BY window_start DESC LIMIT ?`, limit)
		out, err = collect(rows, err, func(r *sql.Rows) (abuse.Window, error) {
			var w abuse.Window
			return w, r.Scan(&w.Key, &w.Start, &w.Hits, &w.Max)
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("limited windows: %w", s.translate(err))
	}
	return out, nil
}

// PruneWindows deletes counters of windows that started before t.
func (s *Store) PruneWindows(ctx context.Context, before time.Time) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `DELETE FROM rate_counters WHERE window_start < ?`, before.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("prune rate counters: %w", s.translate(err))
	}
	return nil
}
