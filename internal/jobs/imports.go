package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
)

// importTimeout bounds one attempt at an import: a 20 MiB file (about
// 100,000 rows) is checked and written in well under a minute; River's
// default of one minute would leave no margin on a busy machine.
const importTimeout = 15 * time.Minute

// importWorker runs one CSV import; dataio.Service holds the rules.
type importWorker struct {
	river.WorkerDefaults[jobargs.ImportCSV]
	svc *dataio.Service
}

func (w *importWorker) Timeout(*river.Job[jobargs.ImportCSV]) time.Duration { return importTimeout }

func (w *importWorker) Work(ctx context.Context, job *river.Job[jobargs.ImportCSV]) error {
	err := w.svc.Run(ctx, job.Args.Tenant, job.Args.ImportID)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last attempt: end the import as failed (nothing was written),
		// so its page stops waiting for a job that will not come.
		if ferr := w.svc.Fail(context.WithoutCancel(ctx), job.Args.Tenant, job.Args.ImportID); ferr != nil {
			return ferr
		}
	}
	return err
}

// addImportWorker registers the CSV import worker on the store.
func addImportWorker(workers *river.Workers, store *sqlstore.Store) {
	river.AddWorker(workers, &importWorker{svc: &dataio.Service{Store: store}})
}
