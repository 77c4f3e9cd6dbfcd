package loadtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

// Report is a whole run: the settings, the machine and each step.
type Report struct {
	Engine      string        `json:"engine"`
	Started     time.Time     `json:"started"`
	GoVersion   string        `json:"go_version"`
	CPUs        int           `json:"cpus"`
	StepSeconds float64       `json:"step_seconds"`
	ThinkMS     float64       `json:"think_ms"`
	Checkout    int           `json:"checkout_every"`
	Mix         []string      `json:"mix"`
	Buyers      int           `json:"buyer_accounts"`
	Staff       int           `json:"staff_accounts"`
	Steps       []StepResult  `json:"steps"`
	Focus       []FocusResult `json:"focus,omitempty"`
}

func newReport(srv *Server, opt Options) *Report {
	return &Report{Engine: srv.Engine, Started: time.Now().UTC(), GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
		StepSeconds: opt.Duration.Seconds(), ThinkMS: float64(opt.Think.Milliseconds()), Checkout: opt.CheckoutEvery,
		Mix: mix, Buyers: len(srv.Buyers), Staff: len(srv.Staff)}
}

// finish computes every page's share of the baselines' throughput.
func (rep *Report) finish() {
	for i := range rep.Steps {
		st := &rep.Steps[i]
		static, sq := st.Baselines[baseStatic].RPS, st.Baselines[baseSQLite].RPS
		share := func(p *PageResult) {
			if static > 0 {
				p.ShareStatic = round(p.RPS / static * 100)
			}
			if sq > 0 {
				p.ShareSQLite = round(p.RPS / sq * 100)
			}
		}
		share(&st.Total)
		for j := range st.Pages {
			share(&st.Pages[j])
		}
	}
}

// WriteJSON writes the report as dir/load-<engine>-<time>.json and
// returns the file's path.
func (rep *Report) WriteJSON(dir string) (string, error) {
	return writeJSON(dir, "load", rep.Engine, rep.Started, rep)
}

// writeJSON writes v as dir/<kind>-<engine>-<started>.json.
func writeJSON(dir, kind, engine string, started time.Time, v any) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", err
	}
	name := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.json", kind, engine, started.Format("20060102-150405")))
	return name, os.WriteFile(name, append(b, '\n'), 0o644)
}

// Markdown renders the report: a summary table per step, then one table
// per step with every page.
func (rep *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "#### %s — %s, %d CPUs, %s per step, think time %s, checkout every %d buyer loops, %d buyer and %d staff accounts\n\n",
		rep.Engine, rep.Started.Format("2006-01-02 15:04 UTC"), rep.CPUs, time.Duration(rep.StepSeconds*float64(time.Second)),
		time.Duration(rep.ThinkMS*float64(time.Millisecond)), rep.Checkout, rep.Buyers, rep.Staff)
	b.WriteString("| VUs | req/s | p50 ms | p95 ms | p99 ms | errors | unfinished | server CPU % | max RSS MiB | 4 KB req/s | 20 rows req/s | % of 4 KB | % of 20 rows | sign-in p95 ms | load avg |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, st := range rep.Steps {
		t := st.Total
		fmt.Fprintf(&b, "| %d | %.1f | %.1f | %.1f | %.1f | %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.0f | %s |\n",
			st.VUs, t.RPS, t.P50, t.P95, t.P99, errorText(t), unfinishedText(t), st.Server.CPUPercent, st.Server.MaxRSSMiB,
			st.Baselines[baseStatic].RPS, st.Baselines[baseSQLite].RPS, t.ShareStatic, t.ShareSQLite, st.SignIn.P95, st.LoadAvg)
	}
	for _, st := range rep.Steps {
		fmt.Fprintf(&b, "\n%d VUs, per page:\n\n", st.VUs)
		b.WriteString("| page | count | req/s | p50 ms | p95 ms | p99 ms | errors | unfinished | % of 4 KB | % of 20 rows |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n")
		for _, p := range st.Pages {
			fmt.Fprintf(&b, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s | %.2f | %.2f |\n",
				p.Page, p.Count, p.RPS, p.P50, p.P95, p.P99, errorText(p), unfinishedText(p), p.ShareStatic, p.ShareSQLite)
		}
		for _, p := range st.Pages {
			for _, k := range slices.Sorted(maps.Keys(p.Examples)) {
				fmt.Fprintf(&b, "\n- %s %s: %s", p.Page, k, p.Examples[k])
			}
		}
		b.WriteString("\n")
	}
	rep.focusMarkdown(&b)
	return b.String()
}

// focusMarkdown renders the focused measurements as one small table.
func (rep *Report) focusMarkdown(b *strings.Builder) {
	if len(rep.Focus) == 0 {
		return
	}
	b.WriteString("\nFocused measurements (after the ramp, flat-out; \"per s\" counts successful requests: list pages, orders placed):\n\n")
	b.WriteString("| focus | VUs | accounts | per s | p50 ms | p95 ms | p99 ms | errors | 20 rows req/s | % of 20 rows | server CPU % | load avg |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n")
	for _, f := range rep.Focus {
		label, errs := "catalog: category list pages", errorText(PageResult{Errors: f.Errors})
		if f.Name == FocusOrder {
			label = "order: place order"
		}
		sq := f.Baselines[baseSQLite].RPS
		fmt.Fprintf(b, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %.0f | %s |\n", label, f.VUs, f.Accounts,
			f.PerSecond, f.Main.P50, f.Main.P95, f.Main.P99, errs, orDash(sq, "%.0f"), orDash(f.ShareSQLite, "%.1f"),
			f.Server.CPUPercent, f.LoadAvg)
		if s := f.Sequence; s != nil {
			fmt.Fprintf(b, "| order: add → place (1–2 items) | %d | %d | %.1f | %.1f | %.1f | %.1f | %s | — | — | | |\n",
				f.VUs, f.Accounts, s.RPS, s.P50, s.P95, s.P99, errorText(*s))
		}
	}
}

// orDash formats f, or "—" when it is zero (not measured).
func orDash(f float64, format string) string {
	if f == 0 {
		return "—"
	}
	return fmt.Sprintf(format, f)
}

// unfinishedText is the count of unanswered requests at the step's end
// and the longest wait among them: "3 (≤ 12.5 s)".
func unfinishedText(p PageResult) string {
	if p.Unfinished == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (≤ %.1f s)", p.Unfinished, p.LongestUnfinished/1000)
}

// errorText lists errors by kind: "500×3, timeout×1", or "0".
func errorText(p PageResult) string {
	if len(p.Errors) == 0 {
		return "0"
	}
	keys := slices.Sorted(maps.Keys(p.Errors))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s×%d", k, p.Errors[k])
	}
	return strings.Join(parts, ", ")
}

// SlowestPages lists the n pages with the highest p95 at the last step.
func (rep *Report) SlowestPages(n int) []PageResult {
	if len(rep.Steps) == 0 {
		return nil
	}
	pages := slices.Clone(rep.Steps[len(rep.Steps)-1].Pages)
	sort.Slice(pages, func(i, j int) bool { return pages[i].P95 > pages[j].P95 })
	return pages[:min(n, len(pages))]
}

// Markers delimit an engine's generated part of docs/performance.md, so
// that a run on one engine keeps the other's last figures. Kind is "load"
// (the ramp, TestBenchLoad) or "growth" (TestBenchGrowth).
func Markers(kind, engine string) (begin, end string) {
	return "<!-- " + kind + ":" + engine + ":begin -->", "<!-- " + kind + ":" + engine + ":end -->"
}

// ReplaceBetweenMarkers puts body between the kind's markers of engine in
// doc, appending a marked section when doc has none.
func ReplaceBetweenMarkers(doc, kind, engine, body string) string {
	begin, end := Markers(kind, engine)
	block := begin + "\n" + strings.TrimSpace(body) + "\n" + end
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		return strings.TrimRight(doc, "\n") + "\n\n" + block + "\n"
	}
	return doc[:i] + block + doc[j+len(end):]
}
