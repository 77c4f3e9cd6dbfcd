package jobargs

import (
	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
)

// CloseBilling runs the scheduled monthly closing (締め処理) of every
// tenant: each buyer whose closing date was yesterday (JST), or, for
// tenants billing per order, every fully shipped order.
type CloseBilling struct{}

// Kind names the job in river_job.kind; never rename it.
func (CloseBilling) Kind() string { return "close_billing" }

// InsertOpts: one live run at a time; a failed run is retried, and the
// next hourly run would catch up anyway (closing is idempotent).
func (CloseBilling) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}

// CloseBillingRun does one closing asked for on the admin's page (a
// billing_runs row).
type CloseBillingRun struct {
	Tenant oroshi.TenantID `json:"tenant_id,string"`
	RunID  oroshi.ID       `json:"run_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (CloseBillingRun) Kind() string { return "close_billing_run" }

// InsertOpts: few attempts (the worker ends the run failed on the last),
// and unique per run so it never runs twice at once.
func (CloseBillingRun) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
