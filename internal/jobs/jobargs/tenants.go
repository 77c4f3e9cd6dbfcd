package jobargs

import "github.com/riverqueue/river"

// DeleteEndedTenants deletes the data of tenants whose contract ended and
// whose deletion day (the next business day) has come.
type DeleteEndedTenants struct{}

// Kind names the job in river_job.kind; never rename it.
func (DeleteEndedTenants) Kind() string { return "delete_ended_tenants" }

// InsertOpts: at most one live run; the next period tries again.
func (DeleteEndedTenants) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
