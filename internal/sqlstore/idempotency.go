package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
)

var _ idempotency.Store = (*Store)(nil)

// ClaimIdempotencyKey inserts the claim, or returns the live record that
// holds the key. Racing claims of one key are settled by the primary key:
// exactly one insert (or one take-over update) wins.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, r idempotency.Record, now time.Time) (idempotency.Record, bool, error) {
	var (
		got     idempotency.Record
		claimed bool
	)
	err := s.write(ctx, r.Tenant, func(c *conn) error {
		res, err := c.exec(ctx, `INSERT INTO api_idempotency
			(tenant_id, caller, idem_key, fingerprint, status, content_type, body, created_at)
			VALUES (?, ?, ?, ?, 0, '', ?, ?)
			ON CONFLICT (tenant_id, caller, idem_key) DO NOTHING`,
			r.Tenant, r.Caller, r.Key, r.Fingerprint[:], []byte{}, now)
		if err != nil {
			return err
		}
		if claimed, err = oneRow(res); err != nil || claimed {
			return err
		}
		if got, err = s.idempotencyRecord(ctx, c, r); err != nil {
			return err
		}
		if !expiredClaim(got, now) {
			return nil
		}
		claimed, err = s.takeOverClaim(ctx, c, r, got.CreatedAt, now)
		return err
	})
	if err != nil {
		return idempotency.Record{}, false, fmt.Errorf("claim idempotency key: %w", s.translate(err))
	}
	return got, claimed, nil
}

// expiredClaim tells whether a held key may be claimed anew: its answer is
// past TTL, or its request died without answering.
func expiredClaim(r idempotency.Record, now time.Time) bool {
	if r.CreatedAt.Before(now.Add(-idempotency.TTL)) {
		return true
	}
	return !r.Done() && r.CreatedAt.Before(now.Add(-idempotency.StaleClaim))
}

// takeOverClaim replaces an expired record, only if it is still the one
// read (created_at unchanged), so two retries cannot both take it over.
func (s *Store) takeOverClaim(ctx context.Context, c *conn, r idempotency.Record, was, now time.Time) (bool, error) {
	res, err := c.exec(ctx, `UPDATE api_idempotency
		SET fingerprint = ?, status = 0, content_type = '', body = ?, created_at = ?
		WHERE tenant_id = ? AND caller = ? AND idem_key = ? AND created_at = ?`,
		r.Fingerprint[:], []byte{}, now, r.Tenant, r.Caller, r.Key, was)
	if err != nil {
		return false, err
	}
	return oneRow(res)
}

func (s *Store) idempotencyRecord(ctx context.Context, c *conn, r idempotency.Record) (idempotency.Record, error) {
	got := idempotency.Record{Tenant: r.Tenant, Caller: r.Caller, Key: r.Key}
	var fp []byte
	err := c.row(ctx, `SELECT fingerprint, status, content_type, body, created_at FROM api_idempotency
		WHERE tenant_id = ? AND caller = ? AND idem_key = ?`, r.Tenant, r.Caller, r.Key).
		Scan(&fp, &got.Status, &got.ContentType, &got.Body, &got.CreatedAt)
	if err != nil {
		return idempotency.Record{}, err
	}
	if len(fp) != len(got.Fingerprint) {
		return idempotency.Record{}, errors.New("stored fingerprint has a wrong length")
	}
	copy(got.Fingerprint[:], fp)
	got.CreatedAt = got.CreatedAt.UTC()
	return got, nil
}

// SaveIdempotentAnswer stores the answer of a claim that is still ours.
func (s *Store) SaveIdempotentAnswer(ctx context.Context, r idempotency.Record) error {
	err := s.write(ctx, r.Tenant, func(c *conn) error {
		// No row: the claim was taken over after StaleClaim (ErrNotFound).
		return mustAffect(c.exec(ctx, `UPDATE api_idempotency SET status = ?, content_type = ?, body = ?
			WHERE tenant_id = ? AND caller = ? AND idem_key = ? AND created_at = ? AND status = 0`,
			r.Status, r.ContentType, nonNilBytes(r.Body), r.Tenant, r.Caller, r.Key, r.CreatedAt))
	})
	if err != nil {
		return fmt.Errorf("save idempotent answer: %w", s.translate(err))
	}
	return nil
}

// ReleaseIdempotencyKey deletes a claim that has no answer.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, t oroshi.TenantID, caller, key string) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `DELETE FROM api_idempotency
			WHERE tenant_id = ? AND caller = ? AND idem_key = ? AND status = 0`, t, caller, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", s.translate(err))
	}
	return nil
}

// PurgeIdempotencyKeys deletes old records tenant by tenant, each in its
// own row-level-security scope.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, cutoff time.Time) (int, error) {
	tenants, err := s.Tenants(ctx)
	if err != nil {
		return 0, fmt.Errorf("purge idempotency keys: %w", err)
	}
	total := 0
	for _, t := range tenants {
		err := s.write(ctx, t.ID, func(c *conn) error {
			res, err := c.exec(ctx, `DELETE FROM api_idempotency WHERE tenant_id = ? AND created_at < ?`, t.ID, cutoff)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			total += int(n)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("purge idempotency keys of tenant %s: %w", t.ID, s.translate(err))
		}
	}
	return total, nil
}

// oneRow tells whether a statement changed exactly one row.
func oneRow(res interface{ RowsAffected() (int64, error) }) (bool, error) {
	n, err := res.RowsAffected()
	return n == 1, err
}

func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
