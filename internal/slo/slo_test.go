package slo

import (
	"math"
	"testing"
	"time"
)

func TestAvailability(t *testing.T) {
	tests := []struct {
		p         Probes
		want      float64
		wantKnown bool
		met       bool
	}{
		{Probes{}, 1, false, true},
		{Probes{Total: 5760, OK: 5760}, 1, true, true},
		{Probes{Total: 10000, OK: 9999}, 0.9999, true, true},
		{Probes{Total: 10000, OK: 9998}, 0.9998, true, false},
		{Probes{Total: 4, OK: 0}, 0, true, false},
	}
	for _, tt := range tests {
		got, known := tt.p.Availability()
		if math.Abs(got-tt.want) > 1e-12 || known != tt.wantKnown || tt.p.Met() != tt.met {
			t.Errorf("%+v: got %v %v met %v, want %v %v %v", tt.p, got, known, tt.p.Met(), tt.want, tt.wantKnown, tt.met)
		}
	}
}

func TestPercentile(t *testing.T) {
	var h100 Histogram
	h100[1] = 100 // all in (50, 100] ms
	var mixed Histogram
	mixed[0], mixed[3], mixed[9] = 90, 9, 1 // ≤50: 90, (200,300]: 9, >5000: 1
	tests := []struct {
		name string
		h    Histogram
		q    float64
		want float64
		ok   bool
	}{
		{"empty", Histogram{}, 0.5, 0, false},
		{"p50 inside one bucket", h100, 0.5, 75, true},
		{"p100 top of bucket", h100, 1, 100, true},
		{"p50 first bucket", mixed, 0.5, 50 * 50.0 / 90, true},
		{"p95 third bucket", mixed, 0.95, 200 + 100*5.0/9, true},
		{"p99 at the edge", mixed, 0.99, 300, true},
		{"p999 overflow answers the last bound", mixed, 0.999, 5000, true},
	}
	for _, tt := range tests {
		got, ok := tt.h.Percentile(tt.q)
		if math.Abs(got-tt.want) > 1e-9 || ok != tt.ok {
			t.Errorf("%s: got %v %v, want %v %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBucketAndFast(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want int
	}{
		{0, 0}, {50 * time.Millisecond, 0}, {51 * time.Millisecond, 1}, {3 * time.Second, 7},
		{3001 * time.Millisecond, 8}, {5 * time.Second, 8}, {time.Minute, 9},
	}
	var h Histogram
	for _, tt := range tests {
		if got := Bucket(tt.d); got != tt.want {
			t.Errorf("Bucket(%v) = %d, want %d", tt.d, got, tt.want)
		}
		h[Bucket(tt.d)]++
	}
	if h.Total() != 7 || h.Fast() != 4 {
		t.Errorf("Total %d Fast %d, want 7 4", h.Total(), h.Fast())
	}
}

// weekdaysOnly stands in for holiday.IsBusinessDay, with one holiday.
func weekdaysOnly(d time.Time) bool {
	if d.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) { // 勤労感謝の日 (Mon)
		return false
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

func TestBusinessShare(t *testing.T) {
	at := func(day, hourJST int) time.Time { // November 2026, JST hour → UTC
		return time.Date(2026, 11, day, hourJST, 0, 0, 0, jst).UTC()
	}
	hist := func(fast, slow int64) Histogram {
		var h Histogram
		h[2], h[9] = fast, slow
		return h
	}
	tests := []struct {
		name      string
		stats     []HourStat
		want      float64
		wantTotal int64
	}{
		{"nothing", nil, 1, 0},
		{"weekday 9:00 counts", []HourStat{{Hour: at(24, 9), Hist: hist(99, 1)}}, 0.99, 100},
		{"weekday 17:00 counts, 18:00 not", []HourStat{{Hour: at(24, 17), Hist: hist(3, 1)}, {Hour: at(24, 18), Hist: hist(0, 50)}}, 0.75, 4},
		{"8:00 not", []HourStat{{Hour: at(24, 8), Hist: hist(0, 9)}, {Hour: at(25, 10), Hist: hist(1, 0)}}, 1, 1},
		{"Saturday not", []HourStat{{Hour: at(28, 10), Hist: hist(0, 9)}}, 1, 0},
		{"holiday not", []HourStat{{Hour: at(23, 10), Hist: hist(0, 9)}, {Hour: at(24, 10), Hist: hist(1, 1)}}, 0.5, 2},
	}
	for _, tt := range tests {
		got, total := BusinessShare(tt.stats, weekdaysOnly)
		if math.Abs(got-tt.want) > 1e-12 || total != tt.wantTotal {
			t.Errorf("%s: got %v of %d, want %v of %d", tt.name, got, total, tt.want, tt.wantTotal)
		}
	}
}

func TestDailyMonthly(t *testing.T) {
	now := time.Date(2026, 11, 26, 1, 0, 0, 0, jst) // JST 26th, UTC still the 25th
	hours := []ProbeHour{
		{Hour: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC), Total: 240, OK: 240}, // JST 26th 0:00
		{Hour: time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC), Total: 240, OK: 239}, // JST 25th 23:00
		{Hour: time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC), Total: 10, OK: 5},    // JST Nov 1st
		{Hour: time.Date(2026, 10, 31, 14, 0, 0, 0, time.UTC), Total: 10, OK: 10},   // JST Oct 31st
		{Hour: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Total: 10, OK: 0},       // too old
	}
	days := Daily(hours, 30, now)
	if len(days) != 30 || days[29].Start != time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("days end at %v", days[len(days)-1].Start)
	}
	if days[29].Probes != (Probes{240, 240}) || days[28].Probes != (Probes{240, 239}) || days[4].Probes != (Probes{10, 5}) {
		t.Errorf("days: %+v %+v %+v", days[29], days[28], days[4])
	}
	months := Monthly(hours, 12, now)
	if months[11].Probes != (Probes{490, 484}) || months[10].Probes != (Probes{10, 10}) || months[0].Start.Month() != time.December {
		t.Errorf("months: %+v %+v first %v", months[11], months[10], months[0].Start)
	}
}

