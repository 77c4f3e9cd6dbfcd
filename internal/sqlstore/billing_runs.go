package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

var _ billing.RunStore = (*Store)(nil)

const billingRunCols = `tenant_id, id, closing_date, buyer_id, buyer_code, status, done, total, result, message,
	created_realm, created_by, created_at, finished_at, updated_at`

func scanBillingRun(sc interface{ Scan(...any) error }) (billing.QueuedRun, error) {
	var r billing.QueuedRun
	var date, result string
	var finished, updated sql.NullTime
	err := sc.Scan(&r.Tenant, &r.ID, &date, &r.BuyerID, &r.BuyerCode, &r.Status, &r.Done, &r.Total, &result,
		&r.Message, &r.Actor.Realm, &r.Actor.ID, &r.CreatedAt, &finished, &updated)
	if err != nil {
		return billing.QueuedRun{}, err
	}
	if r.Date, err = parseCivil(date); err != nil {
		return billing.QueuedRun{}, fmt.Errorf("closing run %s date: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(result), &r.Result); err != nil {
		return billing.QueuedRun{}, fmt.Errorf("closing run %s result: %w", r.ID, err)
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if finished.Valid {
		r.FinishedAt = finished.Time.UTC()
	}
	r.UpdatedAt = r.CreatedAt
	if updated.Valid {
		r.UpdatedAt = updated.Time.UTC()
	}
	return r, nil
}

// CreateBillingRun stores a queued closing run and enqueues its job in the
// same transaction: the job exists if and only if the row does. The
// partial unique index on live runs turns a second run of the same date
// into oroshi.ErrConflict.
func (s *Store) CreateBillingRun(ctx context.Context, r billing.QueuedRun) (billing.QueuedRun, error) {
	r.ID, r.CreatedAt, r.Status = s.NewID(), s.now(), billing.RunQueued
	r.UpdatedAt = r.CreatedAt
	err := s.write(ctx, r.Tenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO billing_runs (tenant_id, id, closing_date, buyer_id, buyer_code, status,
			created_realm, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Tenant, r.ID, r.Date.String(), r.BuyerID, r.BuyerCode, r.Status, r.Actor.Realm, r.Actor.ID, r.CreatedAt,
			r.UpdatedAt)
		if err != nil {
			return s.translate(err)
		}
		return s.enqueue(ctx, c, jobargs.CloseBillingRun{Tenant: r.Tenant, RunID: r.ID})
	})
	if err != nil {
		return billing.QueuedRun{}, fmt.Errorf("create closing run %s: %w", r.Date, err)
	}
	return r, nil
}

// BillingRun returns one queued closing run of tenant t.
func (s *Store) BillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (billing.QueuedRun, error) {
	var r billing.QueuedRun
	err := s.read(ctx, t, func(c *conn) error {
		var err error
		r, err = scanBillingRun(c.row(ctx, `SELECT `+billingRunCols+` FROM billing_runs WHERE tenant_id = ? AND id = ?`, t, id))
		return err
	})
	if err != nil {
		return billing.QueuedRun{}, fmt.Errorf("closing run %s: %w", id, s.translate(err))
	}
	return r, nil
}

// StartBillingRun marks a live run running; false when it is finished.
func (s *Store) StartBillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (bool, error) {
	var n int64
	err := s.write(ctx, t, func(c *conn) error {
		res, err := c.exec(ctx, `UPDATE billing_runs SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?
			AND status IN (?, ?)`, billing.RunRunning, s.now(), t, id, billing.RunQueued, billing.RunRunning)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("start closing run %s: %w", id, s.translate(err))
	}
	return n > 0, nil
}

// BillingRunProgress records how many buyers (or orders) a running run
// has done.
func (s *Store) BillingRunProgress(ctx context.Context, t oroshi.TenantID, id oroshi.ID, done, total int) error {
	err := s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE billing_runs SET done = ?, total = ?, updated_at = ? WHERE tenant_id = ? AND id = ?
			AND status = ?`, done, total, s.now(), t, id, billing.RunRunning)
		return err
	})
	if err != nil {
		return fmt.Errorf("closing run %s progress: %w", id, s.translate(err))
	}
	return nil
}

// FinishBillingRun records the outcome of a live run; a finished run (by
// another attempt of its job) stays as it is.
func (s *Store) FinishBillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string,
	res billing.Result, msg string) error {
	result, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("encode closing run %s result: %w", id, err)
	}
	now := s.now()
	err = s.write(ctx, t, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE billing_runs SET status = ?, done = total, result = ?, message = ?, finished_at = ?,
			updated_at = ? WHERE tenant_id = ? AND id = ? AND status IN (?, ?)`,
			status, string(result), msg, now, now, t, id, billing.RunQueued, billing.RunRunning)
		return err
	})
	if err != nil {
		return fmt.Errorf("finish closing run %s: %w", id, s.translate(err))
	}
	return nil
}
