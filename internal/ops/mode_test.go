package ops

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// countingSource is a StatusSource that counts reads and can fail.
type countingSource struct {
	mode  Mode
	reads int
	fail  bool
}

func (c *countingSource) MaintenanceMode(context.Context) (Mode, error) {
	c.reads++
	if c.fail {
		return Mode{}, errors.New("database down")
	}
	return c.mode, nil
}

func (c *countingSource) CurrentWindows(context.Context, time.Time) ([]Window, error) {
	return nil, nil
}

func TestGateCachesFiveSeconds(t *testing.T) {
	clock := now
	src := &countingSource{mode: Mode{On: true}}
	g := &Gate{Source: src, Now: func() time.Time { return clock }}
	ctx := context.Background()
	steps := []struct {
		advance   time.Duration
		switchOn  bool
		fail      bool
		forget    bool
		wantOn    bool
		wantReads int
	}{
		{0, true, false, false, true, 1},
		{4 * time.Second, false, false, false, true, 1}, // cached: the change is not seen yet
		{time.Second, false, false, false, false, 2},    // 5 s: read again
		{time.Second, true, false, true, true, 3},       // Forget: read at once
		{10 * time.Second, false, true, false, true, 4}, // database down: last status kept
	}
	for i, st := range steps {
		clock = clock.Add(st.advance)
		src.mode.On, src.fail = st.switchOn, st.fail
		if st.forget {
			g.Forget()
		}
		if got := g.Status(ctx).Maintenance; got != st.wantOn || src.reads != st.wantReads {
			t.Errorf("step %d: maintenance %v after %d reads, want %v after %d", i, got, src.reads, st.wantOn, st.wantReads)
		}
	}
}

// blockingSource holds MaintenanceMode until released.
type blockingSource struct {
	entered, release chan struct{}
	mode             Mode
	reads            atomic.Int32
}

func (b *blockingSource) MaintenanceMode(context.Context) (Mode, error) {
	b.reads.Add(1)
	b.entered <- struct{}{}
	<-b.release
	return b.mode, nil
}

func (b *blockingSource) CurrentWindows(context.Context, time.Time) ([]Window, error) {
	return nil, nil
}

// TestGateNeverWaitsForARefresh: while one caller reads the database, the
// others answer at once with the status it replaces; a Forget during the
// read makes the next call read again.
func TestGateNeverWaitsForARefresh(t *testing.T) {
	src := &blockingSource{entered: make(chan struct{}), release: make(chan struct{}), mode: Mode{On: true}}
	g := &Gate{Source: src, Now: func() time.Time { return now }}
	ctx := context.Background()
	done := make(chan Status)
	go func() { done <- g.Status(ctx) }()
	<-src.entered // the first caller is reading
	for range 3 {
		if st := g.Status(ctx); st.Maintenance {
			t.Fatal("a caller during the refresh saw a status nobody has read yet")
		}
	}
	g.Forget()
	close(src.release)
	if st := <-done; !st.Maintenance {
		t.Error("the refreshing caller did not get what it read")
	}
	go func() { <-src.entered }()
	if st := g.Status(ctx); !st.Maintenance || src.reads.Load() != 2 {
		t.Errorf("after the refresh: maintenance %v after %d reads, want on after 2 (the Forget)", st.Maintenance, src.reads.Load())
	}
}
