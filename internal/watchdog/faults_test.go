package watchdog_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/watchdog"
)

// fakeDisk is the data disk's free share, which the test "fills".
type fakeDisk struct {
	mu   sync.Mutex
	free float64
}

func (d *fakeDisk) set(f float64) { d.mu.Lock(); d.free = f; d.mu.Unlock() }
func (d *fakeDisk) Free() (float64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.free, nil
}

// TestFaultsAreMailedWithinAMinute runs the real watchdog loop (a short
// interval) with the standard checks against a real store and mailpit, and
// causes faults: a full disk (then freed), a stalled job, and finally a
// closed database, which is alerted by direct SMTP although the outbox is
// unreachable.
func TestFaultsAreMailedWithinAMinute(t *testing.T) {
	smtp, api := sender(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := sqlstoretest.Open(t, "sqlite")
	runner, err := jobs.New(ctx, st, jobs.Deps{}, nil) // a job client that never works the queue
	if err != nil {
		t.Fatal(err)
	}
	_ = runner
	cfg := config.DefaultWatchdog()
	cfg.Interval, cfg.QueueLag = 100*time.Millisecond, 2*time.Second
	disk := &fakeDisk{free: 0.5}
	rec := slo.NewRecorder()
	w := watchdog.New(watchdog.Options{Config: cfg, Store: st, Sender: smtp, Operators: []string{"ops@oroshi.example.jp"},
		Requests: rec, FlushEvery: 200 * time.Millisecond})
	w.SetChecks(watchdog.Checks(cfg, watchdog.Deps{Ping: st.Ping, OldestJob: st.OldestAvailableJob, Requests: rec,
		DiskFree: disk.Free}, w))
	go w.Run(ctx)

	fault := time.Now()
	disk.set(0.01)
	if took := waitSubject(t, api, "【oroshi 監視】異常を検知しました: データ領域", time.Minute).Sub(fault); took > time.Minute {
		t.Errorf("disk alert after %s", took)
	} else {
		t.Logf("disk alert mailed %s after the fault", took.Round(time.Millisecond))
	}
	disk.set(0.5)
	waitSubject(t, api, "【oroshi 監視】復旧しました: データ領域", time.Minute)

	fault = time.Now() // a mail whose send job never runs
	if _, err := st.QueueMail(ctx, notify.Mail{To: "buyer@example.jp", Subject: "s", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	took := waitSubject(t, api, "【oroshi 監視】異常を検知しました: ジョブキュー", time.Minute).Sub(fault)
	t.Logf("queue lag alert mailed %s after the job was queued (threshold %s)", took.Round(time.Millisecond), cfg.QueueLag)

	hours, err := st.ProbeHours(ctx, time.Now().Add(-time.Hour))
	if err != nil || len(hours) == 0 || hours[0].OK == 0 || hours[0].Total != hours[0].OK {
		t.Errorf("probes recorded: %+v %v", hours, err)
	}

	fault = time.Now()
	st.Close()
	took = waitSubject(t, api, "【oroshi 監視】異常を検知しました: データベース", time.Minute).Sub(fault)
	t.Logf("database-down alert mailed %s after the fault", took.Round(time.Millisecond))
	cancel()
	w.Wait(context.Background())
}
