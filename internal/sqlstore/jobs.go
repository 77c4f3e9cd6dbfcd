package sqlstore

import (
	"context"
	"database/sql"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// JobInserter enqueues a job inside a business transaction, so that the job
// exists if and only if the change it follows was committed.
// *river.Client[*sql.Tx] satisfies it.
type JobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	InsertManyFastTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) (int, error)
}

// SetJobs gives the store the job queue client (after River is started).
func (s *Store) SetJobs(j JobInserter) { s.jobs = j }

// enqueue inserts a job in c's transaction; without a job client (CLI use)
// the row it concerns stays pending and a later serve picks it up.
func (s *Store) enqueue(ctx context.Context, c *conn, args river.JobArgs) error {
	if s.jobs == nil || c.tx == nil {
		return nil
	}
	_, err := s.jobs.InsertTx(ctx, c.tx, args, nil)
	return err
}

// enqueueMany inserts jobs in c's transaction in one statement: a closing
// of 10,000 buyers queues 100,000 sales events, one round trip per buyer
// instead of one per order.
func (s *Store) enqueueMany(ctx context.Context, c *conn, args []river.JobArgs) error {
	if s.jobs == nil || c.tx == nil || len(args) == 0 {
		return nil
	}
	_, err := s.jobs.InsertManyTx(ctx, c.tx, manyParams(args))
	return err
}

// enqueueNew inserts, in c's transaction and one statement, jobs for rows
// this transaction creates (its new sales events): no live job can have
// their arguments, so a unique conflict is impossible, and River's fast
// insert skips the conflict handling and reading every inserted row back
// (on SQLite the costliest statement of placing an order).
func (s *Store) enqueueNew(ctx context.Context, c *conn, args []river.JobArgs) error {
	if s.jobs == nil || c.tx == nil || len(args) == 0 {
		return nil
	}
	_, err := s.jobs.InsertManyFastTx(ctx, c.tx, manyParams(args))
	return err
}

func manyParams(args []river.JobArgs) []river.InsertManyParams {
	params := make([]river.InsertManyParams, len(args))
	for i, a := range args {
		params[i] = river.InsertManyParams{Args: a}
	}
	return params
}

// WriteWorkers is how many units of work of one batch (a closing's
// buyers) are worth running at once: PostgreSQL overlaps their reads and
// round trips; SQLite has one writer, and a second worker would only wait.
func (s *Store) WriteWorkers() int {
	if s.Engine() == "postgres" {
		return 4
	}
	return 1
}
