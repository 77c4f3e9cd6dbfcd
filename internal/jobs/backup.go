package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// backupTimeout bounds one backup: a 1 GB SQLite database takes well under
// a minute here (see the RTO figures in internal/backup).
const backupTimeout = 2 * time.Hour

// BackupJob is the daily backup: the service, and the JST clock time.
type BackupJob struct {
	Service      *backup.Service
	Hour, Minute int
}

type createBackupWorker struct {
	river.WorkerDefaults[jobargs.CreateBackup]
	svc    *backup.Service
	logger *slog.Logger
}

func (w *createBackupWorker) Timeout(*river.Job[jobargs.CreateBackup]) time.Duration {
	return backupTimeout
}

func (w *createBackupWorker) Work(ctx context.Context, _ *river.Job[jobargs.CreateBackup]) error {
	m, err := w.svc.Create(ctx)
	if err != nil {
		return err
	}
	w.logger.LogAttrs(ctx, slog.LevelInfo, "backup created", slog.String("file", m.File),
		slog.Int64("bytes", m.Encrypted.Bytes), slog.Int64("rows", m.Rows()))
	return nil
}

// addBackupWorker registers the backup worker when backups are configured
// (a recipient is set) and returns the daily periodic job. River runs
// periodic jobs on the elected leader only, so one instance backs up.
func addBackupWorker(workers *river.Workers, b *BackupJob, logger *slog.Logger) []*river.PeriodicJob {
	if b == nil || b.Service == nil || len(b.Service.Recipients) == 0 {
		return nil
	}
	river.AddWorker(workers, &createBackupWorker{svc: b.Service, logger: logger})
	return []*river.PeriodicJob{river.NewPeriodicJob(dailyJST{b.Hour, b.Minute},
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.CreateBackup{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.CreateBackup{}.Kind()})}
}

var jst = time.FixedZone("JST", 9*60*60)

// dailyJST fires once a day at hour:minute Japan time.
type dailyJST struct{ hour, minute int }

func (d dailyJST) Next(now time.Time) time.Time {
	t := now.In(jst)
	next := time.Date(t.Year(), t.Month(), t.Day(), d.hour, d.minute, 0, 0, jst)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next.UTC()
}
