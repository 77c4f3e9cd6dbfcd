package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
)

// tenantDeletionInterval: the check is cheap (one read of the tenants) and
// idempotent, so it runs every hour rather than once a day: a deletion day
// is never missed by more than an hour, whenever the server was restarted.
const tenantDeletionInterval = time.Hour

// deleteTenantsWorker deletes ended tenants on their deletion day.
type deleteTenantsWorker struct {
	river.WorkerDefaults[jobargs.DeleteEndedTenants]
	svc    *tenancy.Contracts
	logger *slog.Logger
}

func (w *deleteTenantsWorker) Work(ctx context.Context, _ *river.Job[jobargs.DeleteEndedTenants]) error {
	done, err := w.svc.DeleteDue(ctx)
	for _, d := range done {
		w.logger.LogAttrs(ctx, slog.LevelInfo, "tenant data deleted", slog.String("tenant", d.Tenant.Slug),
			slog.String("contract_end", d.Tenant.Contract.End), slog.String("rows", tenancy.FormatRows(d.Rows)),
			slog.Int("notified", len(d.Mailed)))
	}
	return err
}

// addTenantDeletionWorker registers the worker and returns its periodic job.
func addTenantDeletionWorker(workers *river.Workers, store *sqlstore.Store, logger *slog.Logger) *river.PeriodicJob {
	river.AddWorker(workers, &deleteTenantsWorker{svc: &tenancy.Contracts{Store: store, Now: store.Now}, logger: logger})
	return river.NewPeriodicJob(river.PeriodicInterval(tenantDeletionInterval),
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.DeleteEndedTenants{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.DeleteEndedTenants{}.Kind(), RunOnStart: true})
}
