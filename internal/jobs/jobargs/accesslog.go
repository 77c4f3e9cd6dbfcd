package jobargs

import "github.com/riverqueue/river"

// PurgeAccessLog deletes access log rows older than five years.
type PurgeAccessLog struct{}

// Kind names the job in river_job.kind; never rename it.
func (PurgeAccessLog) Kind() string { return "purge_access_log" }

// InsertOpts: at most one live run; the next period tries again.
func (PurgeAccessLog) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
