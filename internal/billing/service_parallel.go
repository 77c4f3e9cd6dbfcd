package billing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
)

// progressEvery bounds how often a run reports its progress: the queued
// run's page polls every second, and a write per buyer would cost a
// closing of 10,000 buyers thousands of needless updates.
const progressEvery = 250 * time.Millisecond

// closeEach closes every buyer of due not in closed, each in its own
// transaction, with up to s.Workers at once (PostgreSQL runs the buyers'
// reads side by side; SQLite has one writer, so one worker there). The
// first error from ctx or from progress stops the run; a buyer whose
// closing fails is listed in res.Failed and the others go on.
func (s *Service) closeEach(ctx context.Context, t oroshi.TenantID, run Run, due []buyers.Buyer,
	closed map[oroshi.ID]bool, build func(buyers.Buyer) Closing, actor audit.Actor) (Result, error) {
	res := Result{Date: run.Date, Mode: ModeMonthly, Buyers: len(due)}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan buyers.Buyer)
	var (
		mu       sync.Mutex
		done     int
		reported time.Time
		wg       sync.WaitGroup
	)
	finish := func(b buyers.Buyer, out Outcome, err error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case errors.Is(err, ErrAlreadyClosed):
			res.AlreadyClosed++ // closed before, or by a concurrent run
		case err != nil && ctx.Err() == nil:
			res.Failed = append(res.Failed, b.Code)
		case err == nil:
			res.add(out)
		}
		done++
		if time.Since(reported) >= progressEvery || done == len(due) {
			reported = time.Now()
			if perr := run.progress(done, len(due)); perr != nil {
				cancel(fmt.Errorf("closing progress: %w", perr))
			}
		}
	}
	for range max(1, s.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if closed[b.ID] {
					finish(b, Outcome{}, ErrAlreadyClosed)
					continue
				}
				out, err := s.Store.CloseBilling(ctx, build(b))
				if err == nil {
					s.issueDocument(ctx, t, out, actor, &res, &mu)
				}
				finish(b, out, err)
			}
		}()
	}
	if err := run.progress(0, len(due)); err != nil {
		return res, fmt.Errorf("closing progress: %w", err)
	}
feed:
	for _, b := range due {
		select {
		case work <- b:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return res, fmt.Errorf("closing %s: %w", run.Date, err)
	}
	return res, nil
}

// closeMonthly closes each due buyer not yet closed and records the run.
func (s *Service) closeMonthly(ctx context.Context, t oroshi.TenantID, run Run, due []buyers.Buyer,
	closed map[oroshi.ID]bool, st Settings, actor audit.Actor) (Result, error) {
	ss, err := s.Store.SalesSettings(ctx, t)
	if err != nil {
		return Result{}, fmt.Errorf("sales settings: %w", err)
	}
	build := func(b buyers.Buyer) Closing {
		return s.monthlyClosing(t, b, run.Date, st.Method, ss.TaxRounding, actor)
	}
	res, err := s.closeEach(ctx, t, run, due, closed, build, actor)
	if err != nil {
		return res, err
	}
	return res, s.recordRun(ctx, t, res, actor)
}
