package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchGrowth is `make bench-growth`: for each size of GrowthSizes, a
// fresh server seeded with `oroshi demo --scale large --tenants 1` and one
// step of the mixed journey; the table goes to docs/performance.md (between
// the growth markers) and the JSON to var/bench after every size, so an
// interrupted run keeps what it measured. Settings (environment):
// OROSHI_GROWTH_ENGINES (sqlite,postgres), OROSHI_GROWTH_VUS (50),
// OROSHI_GROWTH_DURATION (10s), OROSHI_GROWTH_WARMUP (3s),
// OROSHI_GROWTH_BASELINE (3s: the 20-row handler after each step, the
// machine's state at that moment; 0 for none), OROSHI_GROWTH_EXPORT=1
// (the staff's CSV export of all orders, left out by default: it grows
// with the orders by nature and starves the hot pages of connections),
// OROSHI_GROWTH_MAX_SKUS (100000), OROSHI_GROWTH_MAX_ORDERS (1000000).
// OROSHI_GROWTH_FROM=a.json,b.json renders saved runs into the doc instead.
func TestBenchGrowth(t *testing.T) {
	if os.Getenv("OROSHI_BENCH_GROWTH") != "1" {
		t.Skip("set OROSHI_BENCH_GROWTH=1 (make bench-growth)")
	}
	if from := os.Getenv("OROSHI_GROWTH_FROM"); from != "" {
		rewriteGrowthDoc(t, strings.Split(from, ","))
		return
	}
	vus := envInt(t, "OROSHI_GROWTH_VUS", 50)
	opt := Options{Steps: []int{vus}, Duration: envDuration(t, "OROSHI_GROWTH_DURATION", 10*time.Second),
		Warmup: envDuration(t, "OROSHI_GROWTH_WARMUP", 3*time.Second), CheckoutEvery: 3,
		Baseline: envDuration(t, "OROSHI_GROWTH_BASELINE", 3*time.Second), NoExport: os.Getenv("OROSHI_GROWTH_EXPORT") != "1",
		SignIns: envInt(t, "OROSHI_LOAD_SIGNINS", 8)}
	maxSKUs, maxOrders := envInt(t, "OROSHI_GROWTH_MAX_SKUS", 100_000), envInt(t, "OROSHI_GROWTH_MAX_ORDERS", 1_000_000)
	kinds := mixCounts(vus)
	bin := filepath.Join(t.TempDir(), "oroshi") // one binary for every size, built once
	if err := BuildBinary(context.Background(), moduleRoot(t), bin); err != nil {
		t.Fatal(err)
	}
	for _, engine := range strings.Split(env("OROSHI_GROWTH_ENGINES", "sqlite,postgres"), ",") {
		so := ServerOptions{Root: moduleRoot(t), Bin: bin, Engine: engine, Tenant: GrowthTenant, Buyers: GrowthBuyerCodes,
			NBuyers: max(1, kinds["buyer"]), NStaff: max(1, kinds["staff"])}
		if engine == "postgres" {
			if so.AdminURL = postgresURL(t); so.AdminURL == "" {
				continue
			}
		}
		rep := NewGrowthReport(engine, opt, maxSKUs, maxOrders)
		for _, size := range GrowthSizes(maxSKUs, maxOrders) {
			so.Seed = size.Seed()
			p, err := growthPoint(so, opt, size)
			if err != nil {
				t.Fatalf("%s, %+v: %v", engine, size, err)
			}
			rep.Points = append(rep.Points, p)
			path, err := rep.WriteJSON(filepath.Join(moduleRoot(t), "var", "bench"))
			if err != nil {
				t.Fatal(err)
			}
			writeDoc(t, "growth", engine, rep.Markdown())
			t.Logf("%s %+v: prepared in %.0f s, %.1f req/s, p99 %.0f ms, errors %s, load %s (%s)", engine, size,
				p.PrepareSeconds, p.Step.Total.RPS, p.Step.Total.P99, errorText(p.Step.Total), p.Step.LoadAvg, path)
		}
		t.Logf("%s:\n%s", engine, rep.Markdown())
	}
}

// rewriteGrowthDoc renders saved runs (their JSON files) into the doc
// again, after a change of the tables' layout.
func rewriteGrowthDoc(t *testing.T, files []string) {
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rep GrowthReport
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		writeDoc(t, "growth", rep.Engine, rep.Markdown())
	}
}

// growthPoint seeds a fresh server of the size, runs the step and removes
// the data (a million orders take 2.4 GB on SQLite).
func growthPoint(so ServerOptions, opt Options, size GrowthSize) (GrowthPoint, error) {
	dir, err := os.MkdirTemp("", "oroshi-growth-")
	if err != nil {
		return GrowthPoint{}, err
	}
	defer os.RemoveAll(dir)
	so.WorkDir, opt.WorkDir = dir, dir
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Minute)
	defer cancel()
	start := time.Now()
	srv, err := StartServer(ctx, so)
	if err != nil {
		return GrowthPoint{}, err
	}
	prepared := time.Since(start)
	rep, err := Run(ctx, srv, opt)
	if cerr := srv.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("stop server: %w", cerr)
	}
	if err != nil {
		return GrowthPoint{}, err
	}
	p := GrowthPoint{Size: size, PrepareSeconds: round(prepared.Seconds()), Step: rep.Steps[0]}
	if p.Step.Total.Count == 0 || p.Step.Total.ErrorCount() > 0 {
		p.ServerLog = srv.LogTail(4000) // what the server said about it
	}
	return p, nil
}

// mixCounts counts the journeys of the first n users of the mix.
func mixCounts(n int) map[string]int {
	c := map[string]int{}
	for i := range n {
		c[mix[i%len(mix)]]++
	}
	return c
}
