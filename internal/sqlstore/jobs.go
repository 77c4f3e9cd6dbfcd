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
