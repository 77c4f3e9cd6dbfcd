package app

import (
	"context"

	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// newBackup builds the backup service of cfg. Its snapshots come from the
// owner connection (OROSHI_MIGRATE_DATABASE_URL when set): on PostgreSQL
// the dump must see every tenant's rows, which the application role may
// not. A bad recipient is a configuration error.
func newBackup(cfg config.Config, st *sqlstore.Store) (*backup.Service, error) {
	rs, err := backup.ParseRecipients(cfg.Backup.Recipient)
	if err != nil {
		return nil, &config.Error{Name: "OROSHI_BACKUP_RECIPIENT", Value: cfg.Backup.Recipient, Reason: err.Error()}
	}
	var src backup.Source = st
	if cfg.Engine() == "postgres" && cfg.MigrateDatabaseURL != "" {
		src = ownerSource{sqlstore.Options{URL: cfg.MigrateDatabaseURL}}
	}
	return &backup.Service{Dir: cfg.Backup.Dir, Recipients: rs, Keep: cfg.Backup.Keep, Version: Version,
		Source: src, Runs: st}, nil
}

// backupJob is the daily schedule of the backup service.
func backupJob(cfg config.Config, svc *backup.Service) *jobs.BackupJob {
	h, m := cfg.Backup.Daily()
	return &jobs.BackupJob{Service: svc, Hour: h, Minute: m}
}

// ownerSource snapshots through a connection of its own to the owner URL.
type ownerSource struct{ o sqlstore.Options }

func (s ownerSource) BackupSnapshot(ctx context.Context, path string) (backup.Snapshot, error) {
	st, err := sqlstore.Open(ctx, s.o)
	if err != nil {
		return backup.Snapshot{}, err
	}
	defer st.Close()
	return st.BackupSnapshot(ctx, path)
}

// backupConsole is what /ops/backups shows.
func (a *App) backupConsole() web.BackupConsole {
	return web.BackupConsole{Runs: a.Store, Enabled: len(a.Backup.Recipients) > 0, Schedule: a.Config.Backup.Time(),
		Keep: a.Config.Backup.Keep, Dir: a.Config.Backup.Dir}
}
