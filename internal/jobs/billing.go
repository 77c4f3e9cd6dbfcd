package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// billingInterval is how often the scheduled closing looks for work. It
// runs hourly rather than once a day so that a restart or a failed run is
// caught up within the hour; closing is idempotent, so the other runs of
// the day bill nothing.
const billingInterval = time.Hour

// billingTimeout bounds one run: 10,000 buyers close in under a minute.
const billingTimeout = 30 * time.Minute

// tenantLister lists the tenants to close.
type tenantLister interface {
	Tenants(ctx context.Context) ([]tenancy.Tenant, error)
}

// closeBillingWorker closes yesterday (JST) for every active tenant: the
// closing day ends at midnight, so its own deliveries are on the invoice.
type closeBillingWorker struct {
	river.WorkerDefaults[jobargs.CloseBilling]
	svc     *billing.Service
	tenants tenantLister
	logger  *slog.Logger
}

func (w *closeBillingWorker) Timeout(*river.Job[jobargs.CloseBilling]) time.Duration {
	return billingTimeout
}

func (w *closeBillingWorker) Work(ctx context.Context, _ *river.Job[jobargs.CloseBilling]) error {
	ts, err := w.tenants.Tenants(ctx)
	if err != nil {
		return fmt.Errorf("close billing: tenants: %w", err)
	}
	date := w.svc.Today().AddDays(-1)
	var errs []error
	for _, t := range ts {
		if !t.Active() {
			continue
		}
		r, err := w.svc.CloseDue(ctx, t.ID, date)
		if err != nil {
			errs = append(errs, fmt.Errorf("close billing of tenant %s on %s: %w", t.ID, date, err))
			continue
		}
		if r.Issued > 0 || len(r.Failed) > 0 {
			w.logger.LogAttrs(ctx, slog.LevelInfo, "billing closed", slog.String("tenant", t.ID.String()),
				slog.String("date", date.String()), slog.Int("invoices", r.Issued), slog.Int("failed", len(r.Failed)))
		}
	}
	return errors.Join(errs...)
}

// closeBillingRunWorker does one closing asked for on the admin's page;
// billing.Service holds the rules.
type closeBillingRunWorker struct {
	river.WorkerDefaults[jobargs.CloseBillingRun]
	svc *billing.Service
}

func (w *closeBillingRunWorker) Timeout(*river.Job[jobargs.CloseBillingRun]) time.Duration {
	return billingTimeout
}

func (w *closeBillingRunWorker) Work(ctx context.Context, job *river.Job[jobargs.CloseBillingRun]) error {
	err := w.svc.RunQueued(ctx, job.Args.Tenant, job.Args.RunID)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last attempt: end the run as failed, so its page stops
		// waiting for a job that will not come.
		if ferr := w.svc.FailQueued(context.WithoutCancel(ctx), job.Args.Tenant, job.Args.RunID); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

// addBillingWorker registers the scheduled closing when billing is wired
// and returns its periodic job (none otherwise).
func addBillingWorker(workers *river.Workers, svc *billing.Service, tenants tenantLister, logger *slog.Logger) []*river.PeriodicJob {
	if svc == nil {
		return nil
	}
	river.AddWorker(workers, &closeBillingWorker{svc: svc, tenants: tenants, logger: logger})
	river.AddWorker(workers, &closeBillingRunWorker{svc: svc})
	river.AddWorker(workers, &sweepBillingRunsWorker{svc: svc, tenants: tenants, logger: logger}) // billing_sweep.go
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(billingInterval),
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.CloseBilling{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.CloseBilling{}.Kind(), RunOnStart: true}), sweepBillingRunsJob()}
}
