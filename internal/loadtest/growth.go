package loadtest

// Cost growth (TestBenchGrowth, `make bench-growth`): the same step of the
// mixed journey against fresh servers seeded with `oroshi demo --scale
// large --tenants 1` at growing sizes, along two axes: SKUs (orders held
// small) and orders (SKUs held small). The hot pages must not grow with
// the table sizes.

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Growth axes: the smallest size is shared by both.
const (
	growthBaseSKUs   = 1_000
	growthBaseOrders = 10_000
	growthBuyers     = 1_000
	// GrowthTenant is the big tenant of `oroshi demo --scale large`.
	GrowthTenant = "large-000"
)

// GrowthPages are the hot pages compared across sizes.
var GrowthPages = []string{"shop category", "shop search", "shop product", "shop cart", "shop place order",
	"admin orders", "admin orders filtered", "admin order", "api orders"}

// GrowthBuyerCodes are buyer companies of the large data set (all have a
// delivery address) the extra buyer users belong to.
var GrowthBuyerCodes = []string{"B00000", "B00001", "B00002", "B00003", "B00004", "B00005", "B00006", "B00007", "B00008", "B00009"}

// GrowthSize is one data set of the big tenant.
type GrowthSize struct {
	SKUs   int `json:"skus"`
	Orders int `json:"orders"`
	Buyers int `json:"buyers"`
}

// Seed is the seeding subcommand for the size.
func (s GrowthSize) Seed() []string {
	return []string{"demo", "--scale", "large", "--tenants", "1", "--skus", strconv.Itoa(s.SKUs),
		"--buyers", strconv.Itoa(s.Buyers), "--orders", strconv.Itoa(s.Orders)}
}

// GrowthSizes lists the sizes up to the maxima, smallest first: 1,000 SKUs
// with 10,000 orders, then 10,000 and 100,000 SKUs (10,000 orders), then
// 100,000 and 1,000,000 orders (1,000 SKUs).
func GrowthSizes(maxSKUs, maxOrders int) []GrowthSize {
	out := []GrowthSize{{growthBaseSKUs, growthBaseOrders, growthBuyers}}
	for _, n := range []int{10_000, 100_000} {
		if n <= maxSKUs {
			out = append(out, GrowthSize{n, growthBaseOrders, growthBuyers})
		}
	}
	for _, n := range []int{100_000, 1_000_000} {
		if n <= maxOrders {
			out = append(out, GrowthSize{growthBaseSKUs, n, growthBuyers})
		}
	}
	return out
}

// GrowthPoint is one size's step.
type GrowthPoint struct {
	Size           GrowthSize `json:"size"`
	PrepareSeconds float64    `json:"prepare_seconds"` // build, seed, users, start
	Step           StepResult `json:"step"`
	ServerLog      string     `json:"server_log_tail,omitempty"` // when nothing was answered, or errors
}

// GrowthReport is a run on one engine.
type GrowthReport struct {
	Engine        string        `json:"engine"`
	Started       time.Time     `json:"started"`
	GoVersion     string        `json:"go_version"`
	CPUs          int           `json:"cpus"`
	VUs           int           `json:"vus"`
	StepSeconds   float64       `json:"step_seconds"`
	WarmupSeconds float64       `json:"warmup_seconds"`
	StaffExport   bool          `json:"staff_csv_export"` // the staff's loop includes the CSV export of all orders
	MaxSKUs       int           `json:"max_skus"`
	MaxOrders     int           `json:"max_orders"`
	Points        []GrowthPoint `json:"points"`
}

// NewGrowthReport starts a report of a run of opt on engine.
func NewGrowthReport(engine string, opt Options, maxSKUs, maxOrders int) *GrowthReport {
	return &GrowthReport{Engine: engine, Started: time.Now().UTC(), GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
		VUs: opt.Steps[0], StepSeconds: opt.Duration.Seconds(), WarmupSeconds: opt.Warmup.Seconds(), StaffExport: !opt.NoExport,
		MaxSKUs: maxSKUs, MaxOrders: maxOrders}
}

// WriteJSON writes the report as dir/growth-<engine>-<time>.json.
func (g *GrowthReport) WriteJSON(dir string) (string, error) {
	return writeJSON(dir, "growth", g.Engine, g.Started, g)
}

