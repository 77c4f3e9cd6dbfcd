package jobargs

import "github.com/riverqueue/river"

// CreateBackup makes one encrypted backup of the whole database (the daily
// schedule, or the button on /ops/backups).
type CreateBackup struct{}

// Kind names the job in river_job.kind; never rename it.
func (CreateBackup) Kind() string { return "create_backup" }

// InsertOpts: one live backup at a time; two attempts (a failure is
// recorded in backup_runs and alerts through the watchdog).
func (CreateBackup) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 2, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
