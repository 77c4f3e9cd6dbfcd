package loadtest

import (
	"math"
	"slices"
	"sort"
	"sync"
	"time"
)

// recorder collects the latency and outcome of every request of one step,
// by page name.
type recorder struct {
	mu    sync.Mutex
	pages map[string]*pageSamples
}

type pageSamples struct {
	lat      []time.Duration
	errors   map[string]int
	examples map[string]string // outcome → the first message seen
	cut      int
	cutAge   time.Duration // the longest wait among the cut requests
}

func newRecorder() *recorder { return &recorder{pages: map[string]*pageSamples{}} }

// add records one request; outcome is "" for a success, else a status code
// ("500") or a short cause ("timeout", "conn").
func (r *recorder) add(page string, d time.Duration, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.page(page)
	p.lat = append(p.lat, d)
	if outcome != "" {
		p.errors[outcome]++
	}
}

// example keeps the first message seen for a page's error outcome.
func (r *recorder) example(page, outcome, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.page(page)
	if _, ok := p.examples[outcome]; !ok && msg != "" {
		p.examples[outcome] = msg
	}
}

// cut counts a request still unanswered when its step ended, after
// waiting d: its latency would only be a lower bound, so it is counted
// apart, with the longest such wait (a request stuck for the whole step
// shows there, not in the percentiles).
func (r *recorder) cut(page string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.page(page)
	p.cut++
	p.cutAge = max(p.cutAge, d)
}

func (r *recorder) page(name string) *pageSamples {
	p := r.pages[name]
	if p == nil {
		p = &pageSamples{errors: map[string]int{}, examples: map[string]string{}}
		r.pages[name] = p
	}
	return p
}

// PageResult is one page's figures in one step. Latencies are in
// milliseconds; Share* are this page's throughput divided by the
// baselines' throughput at the same concurrency.
type PageResult struct {
	Page       string         `json:"page"`
	Count      int            `json:"count"`
	RPS        float64        `json:"rps"`
	P50        float64        `json:"p50_ms"`
	P95        float64        `json:"p95_ms"`
	P99        float64        `json:"p99_ms"`
	Errors     map[string]int `json:"errors,omitempty"`
	Unfinished int            `json:"unfinished,omitempty"` // still waiting when the step ended
	// LongestUnfinished is how long the longest-waiting unfinished request
	// had waited when the step ended, in ms.
	LongestUnfinished float64           `json:"longest_unfinished_ms,omitempty"`
	Examples          map[string]string `json:"error_examples,omitempty"` // an error's first message
	ShareStatic       float64           `json:"share_of_static,omitempty"`
	ShareSQLite       float64           `json:"share_of_sqlite,omitempty"`
}

// ErrorCount sums the errors of all kinds.
func (p PageResult) ErrorCount() int {
	n := 0
	for _, c := range p.Errors {
		n += c
	}
	return n
}

// results summarises the recorder over a window of the given length: one
// row per page (sorted by name) and a total row.
func (r *recorder) results(window time.Duration) (pages []PageResult, total PageResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	all := &pageSamples{errors: map[string]int{}}
	for name, p := range r.pages {
		pages = append(pages, summarise(name, p, window))
		all.lat = append(all.lat, p.lat...)
		all.cut += p.cut
		all.cutAge = max(all.cutAge, p.cutAge)
		for k, v := range p.errors {
			all.errors[k] += v
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Page < pages[j].Page })
	return pages, summarise("total", all, window)
}

func summarise(name string, p *pageSamples, window time.Duration) PageResult {
	s := slices.Clone(p.lat)
	slices.Sort(s)
	errs := p.errors
	res := PageResult{Page: name, Count: len(s), P50: quantile(s, 0.50), P95: quantile(s, 0.95), P99: quantile(s, 0.99),
		Unfinished: p.cut, LongestUnfinished: round(float64(p.cutAge) / float64(time.Millisecond))}
	if len(p.examples) > 0 {
		res.Examples = p.examples
	}
	if window > 0 {
		res.RPS = round(float64(len(s)) / window.Seconds())
	}
	if len(errs) > 0 {
		res.Errors = errs
	}
	return res
}

// quantile of sorted latencies, in milliseconds (nearest rank).
func quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	i = min(max(i, 0), len(sorted)-1)
	return round(float64(sorted[i]) / float64(time.Millisecond))
}

func round(f float64) float64 { return math.Round(f*100) / 100 }
