package billing

import (
	"context"
	"errors"
	"fmt"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// issuePerOrder issues an invoice for every fully shipped order (出荷済)
// shipped up to run.Date (of run.BuyerID only, when set) and moves each to
// 請求済 through the sales lifecycle. An order invoiced before but not yet
// moved (a failure between the two steps) is only moved.
func (s *Service) issuePerOrder(ctx context.Context, t oroshi.TenantID, run Run, actor audit.Actor) (Result, error) {
	ids, err := s.Store.ShippedUninvoiced(ctx, t, run.Date)
	if err != nil {
		return Result{}, fmt.Errorf("orders to invoice: %w", err)
	}
	ss, err := s.Store.SalesSettings(ctx, t)
	if err != nil {
		return Result{}, fmt.Errorf("sales settings: %w", err)
	}
	res := Result{Date: run.Date, Mode: ModePerOrder}
	for i, id := range ids {
		if err := run.progress(i, len(ids)); err != nil {
			return res, fmt.Errorf("closing progress: %w", err)
		}
		o, err := s.Sales.Order(ctx, t, id)
		if err != nil {
			return res, err
		}
		if run.BuyerID != 0 && o.BuyerID != run.BuyerID {
			continue
		}
		res.Buyers++
		out, err := s.invoiceOrder(ctx, t, o, ss.TaxRounding, actor)
		if err != nil {
			if ctx.Err() != nil {
				return res, err
			}
			res.Failed = append(res.Failed, o.Number)
			continue
		}
		res.add(out)
		s.issueDocument(ctx, t, out, actor, &res, nil)
	}
	return res, s.recordRun(ctx, t, res, actor)
}

// invoiceOrder issues (or finds) the order's invoice and marks it 請求済.
func (s *Service) invoiceOrder(ctx context.Context, t oroshi.TenantID, o sales.Order, r pricing.Rounding,
	actor audit.Actor) (Outcome, error) {
	b, err := s.Store.Buyer(ctx, t, o.BuyerID)
	if err != nil {
		return Outcome{}, fmt.Errorf("buyer of order %s: %w", o.Number, err)
	}
	issued := s.Today()
	head := Invoice{Tenant: t, Kind: ModePerOrder, Method: MethodDetailed, BuyerID: b.ID, BuyerCode: b.Code,
		BuyerName: b.Name, OrderID: o.ID, IssueDate: issued, ClosingDate: issued,
		DueDate: PerOrderDueDate(b.ClosingDay, b.PaymentTerms, issued), TaxRounding: r, CreatedBy: actor.ID}
	c := Closing{Tenant: t, BuyerID: b.ID, Kind: ModePerOrder, Date: issued, OrderID: o.ID, QueueDocument: s.QueueDocuments,
		Build: func(lines []Line, _, _ oroshi.Yen) (Invoice, error) {
			iv := head
			iv.Lines = lines
			iv.PeriodFrom, iv.PeriodTo = span(lines, issued)
			return Build(iv, 0, 0)
		},
		Audit: event(actor, t, ActionInvoiceIssue, TargetInvoice, 0)}
	out, err := s.Store.CloseBilling(ctx, c)
	if errors.Is(err, ErrAlreadyClosed) {
		if out.Invoice, err = s.Store.OrderInvoice(ctx, t, o.ID); err == nil {
			out.Issued = false
		}
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("invoice order %s: %w", o.Number, err)
	}
	if _, err := s.Sales.MarkInvoiced(ctx, t, o.ID, actor); err != nil {
		return out, fmt.Errorf("order %s to 請求済: %w", o.Number, err)
	}
	out.OrdersInvoiced = 1
	return out, nil
}

// span is the first and last delivery date of lines (issued when none).
func span(lines []Line, issued pricing.Date) (from, to pricing.Date) {
	if len(lines) == 0 {
		return issued, issued
	}
	from, to = lines[0].ShippedOn, lines[0].ShippedOn
	for _, l := range lines[1:] {
		if l.ShippedOn.Compare(from) < 0 {
			from = l.ShippedOn
		}
		if l.ShippedOn.Compare(to) > 0 {
			to = l.ShippedOn
		}
	}
	return from, to
}
