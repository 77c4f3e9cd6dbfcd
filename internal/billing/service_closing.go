package billing

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// Run asks for a closing: monthly, every buyer whose closing date is Date
// (or only BuyerID); per-order, every fully shipped order up to Date.
type Run struct {
	Date    pricing.Date
	BuyerID oroshi.ID // 0: all buyers
	// Progress, when set, hears how many buyers (or orders) of total are
	// done, after each one; the queued run's page shows it. An error stops
	// the run (what was closed stays closed; a rerun skips it).
	Progress func(done, total int) error
}

func (r Run) progress(done, total int) error {
	if r.Progress == nil {
		return nil
	}
	return r.Progress(done, total)
}

// Result sums up a run.
type Result struct {
	Date           pricing.Date
	Mode           Mode
	Buyers         int // buyers (monthly) or orders (per-order) looked at
	Issued         int // invoices issued
	Empty          int // buyers with nothing to bill
	AlreadyClosed  int
	OrdersInvoiced int
	Sales, Tax     oroshi.Yen // of the invoices issued
	Failed         []string   // buyer codes or order numbers whose billing failed
	// DocumentsFailed are invoice numbers issued without their 請求書 PDF
	// (no fonts, layout not saved): the invoice stands, the PDF is issued
	// later from the invoice.
	DocumentsFailed []string
}

// Close runs a closing asked for by a person (the admin's closing page,
// the API). A date in the future, a buyer whose closing day it is not, or
// a date already closed for everyone asked is refused with a Japanese
// message and nothing is written.
func (s *Service) Close(ctx context.Context, t oroshi.TenantID, run Run, actor audit.Actor) (Result, error) {
	p, err := s.prepare(ctx, t, run)
	if err != nil {
		return Result{}, err
	}
	if p.st.Mode == ModePerOrder {
		return s.issuePerOrder(ctx, t, run, actor)
	}
	return s.closeMonthly(ctx, t, run, p.due, p.closed, p.st, actor)
}

// CheckClose refuses, as Close would, a run that cannot be done, without
// closing anything: the closing page checks before it queues the run.
func (s *Service) CheckClose(ctx context.Context, t oroshi.TenantID, run Run) error {
	_, err := s.prepare(ctx, t, run)
	return err
}

// closingPlan is what a checked run will close.
type closingPlan struct {
	st     Settings
	due    []buyers.Buyer // monthly only
	closed map[oroshi.ID]bool
}

// prepare checks run and finds the buyers due (monthly).
func (s *Service) prepare(ctx context.Context, t oroshi.TenantID, run Run) (closingPlan, error) {
	switch {
	case run.Date.IsZero() || !run.Date.Valid():
		return closingPlan{}, oroshi.Invalid("date", "締め日を正しく入力してください")
	case run.Date.Compare(s.Today()) > 0:
		return closingPlan{}, oroshi.Invalid("date", "締め日に未来の日付は指定できません")
	}
	st, err := s.Settings(ctx, t)
	if err != nil || st.Mode == ModePerOrder {
		return closingPlan{st: st}, err
	}
	due, err := s.dueBuyers(ctx, t, run)
	if err != nil {
		return closingPlan{}, err
	}
	closed, err := s.Store.ClosedBuyers(ctx, t, run.Date)
	if err != nil {
		return closingPlan{}, fmt.Errorf("closed buyers on %s: %w", run.Date, err)
	}
	if len(due) > 0 && countIn(due, closed) == len(due) {
		return closingPlan{}, oroshi.Invalid("date", fmt.Sprintf("%d年%d月%d日締めはすでに締め処理済みです",
			run.Date.Year, run.Date.Month, run.Date.Day))
	}
	return closingPlan{st: st, due: due, closed: closed}, nil
}

// CloseDue is the scheduled closing of date for every buyer whose closing
// date it is (monthly), or of every fully shipped order (per-order).
// Buyers already closed are skipped, so running it again bills nothing
// twice.
func (s *Service) CloseDue(ctx context.Context, t oroshi.TenantID, date pricing.Date) (Result, error) {
	st, err := s.Settings(ctx, t)
	if err != nil {
		return Result{}, err
	}
	if st.Mode == ModePerOrder {
		return s.issuePerOrder(ctx, t, Run{Date: date}, SystemActor)
	}
	due, err := s.dueBuyers(ctx, t, Run{Date: date})
	if err != nil {
		return Result{}, err
	}
	closed, err := s.Store.ClosedBuyers(ctx, t, date)
	if err != nil {
		return Result{}, fmt.Errorf("closed buyers on %s: %w", date, err)
	}
	if len(due) == countIn(due, closed) {
		return Result{Date: date, Mode: ModeMonthly, Buyers: len(due), AlreadyClosed: len(due)}, nil
	}
	return s.closeMonthly(ctx, t, Run{Date: date}, due, closed, st, SystemActor)
}

