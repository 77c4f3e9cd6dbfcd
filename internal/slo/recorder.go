package slo

import (
	"sync"
	"time"
)

// errorWindow is how far back the error rate looks, in seconds.
const errorWindow = 60

// Recorder aggregates requests in memory: per route and hour for the SLO
// tables (drained every minute), and per second over the last minute for
// the watchdog's error-rate check. Safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	hours map[hourKey]*Histogram
	secs  [errorWindow]second
}

type hourKey struct {
	hour  time.Time
	route string
}

type second struct {
	unix          int64
	total, errors int64
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{hours: map[hourKey]*Histogram{}} }

// Observe counts one request to route that answered status after d, at.
func (r *Recorder) Observe(at time.Time, route string, status int, d time.Duration) {
	k := hourKey{at.UTC().Truncate(time.Hour), route}
	r.mu.Lock()
	defer r.mu.Unlock()
	h := r.hours[k]
	if h == nil {
		h = new(Histogram)
		r.hours[k] = h
	}
	h[Bucket(d)]++
	unix := at.Unix()
	s := &r.secs[unix%errorWindow]
	if s.unix != unix {
		*s = second{unix: unix}
	}
	s.total++
	if status >= 500 {
		s.errors++
	}
}

// ErrorRate is the share of 5xx answers among the requests of the minute
// before now, and their number.
func (r *Recorder) ErrorRate(now time.Time) (share float64, total int64) {
	cutoff := now.Unix() - errorWindow
	var errs int64
	r.mu.Lock()
	for _, s := range r.secs {
		if s.unix > cutoff && s.unix <= now.Unix() {
			total += s.total
			errs += s.errors
		}
	}
	r.mu.Unlock()
	if total == 0 {
		return 0, 0
	}
	return float64(errs) / float64(total), total
}

// Drain takes the hourly aggregates gathered since the last Drain.
func (r *Recorder) Drain() []HourStat {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]HourStat, 0, len(r.hours))
	for k, h := range r.hours {
		out = append(out, HourStat{Hour: k.hour, Route: k.route, Hist: *h})
	}
	clear(r.hours)
	return out
}

// Restore puts back stats a failed flush could not store, so that they are
// added on the next one.
func (r *Recorder) Restore(stats []HourStat) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range stats {
		k := hourKey{s.Hour, s.Route}
		h := r.hours[k]
		if h == nil {
			h = new(Histogram)
			r.hours[k] = h
		}
		h.Add(s.Hist)
	}
}
