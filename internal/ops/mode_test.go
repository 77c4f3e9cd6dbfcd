package ops

import (
	"context"
	"errors"
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
