package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// jobRecorder stands for River: it records the jobs enqueued inside
// business transactions, so the test can run their work itself.
type jobRecorder struct {
	mu   sync.Mutex
	args []river.JobArgs
}

func (j *jobRecorder) InsertTx(_ context.Context, _ *sql.Tx, args river.JobArgs, _ *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.args = append(j.args, args)
	return &rivertype.JobInsertResult{}, nil
}

func (j *jobRecorder) InsertManyTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	out := make([]*rivertype.JobInsertResult, len(params))
	for i, p := range params {
		out[i], _ = j.InsertTx(ctx, tx, p.Args, p.InsertOpts)
	}
	return out, nil
}

func (j *jobRecorder) InsertManyFastTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) (int, error) {
	out, err := j.InsertManyTx(ctx, tx, params)
	return len(out), err
}

func (j *jobRecorder) runs() []jobargs.CloseBillingRun {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []jobargs.CloseBillingRun
	for _, a := range j.args {
		if r, ok := a.(jobargs.CloseBillingRun); ok {
			out = append(out, r)
		}
	}
	return out
}

// TestClosingRunQueued: the closing page queues a run (a billing_runs row
// and its job), the run's page waits, the job's work closes, the page
// shows the summary; a second run of the date is refused, and a run of
// the same date while one is queued too.
func TestClosingRunQueued(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newBillingEnv(t, s)
		rec := &jobRecorder{}
		s.SetJobs(rec)
		t.Cleanup(func() { s.SetJobs(nil) })
		w := e.billingWorld(t, 790)
		b, _ := e.signedIn(t, w.fixture, identity.RoleStaff)
		closing := w.admin() + "/invoices/closing"

		p := b.submit(closing, closing, url.Values{"date": {w.closing.String()}})
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, closing+"/runs/") {
			t.Fatalf("submit: %d → %q\n%s", p.status, p.location, p.body)
		}
		where := "tenant_id = " + w.tenant.ID.String()
		if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM billing_runs WHERE status = 'queued' AND "+where); n != 1 {
			t.Fatalf("queued runs: %d, want 1", n)
		}
		jobs := rec.runs()
		if len(jobs) != 1 || jobs[0].Tenant != w.tenant.ID || closing+"/runs/"+jobs[0].RunID.String() != p.location {
			t.Fatalf("jobs enqueued %+v for %s", jobs, p.location)
		}
		mustContain(t, "waiting", b.get(p.location), ok, `http-equiv="refresh"`, "待機中")

		again := b.submit(closing, closing, url.Values{"date": {w.closing.String()}})
		mustContain(t, "while queued", again, http.StatusUnprocessableEntity, "締めの締め処理は実行中です")
		if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM invoices WHERE "+where); n != 0 {
			t.Fatalf("invoices before the job: %d, want 0", n)
		}

		runJob(t, w.bill.RunQueued, jobs[0])
		page := b.get(p.location)
		mustContain(t, "done", page, ok, "締め処理の結果", "完了",
			`<tr class="grand"><th>発行した請求書</th><td class="num">2件</td>`)
		if strings.Contains(page.body, `http-equiv="refresh"`) {
			t.Error("a finished run's page still refreshes")
		}
		if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM billing_runs WHERE status = 'succeeded' AND done = total AND total = 2 AND "+where); n != 1 {
			t.Errorf("succeeded runs with progress 2/2: %d, want 1", n)
		}
		runJob(t, w.bill.RunQueued, jobs[0]) // a retried job does nothing twice

		second := b.submit(closing, closing, url.Values{"date": {w.closing.String()}})
		mustContain(t, "second run", second, http.StatusUnprocessableEntity, "締め処理済みです")
		if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM invoices WHERE "+where); n != 2 {
			t.Errorf("invoices after two runs: %d, want 2", n)
		}
		if n := e.count(t, w.tenant.ID, "SELECT count(*) FROM billing_runs WHERE "+where); n != 1 || len(rec.runs()) != 1 {
			t.Errorf("runs after refusals: %d rows, %d jobs, want 1 and 1", n, len(rec.runs()))
		}
		if p := b.get(closing + "/runs/123"); p.status != http.StatusNotFound {
			t.Errorf("unknown run: %d, want 404", p.status)
		}
	})
}

// runJob does what the close_billing_run worker does with its args.
func runJob(t *testing.T, work func(context.Context, oroshi.TenantID, oroshi.ID) error, a jobargs.CloseBillingRun) {
	t.Helper()
	if err := work(context.Background(), a.Tenant, a.RunID); err != nil {
		t.Fatalf("run closing job: %v", err)
	}
}
