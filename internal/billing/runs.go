package billing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

// States of a queued closing run.
const (
	RunQueued    = "queued"
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
)

// msgRunFailed ends a run whose job gave up on a system error.
const msgRunFailed = "システムエラーのため締め処理を完了できませんでした。締めた取引先はそのままです。もう一度実行してください"

// QueuedRun is a closing asked for on the admin's page and done by a job:
// the row its page follows while it works (Done of Total buyers or orders)
// and the summary after.
type QueuedRun struct {
	Tenant     oroshi.TenantID
	ID         oroshi.ID
	Date       pricing.Date
	BuyerID    oroshi.ID // 0: all buyers
	BuyerCode  string
	Status     string
	Done       int
	Total      int
	Result     Result // when succeeded
	Message    string // why it failed
	Actor      audit.Actor
	ActorName  string // who asked for it, filled by lists
	CreatedAt  time.Time
	UpdatedAt  time.Time // last start, progress or finish
	FinishedAt time.Time
}

// Finished reports whether the run's job is done with it.
func (r QueuedRun) Finished() bool { return r.Status == RunSucceeded || r.Status == RunFailed }

// RunStore keeps queued closing runs.
type RunStore interface {
	// CreateBillingRun stores a queued run and enqueues its job in one
	// transaction; a live run of the same date is oroshi.ErrConflict.
	CreateBillingRun(ctx context.Context, r QueuedRun) (QueuedRun, error)
	BillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (QueuedRun, error)
	// StartBillingRun marks a queued (or a retried running) run running;
	// false when it is finished already.
	StartBillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (bool, error)
	BillingRunProgress(ctx context.Context, t oroshi.TenantID, id oroshi.ID, done, total int) error
	// FinishBillingRun records the outcome of a live run (a finished one
	// stays as it is).
	FinishBillingRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID, status string, res Result, msg string) error
	// BillingRuns lists the newest limit runs, newest first.
	BillingRuns(ctx context.Context, t oroshi.TenantID, limit int) ([]QueuedRun, error)
	// SweepBillingRuns ends as failed the live runs sw names as stale and
	// returns them.
	SweepBillingRuns(ctx context.Context, t oroshi.TenantID, sw RunSweep) ([]QueuedRun, error)
}

// QueueClose checks run as Close does and queues it; the job (RunQueued)
// closes. A run of the same date still queued or running is refused.
func (s *Service) QueueClose(ctx context.Context, t oroshi.TenantID, run Run, buyerCode string,
	actor audit.Actor) (QueuedRun, error) {
	if err := s.CheckClose(ctx, t, run); err != nil {
		return QueuedRun{}, err
	}
	q, err := s.Store.CreateBillingRun(ctx, QueuedRun{Tenant: t, Date: run.Date, BuyerID: run.BuyerID,
		BuyerCode: buyerCode, Actor: actor})
	if errors.Is(err, oroshi.ErrConflict) {
		return QueuedRun{}, oroshi.Invalid("date", fmt.Sprintf("%d年%d月%d日締めの締め処理は実行中です。終わるまでお待ちください",
			run.Date.Year, run.Date.Month, run.Date.Day))
	}
	if err != nil {
		return QueuedRun{}, fmt.Errorf("queue closing %s: %w", run.Date, err)
	}
	return q, nil
}

// RunQueued does the work of queued run id (its job calls it). A run
// refused by the closing's own checks (closed meanwhile, for instance)
// ends failed with the reason and RunQueued returns nil; an error is a
// system failure, and the job retries (buyers closed stay closed).
func (s *Service) RunQueued(ctx context.Context, t oroshi.TenantID, id oroshi.ID) error {
	q, err := s.Store.BillingRun(ctx, t, id)
	if err != nil {
		return fmt.Errorf("run closing %s: %w", id, err)
	}
	if q.Finished() {
		return nil // a retried job after the work was done
	}
	if ok, err := s.Store.StartBillingRun(ctx, t, id); err != nil || !ok {
		return err
	}
	run := Run{Date: q.Date, BuyerID: q.BuyerID, Progress: func(done, total int) error {
		return s.Store.BillingRunProgress(ctx, t, id, done, total)
	}}
	res, err := s.Close(ctx, t, run, q.Actor)
	var ve *oroshi.ValidationError
	switch {
	case errors.As(err, &ve):
		return s.Store.FinishBillingRun(ctx, t, id, RunFailed, Result{}, validationText(ve))
	case err != nil:
		return fmt.Errorf("run closing %s: %w", id, err)
	}
	return s.Store.FinishBillingRun(ctx, t, id, RunSucceeded, res, "")
}

// FailQueued ends run id as failed after its job's last attempt, so its
// page stops waiting.
func (s *Service) FailQueued(ctx context.Context, t oroshi.TenantID, id oroshi.ID) error {
	return s.Store.FinishBillingRun(ctx, t, id, RunFailed, Result{}, msgRunFailed)
}

// validationText joins a refusal's messages, field order fixed.
func validationText(ve *oroshi.ValidationError) string {
	var msgs []string
	for _, f := range []string{"date", "buyer_id"} {
		if m, ok := ve.Fields[f]; ok {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) == 0 {
		return ve.Error()
	}
	return strings.Join(msgs, "。")
}

// QueuedRun returns one queued closing run of tenant t, for its page.
func (s *Service) QueuedRun(ctx context.Context, t oroshi.TenantID, id oroshi.ID) (QueuedRun, error) {
	q, err := s.Store.BillingRun(ctx, t, id)
	if err != nil {
		return QueuedRun{}, fmt.Errorf("closing run %s: %w", id, err)
	}
	return q, nil
}
