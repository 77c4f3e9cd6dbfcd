package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// Dispatcher passes one sales event (an order placed, approved, shipped …)
// on: as mail, to webhook endpoints, as an in-site notice. It reads the
// event itself (sales.Service.SalesEvent) and must be idempotent per event
// and dispatcher, since a failed job runs again for every dispatcher.
type Dispatcher interface {
	Dispatch(ctx context.Context, t oroshi.TenantID, eventID oroshi.ID) error
}

// salesEventWorker hands a sales event to every dispatcher; with none it
// simply succeeds.
type salesEventWorker struct {
	river.WorkerDefaults[jobargs.SalesEvent]
	dispatchers []Dispatcher
}

func (w *salesEventWorker) Work(ctx context.Context, job *river.Job[jobargs.SalesEvent]) error {
	var errs []error
	for _, d := range w.dispatchers {
		if err := d.Dispatch(ctx, job.Args.Tenant, job.Args.EventID); err != nil {
			errs = append(errs, fmt.Errorf("dispatch sales event %s: %w", job.Args.EventID, err))
		}
	}
	err := errors.Join(errs...)
	if err != nil && errors.Is(err, oroshi.ErrNotFound) && len(errs) == len(w.dispatchers) {
		// Every dispatcher says the event is gone: retrying cannot help.
		return river.JobCancel(err)
	}
	return err
}

// addSalesWorker registers the sales event worker.
func addSalesWorker(workers *river.Workers, dispatchers []Dispatcher) {
	river.AddWorker(workers, &salesEventWorker{dispatchers: dispatchers})
}
