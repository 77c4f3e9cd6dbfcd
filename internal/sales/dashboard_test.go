package sales

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/pricing"
)

func TestDashboardQueryOf(t *testing.T) {
	q := DashboardQueryOf(pricing.NewDate(2026, 1, 15))
	if q.From.String() != "2025-12-17" || q.To.String() != "2026-01-15" || q.FirstMonth.String() != "2025-02-01" ||
		q.Month.String() != "2026-01-01" || q.Top != 10 || q.Oldest != 5 {
		t.Errorf("query %+v", q)
	}
	if MonthKey(q.Month) != "2026-01" || DayKey(q.From) != "2025-12-17" {
		t.Errorf("keys %s %s", MonthKey(q.Month), DayKey(q.From))
	}
}

func TestCountsAsSales(t *testing.T) {
	for _, st := range Statuses {
		want := st != StatusCancelled && st != StatusBuyerApproval
		if CountsAsSales(st) != want {
			t.Errorf("%s counts %v, want %v", st, CountsAsSales(st), want)
		}
	}
}

// dashStore answers fixed figures and keeps the query it got.
type dashStore struct {
	Store // not used
	q     DashboardQuery
	f     DashboardFigures
}

func (d *dashStore) SalesDashboard(_ context.Context, _ oroshi.TenantID, q DashboardQuery) (DashboardFigures, error) {
	d.q = q
	return d.f, nil
}

// TestDashboardFillsGaps: every day and month has its bucket, in order,
// zero when the store has no row; "today" is the JST date (15:30 UTC on
// 31 December is already 1 January in Japan).
func TestDashboardFillsGaps(t *testing.T) {
	st := &dashStore{f: DashboardFigures{
		Days:   map[string]Amount{"2026-01-01": {Amount: 500, Orders: 2}, "2025-12-03": {Amount: 7, Orders: 1}},
		Months: map[string]Amount{"2026-01": {Amount: 500, Orders: 2}, "2025-02": {Amount: 9, Orders: 1}}}}
	svc := &Service{Store: st, Now: func() time.Time { return time.Date(2025, 12, 31, 15, 30, 0, 0, time.UTC) }}
	d, err := svc.Dashboard(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Today.String() != "2026-01-01" || len(d.Days) != DashboardDays || len(d.Months) != DashboardMonths {
		t.Fatalf("today %s, %d days, %d months", d.Today, len(d.Days), len(d.Months))
	}
	if d.Days[0].Start.String() != "2025-12-03" || d.Days[0].Amount.Amount != 7 || d.Days[29].Amount.Orders != 2 ||
		d.Days[15].Amount != (Amount{}) {
		t.Errorf("days %+v … %+v", d.Days[0], d.Days[29])
	}
	if d.Months[0].Start.String() != "2025-02-01" || d.Months[0].Amount.Amount != 9 || d.ThisMonth().Amount.Amount != 500 ||
		d.Months[5].Amount != (Amount{}) {
		t.Errorf("months %+v … %+v", d.Months[0], d.ThisMonth())
	}
}
