package jobs_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkInsertSalesEventJob is the job a new sales event queues inside
// its transaction (every order placed, approved …), inserted as River's
// unique insert does it (InsertManyTx: conflict handling, every row read
// back) and as its fast insert does (InsertManyFastTx, what
// sqlstore.enqueueNew uses for events the transaction creates). Each
// iteration is one transaction with one job, as placing an order makes.
func BenchmarkInsertSalesEventJob(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s, err := sqlstore.Open(context.Background(), sqlstoretest.Options(b, engine))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			r, err := jobs.New(context.Background(), s, jobs.Deps{}, nil) // not started: jobs stay available
			if err != nil {
				b.Fatal(err)
			}
			c := r.Client()
			inserts := map[string]func(context.Context, *sql.Tx, []river.InsertManyParams) error{
				"unique": func(ctx context.Context, tx *sql.Tx, p []river.InsertManyParams) error {
					_, err := c.InsertManyTx(ctx, tx, p)
					return err
				},
				"fast": func(ctx context.Context, tx *sql.Tx, p []river.InsertManyParams) error {
					_, err := c.InsertManyFastTx(ctx, tx, p)
					return err
				},
			}
			for _, name := range []string{"unique", "fast"} {
				b.Run(name, func(b *testing.B) {
					ctx := context.Background()
					for b.Loop() {
						tx, err := s.DB().BeginTx(ctx, nil)
						if err != nil {
							b.Fatal(err)
						}
						p := []river.InsertManyParams{{Args: jobargs.SalesEvent{Tenant: 1, EventID: oroshi.ID(s.NewID())}}}
						if err := inserts[name](ctx, tx, p); err != nil {
							b.Fatal(err)
						}
						if err := tx.Commit(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
