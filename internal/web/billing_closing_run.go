package web

import (
	"fmt"
	"net/http"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
)

type closingRunView struct {
	Run     billing.QueuedRun
	Running bool // refresh the page until the job is done
}

// StatusLabel names the run's state on its page.
func (v closingRunView) StatusLabel() string { return runStatusLabel(v.Run.Status) }

// runStatusLabel names a closing run's state.
func runStatusLabel(status string) string {
	switch status {
	case billing.RunQueued:
		return "待機中"
	case billing.RunRunning:
		return "処理中"
	case billing.RunSucceeded:
		return "完了"
	}
	return "失敗"
}

// closingRunShow: GET /invoices/closing/runs/{id} shows a queued closing
// run's progress, then its summary (or why it was refused).
func (s *Server) closingRunShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return fmt.Errorf("closing run id: %w", oroshi.ErrNotFound)
	}
	q, err := s.Billing.QueuedRun(r.Context(), reqCtx(r).tenant.ID, id)
	if err != nil {
		return err
	}
	v := closingRunView{Run: q, Running: !q.Finished()}
	return s.render(w, r, http.StatusOK, "admin/invoices/closing_run", &Page{Title: "締め処理の結果", Data: v})
}
