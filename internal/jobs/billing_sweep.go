package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// sweepRunsInterval is how often abandoned closing runs are looked for;
// they are stale after 15 or 30 minutes (billing.StaleQueued), so a run
// is ended at most 5 minutes after that.
const sweepRunsInterval = 5 * time.Minute

// maxLiveRunJobs bounds the live closing jobs read per sweep; there are
// rarely more than a handful.
const maxLiveRunJobs = 10000

// liveRuns are the closing runs whose River job is still live, by tenant.
type liveRuns map[oroshi.TenantID]map[oroshi.ID]bool

// sweepBillingRunsWorker ends, tenant by tenant, the closing runs left
// queued or running by a lost job, so that a new run of the same date is
// no longer refused.
type sweepBillingRunsWorker struct {
	river.WorkerDefaults[jobargs.SweepBillingRuns]
	svc     *billing.Service
	tenants tenantLister
	logger  *slog.Logger
	// alive lists the runs whose job is live; nil asks River.
	alive func(ctx context.Context) (liveRuns, error)
}

func (w *sweepBillingRunsWorker) Work(ctx context.Context, _ *river.Job[jobargs.SweepBillingRuns]) error {
	alive := w.alive
	if alive == nil {
		alive = riverLiveRuns
	}
	live, err := alive(ctx)
	if err != nil {
		return fmt.Errorf("sweep closing runs: live jobs: %w", err)
	}
	ts, err := w.tenants.Tenants(ctx)
	if err != nil {
		return fmt.Errorf("sweep closing runs: tenants: %w", err)
	}
	var errs []error
	for _, t := range ts {
		ended, err := w.svc.SweepRuns(ctx, t.ID, live[t.ID])
		if err != nil {
			errs = append(errs, fmt.Errorf("tenant %s: %w", t.ID, err))
		}
		for _, r := range ended {
			w.logger.LogAttrs(ctx, slog.LevelWarn, "closing run abandoned", slog.String("tenant", t.ID.String()),
				slog.String("run", r.ID.String()), slog.String("date", r.Date.String()))
		}
	}
	return errors.Join(errs...)
}

// riverLiveRuns reads the live close_billing_run jobs from River.
func riverLiveRuns(ctx context.Context) (liveRuns, error) {
	client, err := river.ClientFromContextSafely[*sql.Tx](ctx)
	if err != nil {
		return nil, err
	}
	params := river.NewJobListParams().Kinds(jobargs.CloseBillingRun{}.Kind()).First(maxLiveRunJobs).
		States(rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
			rivertype.JobStateRunning, rivertype.JobStateScheduled)
	res, err := client.JobList(ctx, params)
	if err != nil {
		return nil, err
	}
	out := liveRuns{}
	for _, j := range res.Jobs {
		var a jobargs.CloseBillingRun
		if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
			return nil, fmt.Errorf("job %d args: %w", j.ID, err)
		}
		if out[a.Tenant] == nil {
			out[a.Tenant] = map[oroshi.ID]bool{}
		}
		out[a.Tenant][a.RunID] = true
	}
	return out, nil
}

func sweepBillingRunsJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(sweepRunsInterval),
		func() (river.JobArgs, *river.InsertOpts) { return jobargs.SweepBillingRuns{}, nil },
		&river.PeriodicJobOpts{ID: jobargs.SweepBillingRuns{}.Kind(), RunOnStart: true})
}
