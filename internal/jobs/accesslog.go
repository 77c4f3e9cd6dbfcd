package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// accessLogPurgeInterval: rows pass the five-year mark continuously; a daily
// purge keeps each run small (one day of old rows, in batches of 5,000).
const accessLogPurgeInterval = 24 * time.Hour

type purgeAccessLogWorker struct {
	river.WorkerDefaults[jobargs.PurgeAccessLog]
	store  *sqlstore.Store
	logger *slog.Logger
}

func (w *purgeAccessLogWorker) Work(ctx context.Context, _ *river.Job[jobargs.PurgeAccessLog]) error {
	n, err := accesslog.Purge(ctx, w.store, w.store.Now())
	if n > 0 {
		w.logger.LogAttrs(ctx, slog.LevelInfo, "purged access log", slog.Int64("rows", n))
	}
	return err
}

// addAccessLogPurgeWorker registers the worker and returns its periodic job.
func addAccessLogPurgeWorker(workers *river.Workers, store *sqlstore.Store, logger *slog.Logger) *river.PeriodicJob {
	river.AddWorker(workers, &purgeAccessLogWorker{store: store, logger: logger})
	return river.NewPeriodicJob(river.PeriodicInterval(accessLogPurgeInterval),
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.PurgeAccessLog{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.PurgeAccessLog{}.Kind(), RunOnStart: true})
}
