package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/identity"
)

// BackupRuns reads the backup runs and asks for a backup now.
type BackupRuns interface {
	BackupRuns(ctx context.Context, limit int) ([]backup.Run, error)
	EnqueueBackup(ctx context.Context) error
}

// BackupConsole is what /ops/backups shows: the runs and the configured
// schedule. A zero value shows an empty page without the button.
type BackupConsole struct {
	Runs     BackupRuns
	Enabled  bool   // a recipient is configured
	Schedule string // daily time, JST, "03:00"
	Keep     int
	Dir      string
}

func (s *Server) backupRoutes(mux *http.ServeMux) {
	mux.Handle("GET /ops/backups", s.page(areaOps, identity.PermOpsConsole, s.opsBackups))
	mux.Handle("POST /ops/backups", s.page(areaOps, identity.PermOpsConsole, s.opsBackupNow))
}

type backupsView struct {
	BackupConsole
	List []backupRow
}

type backupRow struct {
	backup.Run
	Size string
}

// megabytes shows a size as MB with one decimal ("" for none).
func megabytes(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}

func (s *Server) opsBackups(w http.ResponseWriter, r *http.Request) error {
	v := backupsView{BackupConsole: s.Backups}
	if s.Backups.Runs != nil {
		runs, err := s.Backups.Runs.BackupRuns(r.Context(), 60)
		if err != nil {
			return err
		}
		for _, run := range runs {
			v.List = append(v.List, backupRow{run, megabytes(run.Bytes)})
		}
	}
	return s.render(w, r, http.StatusOK, "ops/backups", &Page{Title: "バックアップ", Data: v})
}

// opsBackupNow enqueues a backup job (the leader's worker makes it) and
// records who asked.
func (s *Server) opsBackupNow(w http.ResponseWriter, r *http.Request) error {
	if !s.Backups.Enabled || s.Backups.Runs == nil {
		setFlash(w, "バックアップの暗号化先（OROSHI_BACKUP_RECIPIENT）が設定されていません。")
		http.Redirect(w, r, "/ops/backups", http.StatusSeeOther)
		return nil
	}
	rc := reqCtx(r)
	ev := audit.Actor{Realm: string(rc.user.Realm), ID: rc.user.ID, ClientAddr: clientAddr(r)}.Event("バックアップ（今すぐ）", "backup", "")
	ev.Tenant = oroshi.PlatformTenant
	if err := s.Data.RecordAudit(r.Context(), ev); err != nil {
		return err
	}
	if err := s.Backups.Runs.EnqueueBackup(r.Context()); err != nil {
		return err
	}
	setFlash(w, "バックアップを開始しました。完了すると一覧に表示されます。")
	http.Redirect(w, r, "/ops/backups", http.StatusSeeOther)
	return nil
}
