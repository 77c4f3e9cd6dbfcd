package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

var _ backup.Runs = (*Store)(nil)

// StartBackupRun records a running backup (operators' scope).
func (s *Store) StartBackupRun(ctx context.Context) (backup.Run, error) {
	r := backup.Run{ID: int64(s.NewID()), StartedAt: s.now(), Status: backup.StatusRunning}
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `INSERT INTO backup_runs (tenant_id, id, started_at, status) VALUES (?, ?, ?, ?)`,
			oroshi.PlatformTenant, r.ID, r.StartedAt, r.Status)
		return s.translate(err)
	})
	if err != nil {
		return backup.Run{}, fmt.Errorf("start backup run: %w", err)
	}
	return r, nil
}

// FinishBackupRun records a run's outcome.
func (s *Store) FinishBackupRun(ctx context.Context, r backup.Run) error {
	err := s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		_, err := c.exec(ctx, `UPDATE backup_runs SET finished_at = ?, status = ?, file = ?, bytes = ?, sha256 = ?, error = ?
			WHERE tenant_id = ? AND id = ?`, s.now(), r.Status, r.File, r.Bytes, r.SHA256, r.Error, oroshi.PlatformTenant, r.ID)
		return s.translate(err)
	})
	if err != nil {
		return fmt.Errorf("finish backup run %d: %w", r.ID, err)
	}
	return nil
}

// BackupRuns lists the latest runs, newest first.
func (s *Store) BackupRuns(ctx context.Context, limit int) ([]backup.Run, error) {
	var out []backup.Run
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		rows, err := c.query(ctx, `SELECT id, started_at, finished_at, status, file, bytes, sha256, error FROM backup_runs
			WHERE tenant_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`, oroshi.PlatformTenant, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r backup.Run
			var fin sql.NullTime
			if err := rows.Scan(&r.ID, &r.StartedAt, &fin, &r.Status, &r.File, &r.Bytes, &r.SHA256, &r.Error); err != nil {
				return err
			}
			r.StartedAt, r.FinishedAt = r.StartedAt.UTC(), fin.Time.UTC()
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("backup runs: %w", err)
	}
	return out, nil
}

// LastGoodBackup is when the newest successful backup finished; the zero
// time when there is none (for the watchdog's "age of the last backup").
func (s *Store) LastGoodBackup(ctx context.Context) (time.Time, error) {
	var t sql.NullTime
	err := s.read(ctx, oroshi.PlatformTenant, func(c *conn) error {
		return c.row(ctx, `SELECT finished_at FROM backup_runs WHERE tenant_id = ? AND status = ?
			ORDER BY finished_at DESC LIMIT 1`, oroshi.PlatformTenant, backup.StatusOK).Scan(&t)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("last good backup: %w", err)
	}
	return t.Time.UTC(), nil
}

// EnqueueBackup asks the job runner for a backup now (the ops page's
// button). Without a job client it does nothing and says so.
func (s *Store) EnqueueBackup(ctx context.Context) error {
	if s.jobs == nil {
		return errors.New("enqueue backup: no job runner")
	}
	return s.write(ctx, oroshi.PlatformTenant, func(c *conn) error {
		return s.enqueue(ctx, c, jobargs.CreateBackup{})
	})
}
