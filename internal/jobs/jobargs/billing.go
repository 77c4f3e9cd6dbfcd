package jobargs

import (
	"github.com/riverqueue/river"
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
