package jobargs

import "github.com/riverqueue/river"

// SweepBillingRuns ends closing runs whose job was lost (billing.SweepRuns)
// for every tenant.
type SweepBillingRuns struct{}

// Kind names the job in river_job.kind; never rename it.
func (SweepBillingRuns) Kind() string { return "sweep_billing_runs" }

// InsertOpts: one at a time; the next period catches up a failed one.
func (SweepBillingRuns) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
