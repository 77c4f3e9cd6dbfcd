package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

// BillingRuns lists tenant t's newest limit closing runs, newest first.
func (s *Store) BillingRuns(ctx context.Context, t oroshi.TenantID, limit int) ([]billing.QueuedRun, error) {
	var out []billing.QueuedRun
	err := s.read(ctx, t, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT `+prefixCols("r.", billingRunCols)+`, coalesce(u.name, '')
			FROM billing_runs r LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.created_by
			WHERE r.tenant_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?`, t, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var extra scanExtra
			r, err := scanBillingRun(extra.wrap(rows, &name))
			if err != nil {
				return err
			}
			r.ActorName = name
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("closing runs: %w", s.translate(err))
	}
	return out, nil
}

// prefixCols qualifies a column list: "a, b" → "r.a, r.b".
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func (s *Store) billingRuns(ctx context.Context, c *conn, q string, args ...any) ([]billing.QueuedRun, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []billing.QueuedRun
	for rows.Next() {
		r, err := scanBillingRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SweepBillingRuns ends tenant t's stale live runs as failed with
// sw.Message (see billing.RunSweep). The live runs are read first, on the
// partial index of live runs, so a tenant with nothing stale costs one
// read; each stale run is then ended by an UPDATE guarded on the same
// conditions, so a run that moved meanwhile is left alone.
func (s *Store) SweepBillingRuns(ctx context.Context, t oroshi.TenantID, sw billing.RunSweep) ([]billing.QueuedRun, error) {
	const stale = ` AND status IN (?, ?)
		AND (status = ? AND created_at < ? OR status = ? AND coalesce(updated_at, created_at) < ?)`
	args := []any{billing.RunQueued, billing.RunRunning, billing.RunQueued, sw.QueuedBefore.UTC(),
		billing.RunRunning, sw.RunningBefore.UTC()}
	var found []billing.QueuedRun
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		found, err = s.billingRuns(ctx, c, `SELECT `+billingRunCols+` FROM billing_runs WHERE tenant_id = ?`+stale+
			` ORDER BY id`, append([]any{t}, args...)...)
		return err
	})
	if err != nil || len(found) == 0 {
		return nil, s.sweepErr(err)
	}
	var out []billing.QueuedRun
	now := s.now()
	err = s.write(ctx, t, func(c *conn) error {
		for _, r := range found {
			if sw.Alive[r.ID] {
				continue
			}
			res, err := c.exec(ctx, `UPDATE billing_runs SET status = ?, message = ?, finished_at = ?, updated_at = ?
				WHERE tenant_id = ? AND id = ?`+stale, append([]any{billing.RunFailed, sw.Message, now, now, t, r.ID},
				args...)...)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if n == 0 {
				continue // it moved meanwhile
			}
			r.Status, r.Message, r.FinishedAt, r.UpdatedAt = billing.RunFailed, sw.Message, now, now
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, s.sweepErr(err)
	}
	return out, nil
}

func (s *Store) sweepErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("sweep closing runs: %w", s.translate(err))
}
