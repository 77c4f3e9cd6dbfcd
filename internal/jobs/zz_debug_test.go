package jobs_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestZZDebug(t *testing.T) {
	s := sqlstoretest.Open(t, "postgres")
	ctx := context.Background()
	r, err := jobs.New(ctx, s, jobs.Deps{}, nil)
	if err != nil { t.Fatal(err) }
	for i := 0; i < 3; i++ {
	m, err := s.QueueMail(ctx, notify.Mail{To: "a@example.jp", Subject: "x", Text: "y"})
	if err != nil { t.Fatal(err) }
	t.Logf("id %d", m.ID)
	}
	rows, _ := s.DB().QueryContext(ctx, `SELECT args::text FROM river_job`)
	for rows.Next() { var a string; rows.Scan(&a); t.Logf("db args %s", a) }
	res, err := r.Client().JobList(ctx, nil)
	if err != nil { t.Fatal(err) }
	for _, j := range res.Jobs { t.Logf("joblist args %s", j.EncodedArgs) }
	_ = sql.ErrNoRows
}
