package loadtest

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestReplaceBetweenMarkers(t *testing.T) {
	for _, tc := range []struct{ name, doc, kind, engine, body, want string }{
		{"appends when absent", "# Doc\n", "load", "sqlite", "T1",
			"# Doc\n\n<!-- load:sqlite:begin -->\nT1\n<!-- load:sqlite:end -->\n"},
		{"replaces its own engine only",
			"a\n<!-- load:sqlite:begin -->\nold\n<!-- load:sqlite:end -->\n<!-- load:postgres:begin -->\npg\n<!-- load:postgres:end -->\nz\n",
			"load", "sqlite", "new\n",
			"a\n<!-- load:sqlite:begin -->\nnew\n<!-- load:sqlite:end -->\n<!-- load:postgres:begin -->\npg\n<!-- load:postgres:end -->\nz\n"},
		{"growth markers leave the load markers alone",
			"<!-- load:sqlite:begin -->\nL\n<!-- load:sqlite:end -->\n<!-- growth:sqlite:begin -->\nold\n<!-- growth:sqlite:end -->\n",
			"growth", "sqlite", "G",
			"<!-- load:sqlite:begin -->\nL\n<!-- load:sqlite:end -->\n<!-- growth:sqlite:begin -->\nG\n<!-- growth:sqlite:end -->\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplaceBetweenMarkers(tc.doc, tc.kind, tc.engine, tc.body); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestRecorderResults(t *testing.T) {
	r := newRecorder()
	for i := 1; i <= 100; i++ {
		r.add("a", time.Duration(i)*time.Millisecond, "")
	}
	r.add("b", 500*time.Millisecond, "500")
	r.cut("b", 2*time.Second)
	r.cut("a", time.Second)
	pages, total := r.results(10 * time.Second)
	if len(pages) != 2 || pages[0].Page != "a" || pages[0].P50 != 50 || pages[0].P95 != 95 || pages[0].P99 != 99 || pages[0].RPS != 10 {
		t.Errorf("page a: %+v", pages)
	}
	if total.Count != 101 || total.Errors["500"] != 1 || total.Unfinished != 2 || total.P99 != 100 || total.LongestUnfinished != 2000 {
		t.Errorf("total: %+v", total)
	}
}

func TestForms(t *testing.T) {
	page := `<form method="post" action="/s/checkout/review"><input type="hidden" name="csrf_token" value="x&amp;y">
<input type="radio" name="ship_to_id" value="1"><input type="radio" name="ship_to_id" value="2">
<input type="checkbox" name="id" value="7"><input type="checkbox" name="id" value="8" checked>
<input type="text" name="po_number" value=""><button type="submit">go</button></form>
<form method="post" action="/s/other"><input type="hidden" name="z" value="1"></form>`
	f, ok := formFields(page, "/checkout/review")
	want := "csrf_token=x%26y&id=8&po_number=&ship_to_id=1"
	if !ok || f.Encode() != want {
		t.Errorf("got %q, want %q", f.Encode(), want)
	}
	if _, ok := formFields(page, "/missing"); ok {
		t.Error("found a form that is not there")
	}
}

func TestGrowthSizes(t *testing.T) {
	for _, tc := range []struct {
		maxSKUs, maxOrders int
		want               []GrowthSize
	}{
		{100_000, 1_000_000, []GrowthSize{{1000, 10_000, 1000}, {10_000, 10_000, 1000}, {100_000, 10_000, 1000},
			{1000, 100_000, 1000}, {1000, 1_000_000, 1000}}},
		{10_000, 100_000, []GrowthSize{{1000, 10_000, 1000}, {10_000, 10_000, 1000}, {1000, 100_000, 1000}}},
		{0, 0, []GrowthSize{{1000, 10_000, 1000}}},
	} {
		if got := GrowthSizes(tc.maxSKUs, tc.maxOrders); !slices.Equal(got, tc.want) {
			t.Errorf("GrowthSizes(%d, %d) = %v, want %v", tc.maxSKUs, tc.maxOrders, got, tc.want)
		}
	}
}

func TestGrowthMarkdown(t *testing.T) {
	point := func(skus, orders int, p99 float64) GrowthPoint {
		return GrowthPoint{Size: GrowthSize{skus, orders, 1000}, PrepareSeconds: 12, Step: StepResult{LoadAvg: "1.00",
			Total: PageResult{P50: 5, P99: p99, RPS: 100}, Server: ServerUsage{CPUPercent: 50},
			Pages: []PageResult{{Page: "shop category", P50: 4, P99: p99, RPS: 20},
				{Page: "admin orders filtered", LongestUnfinished: p99 * 100}}}}
	}
	g := &GrowthReport{Engine: "sqlite", VUs: 50, StepSeconds: 10, MaxSKUs: 10_000, MaxOrders: 100_000,
		Points: []GrowthPoint{point(1000, 10_000, 20), point(10_000, 10_000, 50), point(1000, 100_000, 30)}}
	md := g.Markdown()
	for _, want := range []string{
		"Stopped at 10,000 SKUs and 100,000 orders",
		"| page | 1,000 SKUs | 10,000 SKUs | p99 largest/smallest |",
		"| shop category | 4 / 20, 20.0 | 4 / 50, 20.0 | 2.5× |",
		"| page | 10,000 orders | 100,000 orders | p99 largest/smallest |",
		"| shop category | 4 / 20, 20.0 | 4 / 30, 20.0 | 1.5× |",
		"| shop search | 0 / 0, 0.0 | 0 / 0, 0.0 | — |",
		"| prepare s (seed) | 12 | 12 | |",
		"| 20-row baseline req/s | — | — | |",
		"| server CPU ms per request | 5.0 | 5.0 | |",
		"| longest unanswered at the end | 2.0 s admin orders filtered | 5.0 s admin orders filtered | |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