// dueBuyers are the buyers to close on run.Date: the one asked for (whose
// closing date it must be) or every buyer whose closing date it is.
func (s *Service) dueBuyers(ctx context.Context, t oroshi.TenantID, run Run) ([]buyers.Buyer, error) {
	if run.BuyerID != 0 {
		b, err := s.Store.Buyer(ctx, t, run.BuyerID)
		if errors.Is(err, oroshi.ErrNotFound) {
			return nil, oroshi.Invalid("buyer_id", "取引先が見つかりません")
		}
		if err != nil {
			return nil, fmt.Errorf("closing buyer %s: %w", run.BuyerID, err)
		}
		if !IsClosingDate(b.ClosingDay, run.Date) {
			return nil, oroshi.Invalid("date", fmt.Sprintf("%sの締め日は%sです。%d月の締め日は%sです",
				b.Name, buyers.ClosingDayLabel(b.ClosingDay), run.Date.Month,
				ClosingDateOf(run.Date.Year, run.Date.Month, b.ClosingDay)))
		}
		return []buyers.Buyer{b}, nil
	}
	all, err := s.Store.BillingBuyers(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("buyers to close: %w", err)
	}
	var due []buyers.Buyer
	for _, b := range all {
		if IsClosingDate(b.ClosingDay, run.Date) {
			due = append(due, b)
		}
	}
	return due, nil
}

func countIn(bs []buyers.Buyer, set map[oroshi.ID]bool) int {
	n := 0
	for _, b := range bs {
		if set[b.ID] {
			n++
		}
	}
	return n
}

// issueDocument issues the 請求書 PDF of a new invoice, after the invoice's
// own transaction: a failure leaves the invoice as it is.
// mu, when not nil, guards res (closings run side by side).
func (s *Service) issueDocument(ctx context.Context, t oroshi.TenantID, out Outcome, actor audit.Actor, res *Result, mu *sync.Mutex) {
	if s.Documents == nil || !out.Issued || s.QueueDocuments {
		return
	}
	if err := s.Documents.IssueInvoiceDocument(ctx, t, out.Invoice.ID, actor); err != nil {
		if mu != nil {
			mu.Lock()
			defer mu.Unlock()
		}
		res.DocumentsFailed = append(res.DocumentsFailed, out.Invoice.Number)
	}
}

func (r *Result) add(out Outcome) {
	r.OrdersInvoiced += out.OrdersInvoiced
	if !out.Issued {
		r.Empty++
		return
	}
	r.Issued++
	r.Sales += out.Invoice.Sales
	r.Tax += out.Invoice.Tax
}

// monthlyClosing is the store's unit of work for one buyer.
func (s *Service) monthlyClosing(t oroshi.TenantID, b buyers.Buyer, date pricing.Date, method Method,
	r pricing.Rounding, actor audit.Actor) Closing {
	from, to := Period(b.ClosingDay, date)
	head := Invoice{Tenant: t, Kind: ModeMonthly, Method: method, BuyerID: b.ID, BuyerCode: b.Code, BuyerName: b.Name,
		ClosingDate: date, PeriodFrom: from, PeriodTo: to, IssueDate: date, DueDate: DueDate(b.PaymentTerms, date),
		TaxRounding: r, CreatedBy: actor.ID}
	return Closing{Tenant: t, BuyerID: b.ID, Kind: ModeMonthly, Date: date, MarkOrders: true, QueueDocument: s.QueueDocuments,
		Build: func(lines []Line, previous, outstanding oroshi.Yen) (Invoice, error) {
			iv := head
			iv.Lines = lines
			return Build(iv, previous, outstanding)
		},
		Audit:      event(actor, t, ActionInvoiceIssue, TargetInvoice, 0),
		OrderAudit: event(actor, t, sales.ActionOrderInvoice, sales.TargetOrder, 0),
		OrderEvent: sales.Event{Type: sales.EventOrderInvoiced, ActorRealm: actor.Realm, ActorID: actor.ID},
	}
}

// recordRun records 請求締め（実行） with the run's figures.
func (s *Service) recordRun(ctx context.Context, t oroshi.TenantID, res Result, actor audit.Actor) error {
	ev := event(actor, t, ActionClosingRun, TargetClosing, 0)
	ev.TargetID = res.Date.String()
	ev.Detail = map[string]any{"date": res.Date.String(), "mode": string(res.Mode), "buyers": res.Buyers,
		"issued": res.Issued, "empty": res.Empty, "already_closed": res.AlreadyClosed,
		"orders_invoiced": res.OrdersInvoiced, "sales": int64(res.Sales), "tax": int64(res.Tax), "failed": res.Failed,
		"documents_failed": res.DocumentsFailed}
	if err := s.Store.RecordAudit(ctx, ev); err != nil {
		return fmt.Errorf("record closing run %s: %w", res.Date, err)
	}
	return nil
}
