package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// Monitoring tables (leases, slo_probes, slo_requests) are platform tables
// used in the platform scope; see migration 00020.

// TakeLease takes or renews lease name for holder until now+ttl. It
// succeeds when the lease is free, expired or already holder's: a
// conditional UPDATE, or an INSERT when the row does not exist yet — both
// atomic on either engine, so two instances never both hold it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := s.now()
	var taken bool
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE leases SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR expires_at < ?)`,
			holder, now.Add(ttl), name, holder, now)
		if err != nil {
			return err
		}
		if taken, err = affected(res); err != nil || taken {
			return err
		}
		res, err = c.exec(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			name, holder, now.Add(ttl))
		if err != nil {
			return err
		}
		taken, err = affected(res)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("take lease %s: %w", name, s.translate(err))
	}
	return taken, nil
}

// ReleaseLease ends holder's lease at once, so another instance takes over
// without waiting for it to expire.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?`, s.now().Add(-time.Second), name, holder)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease %s: %w", name, s.translate(err))
	}
	return nil
}

func affected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	return n > 0, err
}

// AddProbes adds readiness probe counts to their hours.
func (s *Store) AddProbes(ctx context.Context, hours []slo.ProbeHour) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		for _, h := range hours {
			_, err := c.exec(ctx, `INSERT INTO slo_probes (hour, total, ok, latency_ms_sum, latency_ms_max) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (hour) DO UPDATE SET total = slo_probes.total + excluded.total, ok = slo_probes.ok + excluded.ok,
				latency_ms_sum = slo_probes.latency_ms_sum + excluded.latency_ms_sum,
				latency_ms_max = CASE WHEN excluded.latency_ms_max > slo_probes.latency_ms_max
					THEN excluded.latency_ms_max ELSE slo_probes.latency_ms_max END`,
				h.Hour.UTC(), h.Total, h.OK, h.LatencySumMS, h.LatencyMaxMS)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add probes: %w", s.translate(err))
	}
	return nil
}

// ProbeHours lists the probe hours from since on, oldest first.
func (s *Store) ProbeHours(ctx context.Context, since time.Time) ([]slo.ProbeHour, error) {
	var out []slo.ProbeHour
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT hour, total, ok, latency_ms_sum, latency_ms_max FROM slo_probes
			WHERE hour >= ? ORDER BY hour`, since.UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h slo.ProbeHour
			if err := rows.Scan(&h.Hour, &h.Total, &h.OK, &h.LatencySumMS, &h.LatencyMaxMS); err != nil {
				return err
			}
			h.Hour = h.Hour.UTC()
			out = append(out, h)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("probe hours: %w", s.translate(err))
	}
	return out, nil
}

// reqCols are slo_requests' counting columns in slo.Histogram order.
const reqCols = `b0, b1, b2, b3, b4, b5, b6, b7, b8, b9`

// AddRequestStats adds per-route, per-hour request counts; several
// instances' counts add up.
func (s *Store) AddRequestStats(ctx context.Context, stats []slo.HourStat) error {
	const q = `INSERT INTO slo_requests (hour, route, total, under_3s, ` + reqCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (hour, route) DO UPDATE SET total = slo_requests.total + excluded.total,
		under_3s = slo_requests.under_3s + excluded.under_3s,
		b0 = slo_requests.b0 + excluded.b0, b1 = slo_requests.b1 + excluded.b1, b2 = slo_requests.b2 + excluded.b2,
		b3 = slo_requests.b3 + excluded.b3, b4 = slo_requests.b4 + excluded.b4, b5 = slo_requests.b5 + excluded.b5,
		b6 = slo_requests.b6 + excluded.b6, b7 = slo_requests.b7 + excluded.b7, b8 = slo_requests.b8 + excluded.b8,
		b9 = slo_requests.b9 + excluded.b9`
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		for _, st := range stats {
			args := []any{st.Hour.UTC(), st.Route, st.Hist.Total(), st.Hist.Fast()}
			for _, n := range st.Hist {
				args = append(args, n)
			}
			if _, err := c.exec(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add request stats: %w", s.translate(err))
	}
	return nil
}

// RequestStats lists the per-route hours from since on.
func (s *Store) RequestStats(ctx context.Context, since time.Time) ([]slo.HourStat, error) {
	var out []slo.HourStat
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT hour, route, `+reqCols+` FROM slo_requests WHERE hour >= ? ORDER BY hour, route`, since.UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st slo.HourStat
			dst := []any{&st.Hour, &st.Route}
			for i := range st.Hist {
				dst = append(dst, &st.Hist[i])
			}
			if err := rows.Scan(dst...); err != nil {
				return err
			}
			st.Hour = st.Hour.UTC()
			out = append(out, st)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("request stats: %w", s.translate(err))
	}
	return out, nil
}

// PruneSLO deletes probe and request figures older than before.
func (s *Store) PruneSLO(ctx context.Context, before time.Time) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		if _, err := c.exec(ctx, `DELETE FROM slo_probes WHERE hour < ?`, before.UTC()); err != nil {
			return err
		}
		_, err := c.exec(ctx, `DELETE FROM slo_requests WHERE hour < ?`, before.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("prune slo figures: %w", s.translate(err))
	}
	return nil
}

// OldestAvailableJob is when the job that has waited longest for a worker
// became available; ok is false when no job waits.
func (s *Store) OldestAvailableJob(ctx context.Context) (at time.Time, ok bool, err error) {
	err = s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		// ORDER BY, not min(): SQLite keeps the column's type for the driver.
		err := c.row(ctx, `SELECT scheduled_at FROM river_job WHERE state = 'available' ORDER BY scheduled_at LIMIT 1`).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		at, ok = at.UTC(), err == nil
		return err
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest available job: %w", s.translate(err))
	}
	return at, ok, nil
}

// RecordSentMail stores a mail already sent directly (an operator alert
// sent without the job queue, which may be what is failing) in the outbox
// as sent, without a send job.
func (s *Store) RecordSentMail(ctx context.Context, m notify.Mail) error {
	if err := notify.Validate(m); err != nil {
		return err
	}
	now := s.now()
	if m.ID == 0 {
		m.ID = s.NewID()
	}
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO mail_outbox (`+mailCols+`) VALUES (?, NULL, ?, ?, ?, ?, ?, 1, '', ?, ?, '')`,
			m.ID, m.To, m.Subject, m.Text, m.HTML, notify.StatusSent, now, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("record sent mail to %s: %w", m.To, s.translate(err))
	}
	return nil
}
