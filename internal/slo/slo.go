// Package slo is the arithmetic of the service level objectives: the
// availability from readiness probes, the share of requests answered within
// 3 seconds during business hours, and percentiles read off fixed
// histograms. It knows nothing of storage or HTTP.
package slo

import (
	"math"
	"time"
)

// Objective is the availability target (99.99 %).
const Objective = 0.9999

// FastThreshold is the reference response time of the SLA.
const FastThreshold = 3 * time.Second

// Bounds are the upper bounds of the request histogram buckets, in
// milliseconds; one more bucket (index len(Bounds)) counts everything above.
var Bounds = []int64{50, 100, 200, 300, 500, 1000, 2000, 3000, 5000}

// NumBuckets is len(Bounds)+1.
const NumBuckets = 10

// fastBuckets is how many buckets lie at or under FastThreshold.
const fastBuckets = 8

// Bucket is the index of the bucket that d falls in.
func Bucket(d time.Duration) int {
	ms := d.Milliseconds()
	for i, b := range Bounds {
		if ms <= b {
			return i
		}
	}
	return len(Bounds)
}

// Probes are readiness probe counts over some period.
type Probes struct {
	Total, OK int64
}

// Availability is OK/Total; with no probes it is 1 (nothing seen failing)
// and known is false.
func (p Probes) Availability() (a float64, known bool) {
	if p.Total == 0 {
		return 1, false
	}
	return float64(p.OK) / float64(p.Total), true
}

// Met tells whether the availability meets the objective.
func (p Probes) Met() bool {
	a, _ := p.Availability()
	return a >= Objective
}

// Histogram is request counts per bucket of Bounds.
type Histogram [NumBuckets]int64

// Add adds o's counts.
func (h *Histogram) Add(o Histogram) {
	for i := range h {
		h[i] += o[i]
	}
}

// Total is the number of requests counted.
func (h Histogram) Total() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Fast is the number of requests at or under FastThreshold.
func (h Histogram) Fast() int64 {
	var n int64
	for _, c := range h[:fastBuckets] {
		n += c
	}
	return n
}

// Percentile estimates the q-quantile (0 < q ≤ 1) in milliseconds by linear
// interpolation inside the bucket that holds it, as Prometheus'
// histogram_quantile does. Above the last bound it answers the last bound
// (the true value is unknown, only that it is larger). Empty: 0, false.
func (h Histogram) Percentile(q float64) (ms float64, ok bool) {
	total := h.Total()
	if total == 0 {
		return 0, false
	}
	rank := q * float64(total)
	var seen float64
	for i, c := range h {
		if c == 0 {
			continue
		}
		if seen+float64(c) >= rank {
			if i == len(Bounds) {
				return float64(Bounds[len(Bounds)-1]), true
			}
			lower := 0.0
			if i > 0 {
				lower = float64(Bounds[i-1])
			}
			upper := float64(Bounds[i])
			return lower + (upper-lower)*(rank-seen)/float64(c), true
		}
		seen += float64(c)
	}
	return float64(Bounds[len(Bounds)-1]), true
}

// Share is part/whole, 1 when whole is 0.
func Share(part, whole int64) float64 {
	if whole == 0 {
		return 1
	}
	return float64(part) / float64(whole)
}

// Percent formats a share with the precision the 99.99 % objective needs,
// rounding down so that 99.995 % never shows as meeting 100 %.
func Percent(share float64) float64 {
	return math.Floor(share*1e6) / 1e4
}
