package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// A closing run whose job was lost would stay queued or running for ever,
// and the unique index on live runs would refuse every new run of its
// date. The sweep ends such runs as failed:
//
//   - queued for StaleQueued (15 minutes): a job is picked up within a
//     second or two unless every worker is busy, so a quarter of an hour
//     without starting means no worker is going to take it;
//   - running without progress for StaleRunning (30 minutes): progress is
//     recorded after each buyer (milliseconds each) and the job's own
//     timeout is 30 minutes, so by then its attempt is over;
//
// and, in both cases, only when no live River job (available, pending,
// scheduled, retryable or running) is left for the run: a job that is
// still there will finish or fail the run itself.
const (
	StaleQueued  = 15 * time.Minute
	StaleRunning = 30 * time.Minute
)

// MaxRunHistory bounds the closing page's list of past runs.
const MaxRunHistory = 50

// msgRunStale ends a run the sweep found abandoned.
const msgRunStale = "締め処理のジョブが応答しなくなったため、処理を中止しました。締めた取引先はそのままです。もう一度実行してください"

// RunSweep says which live runs are stale: queued ones created before
// QueuedBefore, running ones last changed before RunningBefore, except
// those in Alive (runs whose job is still live). Message is recorded.
type RunSweep struct {
	QueuedBefore  time.Time
	RunningBefore time.Time
	Alive         map[oroshi.ID]bool
	Message       string
}

// SweepRuns ends tenant t's abandoned closing runs as failed (see
// StaleQueued) and returns them; alive are the runs whose job is still
// live.
func (s *Service) SweepRuns(ctx context.Context, t oroshi.TenantID, alive map[oroshi.ID]bool) ([]QueuedRun, error) {
	now := s.now()
	sw := RunSweep{QueuedBefore: now.Add(-StaleQueued), RunningBefore: now.Add(-StaleRunning), Alive: alive,
		Message: msgRunStale}
	out, err := s.Store.SweepBillingRuns(ctx, t, sw)
	if err != nil {
		return nil, fmt.Errorf("sweep closing runs: %w", err)
	}
	return out, nil
}

// QueuedRuns lists the newest closing runs of tenant t (at most
// MaxRunHistory), newest first.
func (s *Service) QueuedRuns(ctx context.Context, t oroshi.TenantID) ([]QueuedRun, error) {
	out, err := s.Store.BillingRuns(ctx, t, MaxRunHistory)
	if err != nil {
		return nil, fmt.Errorf("closing runs: %w", err)
	}
	return out, nil
}
