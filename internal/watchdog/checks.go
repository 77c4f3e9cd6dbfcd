package watchdog

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// Check is one thing the watchdog watches. Run returns nil when all is
// well, or an error saying what is wrong (it goes into the alert mail).
type Check struct {
	Name    string // bounded metric label: "readiness", "queue_lag", …
	Title   string // for mail and incidents, in Japanese
	NeedsDB bool   // skipped (state kept) while the database is unreachable
	Run     func(ctx context.Context, now time.Time) error
}

// Check names.
const (
	CheckReadiness = "readiness"
	CheckQueueLag  = "queue_lag"
	CheckErrorRate = "error_rate"
	CheckDiskSpace = "disk_space"
	CheckBackup    = "backup_age"
)

// Deps are what the standard checks read.
type Deps struct {
	// Ping checks the database answers (Store.Ping).
	Ping func(ctx context.Context) error
	// OldestJob is when the job waiting longest became available.
	OldestJob func(ctx context.Context) (time.Time, bool, error)
	// Requests feeds the error-rate check.
	Requests *slo.Recorder
	// DiskFree is the share of the data dir's file system that is free.
	DiskFree func() (float64, error)
	// LastGoodBackup is when the last verified backup was made; nil skips
	// the backup check.
	LastGoodBackup func(ctx context.Context) (time.Time, error)
}

// Checks builds the standard checks from cfg and d; a nil dependency
// leaves its check out. The readiness check always comes first.
func Checks(cfg config.Watchdog, d Deps, w *Watchdog) []Check {
	g := w.g
	var out []Check
	if d.Ping != nil {
		out = append(out, Check{Name: CheckReadiness, Title: "データベースに接続できません（readiness）", Run: func(ctx context.Context, _ time.Time) error {
			return d.Ping(ctx)
		}})
	}
	if d.OldestJob != nil {
		out = append(out, Check{Name: CheckQueueLag, Title: "ジョブキューが滞留しています", NeedsDB: true,
			Run: func(ctx context.Context, now time.Time) error {
				at, ok, err := d.OldestJob(ctx)
				if err != nil {
					return err
				}
				lag := time.Duration(0)
				if ok && now.After(at) {
					lag = now.Sub(at)
				}
				g.queueLag.Set(lag.Seconds())
				if lag > cfg.QueueLag {
					return fmt.Errorf("oldest available job has waited %s (threshold %s)", lag.Round(time.Second), cfg.QueueLag)
				}
				return nil
			}})
	}
	if d.Requests != nil {
		out = append(out, Check{Name: CheckErrorRate, Title: "エラー応答（5xx）の割合が高くなっています", Run: func(_ context.Context, now time.Time) error {
			share, total := d.Requests.ErrorRate(now)
			g.errorRate.Set(share)
			if total >= int64(cfg.MinErrorReqs) && share >= cfg.ErrorRate {
				return fmt.Errorf("%.1f%% of %d requests in the last minute answered 5xx (threshold %.1f%%)", share*100, total, cfg.ErrorRate*100)
			}
			return nil
		}})
	}
	if d.DiskFree != nil {
		out = append(out, Check{Name: CheckDiskSpace, Title: "データ領域の空き容量が不足しています", Run: func(context.Context, time.Time) error {
			free, err := d.DiskFree()
			if err != nil {
				return err
			}
			g.diskFree.Set(free)
			if free < cfg.DiskFree {
				return fmt.Errorf("%.1f%% of the data disk is free (threshold %.1f%%)", free*100, cfg.DiskFree*100)
			}
			return nil
		}})
	}
	if d.LastGoodBackup != nil {
		out = append(out, backupCheck(cfg, d.LastGoodBackup, g))
	}
	return out
}

func backupCheck(cfg config.Watchdog, last func(context.Context) (time.Time, error), g *gauges) Check {
	var first time.Time // of the first run: a fresh install has a day to make its first backup
	return Check{Name: CheckBackup, Title: "バックアップが古くなっています", NeedsDB: true, Run: func(ctx context.Context, now time.Time) error {
		at, err := last(ctx)
		if err != nil {
			return err
		}
		if first.IsZero() {
			first = now
		}
		if at.IsZero() {
			if now.Sub(first) > cfg.BackupAge {
				return fmt.Errorf("no good backup in the %s since the watchdog started", cfg.BackupAge)
			}
			return nil
		}
		g.lastBackup.Set(float64(at.Unix()))
		if age := now.Sub(at); age > cfg.BackupAge {
			return fmt.Errorf("last good backup is %s old (threshold %s)", age.Round(time.Minute), cfg.BackupAge)
		}
		return nil
	}}
}

// DiskFree returns the share of dir's file system free for unprivileged
// users (syscall.Statfs).
func DiskFree(dir string) func() (float64, error) {
	return func() (float64, error) {
		var st syscall.Statfs_t
		if err := syscall.Statfs(dir, &st); err != nil {
			return 0, fmt.Errorf("statfs %s: %w", dir, err)
		}
		if st.Blocks == 0 {
			return 0, fmt.Errorf("statfs %s: no blocks", dir)
		}
		return float64(st.Bavail) / float64(st.Blocks), nil
	}
}
