package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/oroshi-jp/oroshi/internal/holiday"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/incident"
	"github.com/oroshi-jp/oroshi/internal/slo"
)

// MonitoringStore is what the SLO and incident pages read and write.
type MonitoringStore interface {
	incident.Store
	ProbeHours(ctx context.Context, since time.Time) ([]slo.ProbeHour, error)
	RequestStats(ctx context.Context, since time.Time) ([]slo.HourStat, error)
}

// monitoringRoutes are the operators' SLO page and incident records.
func (s *Server) monitoringRoutes(mux *http.ServeMux) {
	if s.Monitoring == nil {
		return
	}
	a, perm := areaOps, identity.PermOpsConsole
	mux.Handle("GET /ops/slo", s.page(a, perm, s.opsSLO))
	mux.Handle("GET /ops/incidents", s.page(a, perm, s.opsIncidents))
	mux.Handle("POST /ops/incidents", s.page(a, perm, s.opsIncidentSave))
	mux.Handle("GET /ops/incidents/{id}", s.page(a, perm, s.opsIncident))
	mux.Handle("POST /ops/incidents/{id}", s.page(a, perm, s.opsIncidentSave))
	mux.Handle("POST /ops/incidents/{id}/announce", s.page(a, perm, s.opsIncidentAnnounce))
}

// SLO page periods.
const (
	sloDays      = 30
	sloMonths    = 12
	sloTopRoutes = 15
)

type sloView struct {
	Objective    string // "99.99%"
	Month, Days  availabilityFigure
	DailyChart   barChart
	MonthlyChart barChart
	Months       []periodRow
	Business     string // share of requests under 3 s in business hours
	BusinessN    int64
	Routes       []routeRow
	RouteChart   barChart
	Years        []yearRow
}

type availabilityFigure struct {
	Percent string
	Known   bool
	Met     bool
}

type periodRow struct {
	Label  string
	Probes int64
	availabilityFigure
}

type routeRow struct {
	Rank           int
	Route          string
	Count          int64
	P50, P99, Fast string
}

type yearRow struct{ Year, Count int }

func (s *Server) opsSLO(w http.ResponseWriter, r *http.Request) error {
	ctx, now := r.Context(), time.Now()
	hours, err := s.Monitoring.ProbeHours(ctx, now.AddDate(-1, -1, 0))
	if err != nil {
		return err
	}
	stats, err := s.Monitoring.RequestStats(ctx, now.AddDate(0, 0, -sloDays))
	if err != nil {
		return err
	}
	years, err := s.Monitoring.IncidentsPerYear(ctx)
	if err != nil {
		return err
	}
	lang := reqCtx(r).lang
	days, months := slo.Daily(hours, sloDays, now), slo.Monthly(hours, sloMonths, now)
	v := sloView{Objective: pct(slo.Objective), Month: figure(months[len(months)-1].Probes), Days: figure(sumProbes(days))}
	v.DailyChart = availabilityChart(lang, "daily", "日別の稼働率（直近30日）", days, dayBarLabel)
	v.MonthlyChart = availabilityChart(lang, "monthly", "月別の稼働率（直近12か月）", months, monthBarLabel)
	for i := len(months) - 1; i >= 0; i-- {
		m := months[i]
		if m.Total == 0 {
			continue // before monitoring began
		}
		v.Months = append(v.Months, periodRow{Label: m.Start.Format("2006年1月"), Probes: m.Total, availabilityFigure: figure(m.Probes)})
	}
	share, n := slo.BusinessShare(stats, holiday.IsBusinessDay)
	v.Business, v.BusinessN = pct(share), n
	v.Routes, v.RouteChart = routeFigures(lang, slo.TopRoutes(stats, sloTopRoutes))
	for y, c := range years {
		v.Years = append(v.Years, yearRow{y, c})
	}
	sort.Slice(v.Years, func(i, j int) bool { return v.Years[i].Year > v.Years[j].Year })
	return s.render(w, r, http.StatusOK, "ops/slo", &Page{Title: "監視・SLO", Data: v})
}

func sumProbes(ps []slo.Period) slo.Probes {
	var out slo.Probes
	for _, p := range ps {
		out.Total += p.Total
		out.OK += p.OK
	}
	return out
}

func figure(p slo.Probes) availabilityFigure {
	a, known := p.Availability()
	return availabilityFigure{Percent: pct(a), Known: known, Met: p.Met()}
}

// pct shows a share as 99.99%, rounded down (never shows a miss as met).
func pct(share float64) string {
	return strconv.FormatFloat(slo.Percent(share), 'f', 2, 64) + "%"
}

// availabilityChart draws availability in hundredths of a percent (10000
// is 100%); bars under the objective are drawn darker and tagged.
func availabilityChart(lang, class, summary string, ps []slo.Period, label func(i int, start time.Time) (string, string)) barChart {
	c := barChart{Class: class + " availability", Lang: lang, Summary: translate(lang, summary),
		Empty: translate(lang, "計測データがありません"), Unit: "（%）",
		Axis: func(v int64) string { return strconv.FormatFloat(float64(v)/100, 'f', 0, 64) }}
	for i, p := range ps {
		a, known := p.Availability()
		b := chartBar{Title: p.Start.Format("2006/01/02") + " —"}
		b.Label, b.Group = label(i, p.Start)
		if known {
			b.Value = int64(slo.Percent(a) * 100)
			b.Title = fmt.Sprintf("%s %s (%d probes)", p.Start.Format("2006/01/02"), pct(a), p.Total)
			if !p.Met() {
				b.Current, b.Tag = true, pct(a)
			}
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// dayBarLabel is the day of the month, with the month under the first bar
// and under each 1st.
func dayBarLabel(i int, d time.Time) (string, string) {
	if i == 0 || d.Day() == 1 {
		return strconv.Itoa(d.Day()), d.Format("2006/1")
	}
	return strconv.Itoa(d.Day()), ""
}

// monthBarLabel is the month, with the year under January and the first bar.
func monthBarLabel(i int, d time.Time) (string, string) {
	if i == 0 || d.Month() == time.January {
		return strconv.Itoa(int(d.Month())), strconv.Itoa(d.Year())
	}
	return strconv.Itoa(int(d.Month())), ""
}

// routeFigures are the busiest routes' rows and their p99 chart (ms).
func routeFigures(lang string, figs []slo.RouteFigures) ([]routeRow, barChart) {
	c := barChart{Class: "routes", Lang: lang, Summary: translate(lang, "経路別の応答時間 p99（ミリ秒）"),
		Empty: translate(lang, "計測データがありません"), Unit: "（ms）",
		Axis: func(v int64) string { return strconv.FormatInt(v, 10) }}
	var rows []routeRow
	for i, f := range figs {
		rows = append(rows, routeRow{Rank: i + 1, Route: f.Route, Count: f.Count, P50: ms(f.P50), P99: ms(f.P99), Fast: pct(f.FastShare)})
		c.Bars = append(c.Bars, chartBar{Label: strconv.Itoa(i + 1), Title: f.Route + " p99 " + ms(f.P99),
			Value: int64(f.P99), Tag: ms(f.P99)})
	}
	return rows, c
}

func ms(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) + "ms" }
