package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// purgeInterval is how often expired short-lived records are deleted.
const purgeInterval = time.Hour

// purgeIdempotencyWorker deletes API answers kept past idempotency.TTL.
type purgeIdempotencyWorker struct {
	river.WorkerDefaults[jobargs.PurgeIdempotency]
	svc    *idempotency.Service
	logger *slog.Logger
}

func (w *purgeIdempotencyWorker) Work(ctx context.Context, _ *river.Job[jobargs.PurgeIdempotency]) error {
	n, err := w.svc.Purge(ctx)
	if n > 0 {
		w.logger.LogAttrs(ctx, slog.LevelInfo, "purged idempotency keys", slog.Int("count", n))
	}
	return err
}

func purgeIdempotencyJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(purgeInterval),
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.PurgeIdempotency{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.PurgeIdempotency{}.Kind()})
}
