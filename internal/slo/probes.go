package slo

import "time"

// ProbeHour is the readiness probes of one hour (start of the hour, UTC).
type ProbeHour struct {
	Hour         time.Time
	Total, OK    int64
	LatencySumMS int64
	LatencyMaxMS int64
}

// Add counts one probe.
func (p *ProbeHour) Add(ok bool, latency time.Duration) {
	p.Total++
	if ok {
		p.OK++
	}
	ms := latency.Milliseconds()
	p.LatencySumMS += ms
	p.LatencyMaxMS = max(p.LatencyMaxMS, ms)
}

// Period is the probes of one JST day or month.
type Period struct {
	Start time.Time // JST midnight of the day or the 1st of the month
	Probes
}

// Daily sums hours into the n JST days ending with now's day, oldest first.
func Daily(hours []ProbeHour, n int, now time.Time) []Period {
	today := DayJST(now)
	out := make([]Period, n)
	for i := range out {
		out[i].Start = today.AddDate(0, 0, i-n+1)
	}
	for _, h := range hours {
		d := DayJST(h.Hour)
		i := int(d.Sub(out[0].Start).Hours() / 24)
		if i >= 0 && i < n {
			out[i].Total += h.Total
			out[i].OK += h.OK
		}
	}
	return out
}

// Monthly sums hours into the n JST months ending with now's month, oldest
// first.
func Monthly(hours []ProbeHour, n int, now time.Time) []Period {
	today := DayJST(now)
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]Period, n)
	for i := range out {
		out[i].Start = first.AddDate(0, i-n+1, 0)
	}
	for _, h := range hours {
		d := DayJST(h.Hour)
		i := (d.Year()-out[0].Start.Year())*12 + int(d.Month()) - int(out[0].Start.Month())
		if i >= 0 && i < n {
			out[i].Total += h.Total
			out[i].OK += h.OK
		}
	}
	return out
}
