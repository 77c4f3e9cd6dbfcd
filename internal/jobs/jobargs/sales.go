package jobargs

import (
	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
)

// SalesEvent hands one sales event (a sales_events row: order placed,
// approved, shipped …) to the dispatchers: mail, webhooks, notices.
type SalesEvent struct {
	Tenant  oroshi.TenantID `json:"tenant_id,string"`
	EventID oroshi.ID       `json:"event_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (SalesEvent) Kind() string { return "sales_event" }

// InsertOpts make the job unique per event while it is live, so a sweep
// may re-enqueue blindly.
func (SalesEvent) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
