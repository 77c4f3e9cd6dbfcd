package web

import (
	"context"
	"fmt"
	"html/template"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// dashboardView is the sales part of the seller admin home (admin/home.html).
type dashboardView struct {
	Daily, Monthly template.HTML
	Days30         sales.Amount // the 30 days of the daily chart together
	Today          sales.Amount
	ThisMonth      sales.Amount
	MonthLabel     string // "2026年5月"
	Received       int
	ReceivedMore   bool // the count reached sales.DashboardCountCap
	BuyerMore      bool // likewise for BuyerPending
	Oldest         []sales.Order
	BuyerPending   int
	TopProducts    []rankedProduct
	TopBuyers      []rankedBuyer
	Receivables    *receivablesView // nil until billing is wired (see receivables)
}

type rankedProduct struct {
	Rank int
	sales.ProductSales
}

type rankedBuyer struct {
	Rank int
	sales.BuyerSales
}

// receivablesView is the outstanding balances card: the 未回収一覧's totals
// and the buyers owing most.
type receivablesView struct {
	Total   oroshi.Yen
	Overdue oroshi.Yen // past the due date
	Top     []billing.AgingRow
}

// dashboard builds the dashboard of the signed-in seller.
// A server built without the ordering service (some page tests) shows the
// home page without figures.
func (s *Server) dashboard(ctx context.Context, t oroshi.TenantID, lang string) (dashboardView, error) {
	if s.Sales == nil {
		return dashboardView{}, nil
	}
	d, err := s.Sales.Dashboard(ctx, t)
	if err != nil {
		return dashboardView{}, err
	}
	v := dashboardViewOf(lang, d)
	aging, ok, err := s.receivables(ctx, t)
	if err != nil {
		return dashboardView{}, fmt.Errorf("receivables: %w", err)
	}
	if ok {
		v.Receivables = receivablesOf(aging, 5)
	}
	return v, nil
}

// dashboardViewOf turns the figures into the page's view and charts.
func dashboardViewOf(lang string, d sales.Dashboard) dashboardView {
	v := dashboardView{Received: d.Received, Oldest: d.Oldest, BuyerPending: d.BuyerPending,
		ThisMonth: d.ThisMonth().Amount, MonthLabel: monthLabel(lang, d.ThisMonth().Start, true),
		ReceivedMore: d.Capped(d.Received), BuyerMore: d.Capped(d.BuyerPending)}
	for i, p := range d.TopProducts {
		v.TopProducts = append(v.TopProducts, rankedProduct{i + 1, p})
	}
	for i, b := range d.TopBuyers {
		v.TopBuyers = append(v.TopBuyers, rankedBuyer{i + 1, b})
	}
	for _, b := range d.Days {
		v.Days30.Amount += b.Amount.Amount
		v.Days30.Orders += b.Orders
	}
	if n := len(d.Days); n > 0 {
		v.Today = d.Days[n-1].Amount
	}
	v.Daily, v.Monthly = dailyChart(lang, d.Days).SVG(), monthlyChart(lang, d.Months).SVG()
	return v
}

// receivables is the HOOK for the outstanding balances card: it answers
// false until the web server has the billing service. Wiring, once Deps
// has Billing *billing.Service:
//
//	a, err := s.Billing.Aging(ctx, t); return a, err == nil, err
func (s *Server) receivables(ctx context.Context, t oroshi.TenantID) (billing.Aging, bool, error) {
	if s.Billing == nil {
		return billing.Aging{}, false, nil
	}
	a, err := s.Billing.Aging(ctx, t)
	return a, err == nil, err
}

// receivablesOf sums the aging list: everything not in the current bucket
// is overdue; the n buyers owing most come first.
func receivablesOf(a billing.Aging, n int) *receivablesView {
	v := &receivablesView{Total: a.Totals.Total}
	v.Overdue = a.Totals.Total - a.Totals.Amount(billing.BucketCurrent)
	rows := append([]billing.AgingRow(nil), a.Rows...)
	for i := 1; i < len(rows); i++ { // insertion sort: a few hundred rows at most on a card
		for j := i; j > 0 && rows[j].Total > rows[j-1].Total; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	v.Top = rows[:min(n, len(rows))]
	return v
}

// dailyChart: one bar a day, the day of the month under it and the month
// under the first day and each 1st.
func dailyChart(lang string, days []sales.Bucket) barChart {
	c := barChart{Class: "daily", Lang: lang, Empty: translate(lang, "この期間の売上はまだありません")}
	var total oroshi.Yen
	var best sales.Bucket
	for i, d := range days {
		bar := chartBar{Label: fmt.Sprint(d.Start.Day), Value: int64(d.Amount.Amount), Current: i == len(days)-1,
			Title: fmt.Sprintf("%s  %s（%d%s）", dayLabel(lang, d.Start), yenText(d.Amount.Amount), d.Orders, translate(lang, "件"))}
		if i == 0 || d.Start.Day == 1 {
			bar.Group = monthLabel(lang, d.Start, false)
		}
		c.Bars = append(c.Bars, bar)
		total += d.Amount.Amount
		if d.Amount.Amount > best.Amount.Amount {
			best = d
		}
	}
	c.Summary = chartSummary(lang, "日別売上（直近30日）", total, best, dayLabel)
	return c
}

// monthlyChart: one bar a month with its amount on top, the year under
// the first month and each January.
func monthlyChart(lang string, months []sales.Bucket) barChart {
	c := barChart{Class: "monthly", Lang: lang, Empty: translate(lang, "この期間の売上はまだありません")}
	var total oroshi.Yen
	var best sales.Bucket
	for i, m := range months {
		bar := chartBar{Label: shortMonth(lang, m.Start), Value: int64(m.Amount.Amount), Current: i == len(months)-1,
			Title: fmt.Sprintf("%s  %s（%d%s）", monthLabel(lang, m.Start, true), yenText(m.Amount.Amount), m.Orders, translate(lang, "件"))}
		if m.Amount.Amount > 0 {
			bar.Tag = tagYen(lang, int64(m.Amount.Amount))
		}
		if i == 0 || m.Start.Month == time.January {
			bar.Group = fmt.Sprint(m.Start.Year) + translate(lang, "年|暦")
		}
		c.Bars = append(c.Bars, bar)
		total += m.Amount.Amount
		if m.Amount.Amount > best.Amount.Amount {
			best = m
		}
	}
	c.Summary = chartSummary(lang, "月別売上（直近12か月）", total, best,
		func(lang string, d pricing.Date) string { return monthLabel(lang, d, true) })
	return c
}

// chartSummary is the chart's text for screen readers: what, the total and
// the best bucket.
func chartSummary(lang, what string, total oroshi.Yen, best sales.Bucket, label func(string, pricing.Date) string) string {
	s := translate(lang, what) + translate(lang, "：合計") + " " + yenText(total)
	if best.Amount.Amount > 0 {
		s += translate(lang, "、最高") + " " + label(lang, best.Start) + " " + yenText(best.Amount.Amount)
	}
	return s
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// dayLabel: 5月13日（水） / Wed 13 May (dateLabel, shop_cart_view.go).
func dayLabel(lang string, d pricing.Date) string { return dateLabel(d, lang, false) }

// monthLabel: 2026年5月 (withYear) or 5月 / May 2026 or May.
func monthLabel(lang string, d pricing.Date, withYear bool) string {
	if lang == langEN {
		if withYear {
			return fmt.Sprintf("%s %d", monthsEN[d.Month-1], d.Year)
		}
		return monthsEN[d.Month-1]
	}
	if withYear {
		return fmt.Sprintf("%d年%d月", d.Year, d.Month)
	}
	return fmt.Sprintf("%d月", d.Month)
}

// roundTo3 keeps three significant digits: 123,456 → 123,000.
func roundTo3(v int64) int64 {
	p := int64(1)
	for v/p >= 1000 {
		p *= 10
	}
	return (v + p/2) / p * p
}

func shortMonth(lang string, d pricing.Date) string { return monthLabel(lang, d, false) }

// tagYen is a monthly bar's amount: 12.3万円, or ¥123k in English.
func tagYen(lang string, v int64) string {
	if lang == langEN {
		return "¥" + axisYen(lang, roundTo3(v))
	}
	return compactYen(v)
}