// Markdown renders one table per axis: pages as rows, sizes as columns.
func (g *GrowthReport) Markdown() string {
	var b strings.Builder
	export := "without"
	if g.StaffExport {
		export = "with"
	}
	fmt.Fprintf(&b, "#### %s — %s, %d CPUs, %d VUs of the mixed journey (staff %s the CSV export), %s per size after a %s warm-up, %s buyer companies\n\n",
		g.Engine, g.Started.Format("2006-01-02 15:04 UTC"), g.CPUs, g.VUs, export, time.Duration(g.StepSeconds*float64(time.Second)),
		time.Duration(g.WarmupSeconds*float64(time.Second)), thousands(growthBuyers))
	if g.MaxOrders < 1_000_000 || g.MaxSKUs < 100_000 {
		fmt.Fprintf(&b, "Stopped at %s SKUs and %s orders (OROSHI_GROWTH_MAX_SKUS, OROSHI_GROWTH_MAX_ORDERS).\n\n",
			thousands(g.MaxSKUs), thousands(g.MaxOrders))
	}
	g.axis(&b, fmt.Sprintf("SKUs (%s orders)", thousands(growthBaseOrders)), func(s GrowthSize) (string, bool) {
		return thousands(s.SKUs) + " SKUs", s.Orders == growthBaseOrders
	})
	g.axis(&b, fmt.Sprintf("Orders (%s SKUs)", thousands(growthBaseSKUs)), func(s GrowthSize) (string, bool) {
		return thousands(s.Orders) + " orders", s.SKUs == growthBaseSKUs
	})
	return b.String()
}

// axis writes the table of the points on an axis (in the order run).
func (g *GrowthReport) axis(b *strings.Builder, title string, on func(GrowthSize) (string, bool)) {
	var pts []GrowthPoint
	var heads []string
	for _, p := range g.Points {
		if h, ok := on(p.Size); ok {
			pts, heads = append(pts, p), append(heads, h)
		}
	}
	if len(pts) == 0 {
		return
	}
	fmt.Fprintf(b, "%s — cells: p50 / p99 ms, req/s:\n\n| page | %s | p99 largest/smallest |\n|---|%s---:|\n",
		title, strings.Join(heads, " | "), strings.Repeat("---:|", len(pts)))
	for _, name := range append(slices.Clone(GrowthPages), "total") {
		cells := make([]string, len(pts))
		for i, p := range pts {
			r := p.page(name)
			cells[i] = fmt.Sprintf("%.0f / %.0f, %.1f", r.P50, r.P99, r.RPS)
		}
		first, last := pts[0].page(name).P99, pts[len(pts)-1].page(name).P99
		ratio := "—"
		if len(pts) > 1 && first > 0 && last > 0 {
			ratio = fmt.Sprintf("%.1f×", last/first)
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", name, strings.Join(cells, " | "), ratio)
	}
	row := func(label string, cell func(GrowthPoint) string) {
		cells := make([]string, len(pts))
		for i, p := range pts {
			cells[i] = cell(p)
		}
		fmt.Fprintf(b, "| %s | %s | |\n", label, strings.Join(cells, " | "))
	}
	row("errors", func(p GrowthPoint) string { return errorText(p.Step.Total) })
	row("longest unanswered at the end", GrowthPoint.longestWait)
	row("20-row baseline req/s", func(p GrowthPoint) string { return orDash(p.Step.Baselines[baseSQLite].RPS, "%.0f") })
	row("server CPU %", func(p GrowthPoint) string { return fmt.Sprintf("%.0f", p.Step.Server.CPUPercent) })
	row("server CPU ms per request", func(p GrowthPoint) string { return orDash(p.cpuPerRequest(), "%.1f") })
	row("prepare s (seed)", func(p GrowthPoint) string { return fmt.Sprintf("%.0f", p.PrepareSeconds) })
	row("load avg", func(p GrowthPoint) string { return p.Step.LoadAvg })
	b.WriteString("\n")
}

// cpuPerRequest is the server's CPU time per request in ms: less moved by
// the machine's other work than latency is (0: not measured).
func (p GrowthPoint) cpuPerRequest() float64 {
	if p.Step.Total.RPS <= 0 {
		return 0
	}
	return round(p.Step.Server.CPUPercent * 10 / p.Step.Total.RPS)
}

// longestWait names the request that had waited longest, unanswered,
// when the step ended: "12.3 s admin orders filtered". Such a request is
// in no percentile.
func (p GrowthPoint) longestWait() string {
	var w PageResult
	for _, r := range p.Step.Pages {
		if r.LongestUnfinished > w.LongestUnfinished {
			w = r
		}
	}
	if w.LongestUnfinished == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f s %s", w.LongestUnfinished/1000, w.Page)
}

// page is the named page's result of the point ("total": all pages).
func (p GrowthPoint) page(name string) PageResult {
	if name == "total" {
		return p.Step.Total
	}
	for _, r := range p.Step.Pages {
		if r.Page == name {
			return r
		}
	}
	return PageResult{Page: name}
}

// thousands writes n with thousands separators: 1000000 → "1,000,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
