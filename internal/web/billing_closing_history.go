package web

import (
	"net/http"

	"github.com/oroshi-jp/oroshi/internal/billing"
)

// The closing page lists the past closing runs (締め処理の履歴): the last
// billing.MaxRunHistory, newest first, each linking to its result page.

// closingRunRow is one past run as the closing page lists it.
type closingRunRow struct {
	billing.QueuedRun
	URL string
}

// StatusLabel names the run's state.
func (r closingRunRow) StatusLabel() string { return runStatusLabel(r.Status) }

// Closing is the run's closing date: 2026/04/30.
func (r closingRunRow) Closing() string { return dateText(r.Date) }

// Who is the staff member who asked for the run (their user ID when the
// user is gone).
func (r closingRunRow) Who() string {
	if r.ActorName != "" {
		return r.ActorName
	}
	return "#" + r.Actor.ID.String()
}

func (s *Server) closingRuns(r *http.Request) ([]closingRunRow, error) {
	rc := reqCtx(r)
	runs, err := s.Billing.QueuedRuns(r.Context(), rc.tenant.ID)
	if err != nil {
		return nil, err
	}
	out := make([]closingRunRow, len(runs))
	for i, q := range runs {
		out[i] = closingRunRow{QueuedRun: q, URL: rc.base() + "/invoices/closing/runs/" + q.ID.String()}
	}
	return out, nil
}
