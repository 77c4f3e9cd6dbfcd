package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/riverqueue/river"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/jobs/jobargs"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// finishClosing records what follows a new invoice, once it has its
// number: the orders' 請求済 sales events, their jobs and the 請求書's (one
// insert), and the history entries 請求書（発行） and 注文（請求済） (one move
// of the chain's head).
func (s *Store) finishClosing(ctx context.Context, c *conn, cl billing.Closing, iv billing.Invoice, moved []markedOrder) error {
	jobs, err := s.invoicedEvents(ctx, c, cl, iv, moved)
	if err != nil {
		return err
	}
	if cl.QueueDocument {
		jobs = append(jobs, jobargs.InvoiceDocument{Tenant: cl.Tenant, InvoiceID: iv.ID,
			ActorRealm: cl.Audit.ActorRealm, ActorID: cl.Audit.ActorID})
	}
	if err := s.enqueueMany(ctx, c, jobs); err != nil {
		return fmt.Errorf("enqueue the jobs of invoice %s: %w", iv.Number, err)
	}
	ev := cl.Audit
	ev.TargetID = iv.ID.String()
	ev.Detail = map[string]any{"number": iv.Number, "buyer_id": iv.BuyerID.String(), "kind": string(iv.Kind),
		"closing_date": iv.ClosingDate.String(), "lines": len(iv.Lines), "sales": int64(iv.Sales), "tax": int64(iv.Tax),
		"total": int64(iv.Total), "due_date": iv.DueDate.String()}
	evs := []audit.Event{ev}
	if len(moved) > 0 {
		numbers := make([]string, len(moved))
		for i, m := range moved {
			numbers[i] = m.number
		}
		oe := cl.OrderAudit
		oe.TargetType, oe.TargetID = billing.TargetInvoice, iv.ID.String()
		oe.Detail = map[string]any{"invoice": iv.Number, "orders": numbers,
			"status": audit.Change{Before: sales.StatusShipped.Label(), After: sales.StatusInvoiced.Label()}}
		evs = append(evs, oe)
	}
	return s.recordAudits(ctx, c, evs...)
}

// invoicedEvents records one 請求済 sales event per moved order (timeline,
// mails, webhooks) in one INSERT and returns their dispatch jobs.
func (s *Store) invoicedEvents(ctx context.Context, c *conn, cl billing.Closing, iv billing.Invoice, done []markedOrder) ([]river.JobArgs, error) {
	now := s.now()
	args := make([]any, 0, len(done)*9)
	jobs := make([]river.JobArgs, 0, len(done)+1)
	for _, m := range done {
		detail, err := json.Marshal(map[string]any{"from": string(sales.StatusShipped), "to": string(sales.StatusInvoiced),
			"invoice": iv.Number, "number": m.number})
		if err != nil {
			return nil, err
		}
		id := s.NewID()
		args = append(args, cl.Tenant, id, m.id, 0, string(cl.OrderEvent.Type), now, cl.OrderEvent.ActorRealm,
			cl.OrderEvent.ActorID, string(detail))
		jobs = append(jobs, jobargs.SalesEvent{Tenant: cl.Tenant, EventID: id})
	}
	for start, per := 0, salesChunk/9*9; start < len(args); start += per {
		chunk := args[start:min(start+per, len(args))]
		_, err := c.exec(ctx, `INSERT INTO sales_events (tenant_id, id, order_id, quote_id, type, occurred_at,
			actor_realm, actor_id, detail) VALUES `+strings.TrimSuffix(strings.Repeat("("+salesMarks(9)+"), ", len(chunk)/9), ", "),
			chunk...)
		if err != nil {
			return nil, fmt.Errorf("record invoiced events: %w", s.translate(err))
		}
	}
	return jobs, nil
}