func TestRecorder(t *testing.T) {
	r := NewRecorder()
	now := time.Date(2026, 11, 26, 3, 30, 0, 0, time.UTC)
	r.Observe(now.Add(-90*time.Second), "GET /old", 500, time.Millisecond) // outside the minute
	for i := range 10 {
		status := 200
		if i < 3 {
			status = 503
		}
		r.Observe(now.Add(-time.Duration(i)*time.Second), "GET /x", status, 20*time.Millisecond)
	}
	if share, total := r.ErrorRate(now); total != 10 || math.Abs(share-0.3) > 1e-12 {
		t.Errorf("ErrorRate = %v of %d, want 0.3 of 10", share, total)
	}
	stats := r.Drain()
	if len(stats) != 2 {
		t.Fatalf("Drain: %d stats, want 2", len(stats))
	}
	if len(r.Drain()) != 0 {
		t.Error("second Drain not empty")
	}
	r.Restore(stats)
	r.Observe(now, "GET /x", 200, 4*time.Second)
	var x Histogram
	for _, s := range r.Drain() {
		if s.Route == "GET /x" {
			x = s.Hist
		}
	}
	if x.Total() != 11 || x.Fast() != 10 {
		t.Errorf("after Restore: total %d fast %d, want 11 10", x.Total(), x.Fast())
	}
}

func TestTopRoutes(t *testing.T) {
	h := func(b int, n int64) Histogram {
		var x Histogram
		x[b] = n
		return x
	}
	hour := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	stats := []HourStat{
		{Hour: hour, Route: "GET /a", Hist: h(1, 10)},
		{Hour: hour.Add(time.Hour), Route: "GET /a", Hist: h(1, 10)},
		{Hour: hour, Route: "GET /b", Hist: h(9, 5)},
		{Hour: hour, Route: "GET /c", Hist: h(0, 1)},
	}
	got := TopRoutes(stats, 2)
	if len(got) != 2 || got[0].Route != "GET /a" || got[0].Count != 20 || got[0].P50 != 75 || got[0].FastShare != 1 ||
		got[1].Route != "GET /b" || got[1].P99 != 5000 || got[1].FastShare != 0 {
		t.Errorf("TopRoutes = %+v", got)
	}
}
