package web

import (
	"time"

	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// The SLO and incident pages, for TestPagesRender: with rows, so that the
// loops and branches of the templates are rendered too.
func init() {
	at := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	days := []slo.Period{{Start: at, Probes: slo.Probes{Total: 5760, OK: 5700}}, {Start: at.AddDate(0, 0, 1)}}
	rows, chart := routeFigures(langJA, []slo.RouteFigures{{Route: "GET /ops/slo", Count: 9, P50: 10, P99: 90, FastShare: 1}})
	v := sloView{Objective: "99.99%", Month: availabilityFigure{"99.00%", true, false}, Days: availabilityFigure{"100.00%", true, true},
		DailyChart:   availabilityChart(langJA, "daily", "日別の稼働率（直近30日）", days, dayBarLabel),
		MonthlyChart: availabilityChart(langJA, "monthly", "月別の稼働率（直近12か月）", days, monthBarLabel),
		Months:       []periodRow{{Label: "2026年11月", Probes: 5760, availabilityFigure: availabilityFigure{"98.95%", true, false}}, {Label: "2026年10月"}},
		Business:     "99.90%", BusinessN: 1000, Routes: rows, RouteChart: chart, Years: []yearRow{{2026, 2}}}
	end := at.Add(time.Hour)
	in := incident.Incident{ID: 4, StartedAt: at, EndedAt: &end, Cause: "DB停止", Source: incident.SourceWatchdog, Check: "readiness",
		AllTenants: true, Announced: true, AnnouncedAt: &end}
	open := incident.Incident{ID: 5, StartedAt: at, Cause: "回線", Source: incident.SourceOperator, Tenants: nil}
	row := incidentRow{Incident: open, Duration: "1h0m0s", Affected: "さくら食品"}
	for name, data := range map[string]any{
		"ops/slo": v,
		"ops/incidents": incidentsView{Rows: []incidentRow{{Incident: in, Duration: "1h0m0s"}, row},
			Form: map[string]string{"affected": "list"}, Tenants: []tenantChoice{{ID: 7, Name: "さくら食品", Checked: true}}},
	} {
		pageViews[name] = struct {
			data  any
			areas []string
		}{data, []string{"ops"}}
	}
}
