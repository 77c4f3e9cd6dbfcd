// Package jobs runs background work with River, on SQLite and on
// PostgreSQL through the same *sql.Tx code path. Jobs are enqueued by store
// methods inside their business transaction (see sqlstore.SetJobs); the
// workers here call services, never SQL.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// hardStopTimeout is how long Stop waits for cancelled jobs to return once
// its own context has run out.
const hardStopTimeout = 5 * time.Second

// Deps are what the workers need besides the store.
type Deps struct {
	// Sender sends mail (a *mail.Sender). nil, or one without a server,
	// holds mail in the outbox.
	Sender notify.Sender
	// Webhooks delivers webhook events; nil registers no delivery worker.
	Webhooks *webhooks.Service
	// Dispatchers receive every sales event (see sales.go); none: events
	// are only recorded.
	Dispatchers []Dispatcher
	// Billing runs the scheduled closing (billing.go); nil: no closing job.
	Billing *billing.Service
	// InvoiceDocuments renders the 請求書 a closing queued (documents.go).
	InvoiceDocuments InvoiceDocuments
	// Backup makes the daily backup (backup.go); nil or no recipient: none.
	Backup *BackupJob
	Tuning Tuning
}

// Tuning adjusts the runner; the zero value is right for production and
// tests shorten the waits.
type Tuning struct {
	// FetchPollInterval is how often idle workers look for jobs: 500 ms on
	// SQLite (each look is a write on the single connection), 1 s on
	// PostgreSQL. Jobs inserted by this process are not signalled, so this
	// is also the usual delay before a mail is sent.
	FetchPollInterval time.Duration
	// MaxAttempts per job: 8, which with River's backoff (attempt⁴ seconds)
	// keeps retrying a mail for about an hour and a half.
	MaxAttempts int
	// RetryDelay, when set, replaces River's backoff with a fixed delay.
	RetryDelay time.Duration
	// OutboxGrace is how old a pending mail must be before the sweep gives
	// it a new job: 1 minute.
	OutboxGrace time.Duration
	// SweepInterval is how often the outbox sweep runs: 1 minute.
	SweepInterval time.Duration
	// MaxWorkers runs this many jobs at once: 4 on SQLite, 10 on PostgreSQL.
	MaxWorkers int
	// TestOnly drops River's start-up jitter (see river.Config.TestOnly).
	TestOnly bool
}

func (t Tuning) withDefaults(engine string) Tuning {
	sqlite := engine == "sqlite"
	t.FetchPollInterval = orDuration(t.FetchPollInterval, pick(sqlite, 500*time.Millisecond, time.Second))
	t.OutboxGrace = orDuration(t.OutboxGrace, time.Minute)
	t.SweepInterval = orDuration(t.SweepInterval, time.Minute)
	if t.MaxAttempts <= 0 {
		t.MaxAttempts = 8
	}
	if t.MaxWorkers <= 0 {
		t.MaxWorkers = pick(sqlite, 4, 10)
	}
	return t
}

// Runner owns the River client.
type Runner struct {
	client *river.Client[*sql.Tx]
}

// New builds the River client for store's engine, registers the workers and
// the periodic jobs, and gives the store the client so that its methods can
// enqueue jobs. Nothing runs until Start.
func New(ctx context.Context, store *sqlstore.Store, deps Deps, logger *slog.Logger) (*Runner, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	driver, err := driverFor(store)
	if err != nil {
		return nil, err
	}
	// Fail now, clearly, rather than in a background loop later.
	if _, err := store.JobCounts(ctx); err != nil {
		return nil, fmt.Errorf("jobs: river tables unavailable (run `oroshi migrate`): %w", err)
	}
	t := deps.Tuning.withDefaults(store.Engine())
	client, err := river.NewClient(driver, riverConfig(store, deps, t, logger))
	if err != nil {
		return nil, fmt.Errorf("jobs: new river client: %w", err)
	}
	store.SetJobs(client)
	return &Runner{client: client}, nil
}

func driverFor(store *sqlstore.Store) (riverdriver.Driver[*sql.Tx], error) {
	switch store.Engine() {
	case "sqlite":
		// The writing pool: River writes, and SQLite has one writer. River
		// never holds its connection while our code runs, and store methods
		// enqueue inside their own transaction, so the single connection
		// does not deadlock.
		return riversqlite.New(store.DB()), nil
	case "postgres":
		return riverdatabasesql.New(store.DB()), nil
	default:
		return nil, fmt.Errorf("jobs: unknown engine %q", store.Engine())
	}
}

func riverConfig(store *sqlstore.Store, deps Deps, t Tuning, logger *slog.Logger) *river.Config {
	workers := river.NewWorkers()
	river.AddWorker(workers, &sendMailWorker{svc: notify.Service{Store: store, Sender: deps.Sender}})
	river.AddWorker(workers, &sweepOutboxWorker{store: store, grace: t.OutboxGrace, logger: logger})
	addImportWorker(workers, store)
	addSalesWorker(workers, deps.Dispatchers)
	addWebhookWorker(workers, deps.Webhooks)
	river.AddWorker(workers, &purgeIdempotencyWorker{
		svc: &idempotency.Service{Store: store, Now: store.Now}, logger: logger})
	addDocumentWorker(workers, deps.InvoiceDocuments)
	billingJobs := addBillingWorker(workers, deps.Billing, store, logger)
	billingJobs = append(billingJobs, addBackupWorker(workers, deps.Backup, logger)...)
	cfg := &river.Config{
		Logger:            logger.With(slog.String("component", "river")),
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: t.MaxWorkers}},
		FetchPollInterval: t.FetchPollInterval,
		FetchCooldown:     min(t.FetchPollInterval, 100*time.Millisecond),
		MaxAttempts:       t.MaxAttempts,
		// Poll only: on SQLite River's emulated LISTEN polls the single
		// writer connection every 50 ms; riverdatabasesql has no listener.
		PollOnly: true,
		PeriodicJobs: append([]*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(t.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return jobargs.SweepOutbox{}, nil },
				&river.PeriodicJobOpts{ID: jobargs.SweepOutbox{}.Kind(), RunOnStart: true}),
			purgeIdempotencyJob(),
			addTenantDeletionWorker(workers, store, logger),
			addAccessLogPurgeWorker(workers, store, logger),
		}, billingJobs...),
		TestOnly: t.TestOnly,
	}
	if t.RetryDelay > 0 {
		cfg.RetryPolicy = fixedRetry(t.RetryDelay)
	}
	return cfg
}

// Start begins working jobs. Cancelling ctx starts a graceful stop, as
// Stop does.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running ones to finish. When ctx
// ends first, running jobs are cancelled (they are retried later) and Stop
// waits a little more for them to return.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return wrapStop(err)
	}
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hardStopTimeout)
	defer cancel()
	if herr := r.client.StopAndCancel(hctx); herr != nil {
		return wrapStop(errors.Join(err, herr))
	}
	return fmt.Errorf("jobs: stop: running jobs cancelled: %w", err)
}

func wrapStop(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("jobs: stop: %w", err)
}

// Client is the River client, for inserting jobs outside a store method.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// fixedRetry retries after a constant delay (tests).
type fixedRetry time.Duration

func (d fixedRetry) NextRetry(*rivertype.JobRow) time.Time { return time.Now().Add(time.Duration(d)) }

func orDuration(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}
