package web_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// TestOpsBackups: an operator sees the schedule and the runs, and the
// "今すぐバックアップ" button makes a real backup through the job queue.
func TestOpsBackups(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, svc := newBackupEnv(t, s)
		ctx := context.Background()
		failed, err := s.StartBackupRun(ctx)
		if err != nil {
			t.Fatal(err)
		}
		failed.Status, failed.Error = backup.StatusFailed, "disk full"
		if err := s.FinishBackupRun(ctx, failed); err != nil {
			t.Fatal(err)
		}
		b := e.browser(t)
		b.signIn(e.user(t, e.fixture(t, 700), identity.RoleOperator))
		p := b.get("/ops/backups")
		mustContain(t, "backups page", p, 200, "毎日", "03:00", "14", "disk full", "今すぐバックアップ")
		p = followFlash(t, b, b.submit("/ops/backups", "/ops/backups", nil), "/ops/backups")
		mustContain(t, "after the button", p, 200, "バックアップを開始しました")
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if last, err := s.LastGoodBackup(ctx); err == nil && !last.IsZero() {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		list, err := svc.List()
		if err != nil || len(list) != 1 || list[0].Status != backup.StatusOK {
			t.Fatalf("backups after the button = %+v, %v; want one good backup", list, err)
		}
		mustContain(t, "backups page", b.get("/ops/backups"), 200, list[0].Manifest.File, "成功")
	})
}

// newBackupEnv is newEnv with the backup console and a running job queue
// whose backup worker encrypts to a fresh key.
func newBackupEnv(t *testing.T, s *sqlstore.Store) (*env, *backup.Service) {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.log, nil))
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	svc := &backup.Service{Dir: t.TempDir(), Recipients: []age.Recipient{id.Recipient()}, Keep: 14, Source: s, Runs: s}
	ctx := context.Background()
	r, err := jobs.New(ctx, s, jobs.Deps{Backup: &jobs.BackupJob{Service: svc, Hour: 3},
		Tuning: jobs.Tuning{FetchPollInterval: 50 * time.Millisecond, TestOnly: true}}, logger)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.Stop(ctx)
	})
	srv, err := web.New(web.Deps{Tenants: s, Identity: e.svc, Data: s, Logger: logger,
		Backups: web.BackupConsole{Runs: s, Enabled: true, Schedule: "03:00", Keep: 14, Dir: svc.Dir}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e, svc
}
