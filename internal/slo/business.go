package slo

import (
	"sort"
	"time"
)

// jst is fixed: Japan has no daylight saving time.
var jst = time.FixedZone("JST", 9*60*60)

// Business hours of the SLA: weekdays 9:00–18:00 JST, national holidays
// and the year-end break excluded (the business-day rule is passed in, from
// internal/holiday).
const (
	BusinessStartHour = 9
	BusinessEndHour   = 18
)

// InBusinessHours tells whether the hour starting at t (any zone) lies in
// business hours: its JST hour is within 9–17 and its day is a business day.
func InBusinessHours(t time.Time, isBusinessDay func(time.Time) bool) bool {
	j := t.In(jst)
	if j.Hour() < BusinessStartHour || j.Hour() >= BusinessEndHour {
		return false
	}
	return isBusinessDay(time.Date(j.Year(), j.Month(), j.Day(), 0, 0, 0, 0, time.UTC))
}

// HourStat is one route's requests during one hour.
type HourStat struct {
	Hour  time.Time // start of the hour, UTC
	Route string
	Hist  Histogram
}

// BusinessShare is the share of requests answered within FastThreshold
// during business hours, and how many requests that covers.
func BusinessShare(stats []HourStat, isBusinessDay func(time.Time) bool) (share float64, total int64) {
	var fast int64
	for _, s := range stats {
		if !InBusinessHours(s.Hour, isBusinessDay) {
			continue
		}
		fast += s.Hist.Fast()
		total += s.Hist.Total()
	}
	return Share(fast, total), total
}

// DayJST is the JST calendar day of t, as a date at UTC midnight (the form
// internal/holiday takes).
func DayJST(t time.Time) time.Time {
	j := t.In(jst)
	return time.Date(j.Year(), j.Month(), j.Day(), 0, 0, 0, 0, time.UTC)
}

// RouteFigures are one route's requests over a period.
type RouteFigures struct {
	Route     string
	Count     int64
	P50, P99  float64 // milliseconds
	FastShare float64 // answered within FastThreshold
}

// TopRoutes sums stats per route and returns the n busiest routes, busiest
// first (ties by route).
func TopRoutes(stats []HourStat, n int) []RouteFigures {
	sums := map[string]*Histogram{}
	for _, s := range stats {
		h := sums[s.Route]
		if h == nil {
			h = new(Histogram)
			sums[s.Route] = h
		}
		h.Add(s.Hist)
	}
	out := make([]RouteFigures, 0, len(sums))
	for route, h := range sums {
		f := RouteFigures{Route: route, Count: h.Total(), FastShare: Share(h.Fast(), h.Total())}
		f.P50, _ = h.Percentile(0.5)
		f.P99, _ = h.Percentile(0.99)
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Route < out[j].Route
	})
	return out[:min(n, len(out))]
}
