package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// webhookWorker makes one attempt at a webhook delivery;
// webhooks.Service.Deliver holds the rules and logs the attempt.
type webhookWorker struct {
	river.WorkerDefaults[jobargs.DeliverWebhook]
	svc *webhooks.Service
}

// Timeout leaves room around the request's own timeout for the reads
// and the log write.
func (w *webhookWorker) Timeout(*river.Job[jobargs.DeliverWebhook]) time.Duration {
	return webhooks.RequestTimeout + 20*time.Second
}

// NextRetry is the webhook backoff (30 s, 2 min, 8 min … at most 6 h), not
// the client's mail-oriented policy; the service's Backoff, which tests
// shorten, decides it, and Deliver shows the same time in the log.
func (w *webhookWorker) NextRetry(job *river.Job[jobargs.DeliverWebhook]) time.Time {
	return time.Now().Add(w.svc.RetryDelay(job.Attempt))
}

func (w *webhookWorker) Work(ctx context.Context, job *river.Job[jobargs.DeliverWebhook]) error {
	final := job.Attempt >= job.MaxAttempts
	err := w.svc.Deliver(ctx, job.Args.Tenant, job.Args.DeliveryID, job.Attempt, final)
	if errors.Is(err, oroshi.ErrNotFound) {
		// The endpoint, and with it the delivery, was deleted.
		return river.JobCancel(err)
	}
	return err
}

// addWebhookWorker registers the delivery worker when the application has
// a webhooks service (commands and tests without one enqueue no delivery).
func addWebhookWorker(workers *river.Workers, svc *webhooks.Service) {
	if svc != nil {
		river.AddWorker(workers, &webhookWorker{svc: svc})
	}
}
