package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/notify"
)

// sweepBatch bounds one sweep; a larger backlog drains over several.
const sweepBatch = 500

// sendMailWorker sends one outbox mail; notify.Service.Deliver holds the
// rules (idempotence, held, failed).
type sendMailWorker struct {
	river.WorkerDefaults[jobargs.SendMail]
	svc notify.Service
}

// Timeout leaves room for an SMTP exchange whose every step may take
// mail.Timeout.
func (w *sendMailWorker) Timeout(*river.Job[jobargs.SendMail]) time.Duration {
	return 4 * mail.Timeout
}

func (w *sendMailWorker) Work(ctx context.Context, job *river.Job[jobargs.SendMail]) error {
	final := job.Attempt >= job.MaxAttempts
	err := w.svc.Deliver(ctx, job.Args.OutboxID, final)
	if errors.Is(err, oroshi.ErrNotFound) || errors.Is(err, notify.ErrRejected) {
		// Retrying cannot help: the mail is gone, or the server refused it
		// for good (Deliver has marked it failed).
		return river.JobCancel(err)
	}
	return err
}

// outboxSweeper is what the sweep needs from the store.
type outboxSweeper interface {
	RequeuePendingMail(ctx context.Context, olderThan time.Time, limit int) (int, error)
	Now() time.Time
}

// sweepOutboxWorker gives pending mail without a live job a new one.
type sweepOutboxWorker struct {
	river.WorkerDefaults[jobargs.SweepOutbox]
	store  outboxSweeper
	grace  time.Duration
	logger *slog.Logger
}

func (w *sweepOutboxWorker) Work(ctx context.Context, _ *river.Job[jobargs.SweepOutbox]) error {
	n, err := w.store.RequeuePendingMail(ctx, w.store.Now().Add(-w.grace), sweepBatch)
	if err != nil {
		return err
	}
	if n > 0 {
		w.logger.InfoContext(ctx, "mail outbox: requeued pending mail", slog.Int("count", n))
	}
	return nil
}
