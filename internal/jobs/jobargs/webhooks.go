package jobargs

import (
	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// DeliverWebhook makes one attempt at a webhook delivery (a
// webhook_deliveries row); failed attempts are retried with the worker's
// own backoff.
type DeliverWebhook struct {
	Tenant     oroshi.TenantID `json:"tenant_id,string"`
	DeliveryID oroshi.ID       `json:"delivery_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (DeliverWebhook) Kind() string { return "deliver_webhook" }

// InsertOpts: webhooks.MaxAttempts attempts, and unique per delivery while
// live, so a resend never runs beside a pending retry.
func (DeliverWebhook) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: webhooks.MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: liveStates}}
}
