package jobargs

import (
	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
)

// InvoiceDocument issues the 請求書 PDF of an invoice that a closing has
// just created (queued in the invoice's own transaction): rendering PDFs
// inside the closing would take a 10,000-buyer run several minutes.
type InvoiceDocument struct {
	// IDs as JSON strings: int64 above 2⁵³ do not survive a float64.
	Tenant     oroshi.TenantID `json:"tenant_id,string"`
	InvoiceID  oroshi.ID       `json:"invoice_id,string"`
	ActorRealm string          `json:"actor_realm"`
	ActorID    oroshi.ID       `json:"actor_id,string"`
}

// Kind names the job in river_job.kind; never rename it.
func (InvoiceDocument) Kind() string { return "invoice_document" }

// InsertOpts: retried a few times (fonts missing or the layout not saved
// yet fail every time: the invoice page then offers 発行).
func (InvoiceDocument) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }
