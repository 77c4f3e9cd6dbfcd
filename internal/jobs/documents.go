package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
)

// InvoiceDocuments issues an invoice's 請求書 PDF unless it has one
// (documents.Service).
type InvoiceDocuments interface {
	EnsureInvoiceDocument(ctx context.Context, t oroshi.TenantID, invoiceID oroshi.ID, actor audit.Actor) error
}

// invoiceDocumentWorker renders the 請求書 of an invoice a closing created.
// A retry after a crash finds the document issued and does nothing.
type invoiceDocumentWorker struct {
	river.WorkerDefaults[jobargs.InvoiceDocument]
	docs InvoiceDocuments
}

func (w *invoiceDocumentWorker) Work(ctx context.Context, job *river.Job[jobargs.InvoiceDocument]) error {
	a := job.Args
	actor := audit.Actor{Realm: a.ActorRealm, ID: a.ActorID}
	if err := w.docs.EnsureInvoiceDocument(ctx, a.Tenant, a.InvoiceID, actor); err != nil {
		return fmt.Errorf("invoice document %s: %w", a.InvoiceID, err)
	}
	return nil
}

func addDocumentWorker(workers *river.Workers, docs InvoiceDocuments) {
	if docs != nil {
		river.AddWorker(workers, &invoiceDocumentWorker{docs: docs})
	}
}
