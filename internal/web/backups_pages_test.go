package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/backup"
)

// The backups page, for TestPagesRender: enabled, with a good, a failed
// and a running backup.
func init() {
	at := time.Date(2026, 5, 13, 18, 0, 0, 0, time.UTC)
	runs := []backupRow{
		{backup.Run{ID: 1, StartedAt: at, FinishedAt: at.Add(time.Minute), Status: backup.StatusOK,
			File: "oroshi-20260513T180000Z-sqlite.backup.age", Bytes: 12_345_678}, "12.3 MB"},
		{backup.Run{ID: 2, StartedAt: at, FinishedAt: at, Status: backup.StatusFailed, Error: "disk full"}, ""},
		{backup.Run{ID: 3, StartedAt: at, Status: backup.StatusRunning}, ""},
	}
	pageViews["ops/backups"] = struct {
		data  any
		areas []string
	}{backupsView{BackupConsole: BackupConsole{Enabled: true, Schedule: "03:00", Keep: 14, Dir: "/var/lib/oroshi/backups"},
		List: runs}, []string{"ops"}}
}
