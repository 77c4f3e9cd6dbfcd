// Package jobargs holds the arguments of River jobs. It is apart from
// package jobs so that sqlstore can enqueue a job inside a business
// transaction without importing the workers (which import sqlstore).
package jobargs

import (
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/oroshi-jp/oroshi"
)

// liveStates are the states of a job that will still run. Uniqueness over
// them (and not over completed jobs, River's default) lets a mail be sent
// again after its job finished, yet never queued twice at the same time.
var liveStates = []rivertype.JobState{
	rivertype.JobStateAvailable,
	rivertype.JobStatePending,
	rivertype.JobStateRetryable,
	rivertype.JobStateRunning,
	rivertype.JobStateScheduled,
}

// IDs in job args are JSON strings, never numbers: on PostgreSQL River
// passes args to pgx as a jsonb[] array literal, which pgx decodes through
// float64, so a 63-bit ID such as 251479768941948928 came back as
// …930 and the job looked for a row that does not exist.

// SendMail sends one outbox mail.
type SendMail struct {
	OutboxID oroshi.ID `json:"outbox_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (SendMail) Kind() string { return "send_mail" }

// InsertOpts make the job unique per outbox row, so the outbox sweep can
// re-enqueue blindly: a row that still has a live job is skipped.
func (SendMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}

// SweepOutbox re-enqueues pending outbox mail that has no live job (mail
// queued by a CLI command without a job client, or whose job was lost).
type SweepOutbox struct{}

// Kind names the job in river_job.kind; never rename it.
func (SweepOutbox) Kind() string { return "sweep_mail_outbox" }

// InsertOpts: one attempt, since the next sweep comes within a minute, and
// at most one live sweep at a time.
func (SweepOutbox) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}

// ImportCSV checks, and unless it is a dry run applies, one uploaded CSV
// file (a csv_imports row).
type ImportCSV struct {
	Tenant   oroshi.TenantID `json:"tenant_id,string"`
	ImportID oroshi.ID       `json:"import_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (ImportCSV) Kind() string { return "import_csv" }

// InsertOpts: few attempts, since an import that fails on a system error
// is rarely helped by waiting (the worker marks it failed on the last
// one), and unique per import so it never runs twice at once.
func (ImportCSV) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}

// PurgeIdempotency deletes Idempotency-Key answers past their TTL.
type PurgeIdempotency struct{}

// Kind names the job in river_job.kind; never rename it.
func (PurgeIdempotency) Kind() string { return "purge_idempotency_keys" }

// InsertOpts: one attempt (the next run comes within the hour), one live
// purge at a time.
func (PurgeIdempotency) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
