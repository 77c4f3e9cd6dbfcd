package loadtest

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLoadSmoke keeps the tool working: ten users (seven buyers, each with
// an account of their own, two staff members, an API client) for four
// seconds against a demo server on SQLite, checking out on every loop, then
// the focused measurements with four buyers for two seconds each. No
// request may fail.
func TestLoadSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	ctx := context.Background()
	srv := startServer(t, ServerOptions{Engine: "sqlite", NBuyers: 7, NStaff: 2, Profile: true})
	profDir := t.TempDir()
	rep, err := Run(ctx, srv, Options{Steps: []int{10}, Duration: 4 * time.Second, Baseline: 300 * time.Millisecond,
		CheckoutEvery: 1, SignIns: 4, WorkDir: t.TempDir(), ProfileDir: profDir,
		Focus: []string{FocusCatalog, FocusOrder}, FocusVUs: 4, FocusDuration: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	st := rep.Steps[0]
	if st.ProfileError != "" {
		t.Errorf("profiles: %s", st.ProfileError)
	}
	for _, kind := range []string{"cpu", "allocs"} {
		if fi, err := os.Stat(filepath.Join(profDir, "sqlite-10vu-"+kind+".pprof")); err != nil || fi.Size() == 0 {
			t.Errorf("%s profile not saved: %v", kind, err)
		}
	}
	got := map[string]PageResult{}
	for _, p := range st.Pages {
		got[p.Page] = p
		if p.ErrorCount() > 0 {
			t.Errorf("%s: errors %v", p.Page, p.Errors)
		}
	}
	for _, page := range []string{"shop category", "shop search", "shop product", "shop add to cart", "shop place order",
		"admin orders", "admin order", "admin csv export", "api orders"} {
		if got[page].Count == 0 {
			t.Errorf("page %q never requested; pages: %v", page, st.Pages)
		}
	}
	if st.SignIn.Count == 0 || st.SignIn.ErrorCount() > 0 {
		t.Errorf("sign-in: %+v", st.SignIn)
	}
	if st.Server.CPUPercent <= 0 || st.Server.MaxRSSMiB <= 0 {
		t.Errorf("server usage not sampled: %+v", st.Server)
	}
	for _, b := range []string{baseStatic, baseSQLite} {
		if st.Baselines[b].Count == 0 || st.Baselines[b].ErrorCount() > 0 {
			t.Errorf("%s: %+v", b, st.Baselines[b])
		}
	}
	checkFocus(t, rep.Focus)
	md := rep.Markdown()
	if !strings.Contains(md, "| shop place order |") || !strings.Contains(md, "| 10 |") ||
		!strings.Contains(md, "| order: place order | 4 |") {
		t.Errorf("markdown lacks the rows:\n%s", md)
	}
	t.Logf("\n%s", md)
}

// checkFocus wants both focused measurements with work done and no error:
// list pages against the 20-row baseline, orders placed and whole
// sequences timed.
func checkFocus(t *testing.T, got []FocusResult) {
	t.Helper()
	if len(got) != 2 || got[0].Name != FocusCatalog || got[1].Name != FocusOrder {
		t.Fatalf("focus: %+v", got)
	}
	for _, f := range got {
		if f.PerSecond <= 0 || f.ErrorCount() > 0 || f.Main.Unfinished > f.VUs {
			t.Errorf("focus %s: %.1f/s, errors %v, pages %+v", f.Name, f.PerSecond, f.Errors, f.Pages)
		}
	}
	if got[0].ShareSQLite <= 0 {
		t.Errorf("catalog focus: no share of the 20-row baseline: %+v", got[0].Baselines)
	}
	if s := got[1].Sequence; s == nil || s.Count == 0 || s.ErrorCount() > 0 || s.P50 < got[1].Main.P50 {
		t.Errorf("order focus: sequence %+v, place order %+v", s, got[1].Main)
	}
}

// TestBenchLoad is `make bench-load`: the full ramp on SQLite, and on
// PostgreSQL when OROSHI_TEST_DATABASE_URL answers. Settings (environment):
// OROSHI_LOAD_STEPS (10,50,200,1000), OROSHI_LOAD_DURATION (30s),
// OROSHI_LOAD_THINK (0), OROSHI_LOAD_BASELINE (a third of the duration),
// OROSHI_LOAD_ENGINES (sqlite,postgres), OROSHI_LOAD_SEED ("demo"; e.g.
// "demo --scale large"), OROSHI_LOAD_TENANT, OROSHI_LOAD_BUYER_CODES,
// OROSHI_LOAD_BUYERS (one per virtual buyer of the largest step) and
// OROSHI_LOAD_STAFF (10) extra accounts,
// OROSHI_LOAD_SIGNINS (8) sign-ins at once before each step,
// OROSHI_LOAD_PROFILE=1 saves the server's CPU and allocation profiles of
// each step in var/bench/profiles. After the ramp, OROSHI_LOAD_FOCUS
// (catalog,order; "none" for none) runs the focused measurements with
// OROSHI_LOAD_FOCUS_VUS (50) buyers for OROSHI_LOAD_FOCUS_DURATION (the
// step duration) each.
func TestBenchLoad(t *testing.T) {
	if os.Getenv("OROSHI_BENCH_LOAD") != "1" {
		t.Skip("set OROSHI_BENCH_LOAD=1 (make bench-load)")
	}
	opt := benchOptions(t)
	// An account per virtual buyer of the largest step (and of the focused
	// steps): people do not share a cart.
	kinds := mixCounts(slices.Max(opt.Steps))
	buyers := max(kinds["buyer"], opt.FocusVUs)
	for _, engine := range strings.Split(env("OROSHI_LOAD_ENGINES", "sqlite,postgres"), ",") {
		so := ServerOptions{Engine: engine, Seed: strings.Fields(env("OROSHI_LOAD_SEED", "demo")),
			Tenant: os.Getenv("OROSHI_LOAD_TENANT"), NBuyers: envInt(t, "OROSHI_LOAD_BUYERS", buyers),
			NStaff: envInt(t, "OROSHI_LOAD_STAFF", 10), Profile: os.Getenv("OROSHI_LOAD_PROFILE") == "1"}
		if c := os.Getenv("OROSHI_LOAD_BUYER_CODES"); c != "" {
			so.Buyers = strings.Split(c, ",")
		}
		if engine == "postgres" {
			if so.AdminURL = postgresURL(t); so.AdminURL == "" {
				continue
			}
		}
		srv := startServer(t, so)
		opt.WorkDir = t.TempDir()
		if so.Profile {
			opt.ProfileDir = filepath.Join(moduleRoot(t), "var", "bench", "profiles")
		}
		rep, err := Run(context.Background(), srv, opt)
		if err != nil {
			t.Fatalf("%s: %v", engine, err)
		}
		path, err := rep.WriteJSON(filepath.Join(moduleRoot(t), "var", "bench"))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s\n%s", engine, path, rep.Markdown())
		for _, st := range rep.Steps {
			if st.ProfileError != "" {
				t.Errorf("%s, %d VUs: profiles: %s", engine, st.VUs, st.ProfileError)
			}
		}
		for _, f := range rep.Focus {
			if f.ProfileError != "" {
				t.Errorf("%s, focus %s: profile: %s", engine, f.Name, f.ProfileError)
			}
		}
		for _, p := range rep.SlowestPages(5) {
			t.Logf("%s slow at %d VUs: %s p95 %.0f ms, errors %s", engine, rep.Steps[len(rep.Steps)-1].VUs, p.Page, p.P95, errorText(p))
		}
		writeDoc(t, "load", engine, rep.Markdown())
	}
}

func benchOptions(t *testing.T) Options {
	d := envDuration(t, "OROSHI_LOAD_DURATION", 30*time.Second)
	opt := Options{Duration: d, Think: envDuration(t, "OROSHI_LOAD_THINK", 0),
		Baseline: envDuration(t, "OROSHI_LOAD_BASELINE", d/3), CheckoutEvery: 3,
		SignIns: envInt(t, "OROSHI_LOAD_SIGNINS", 8), FocusVUs: envInt(t, "OROSHI_LOAD_FOCUS_VUS", 50),
		FocusDuration: envDuration(t, "OROSHI_LOAD_FOCUS_DURATION", d)}
	if f := env("OROSHI_LOAD_FOCUS", FocusCatalog+","+FocusOrder); f != "none" {
		opt.Focus = strings.Split(f, ",")
	}
	for _, f := range strings.Split(env("OROSHI_LOAD_STEPS", "10,50,200,1000"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			t.Fatalf("OROSHI_LOAD_STEPS: %q is not a number of users", f)
		}
		opt.Steps = append(opt.Steps, n)
	}
	return opt
}

// writeDoc replaces the kind's generated part of engine in docs/performance.md.
func writeDoc(t *testing.T, kind, engine, md string) {
	doc := filepath.Join(moduleRoot(t), "docs", "performance.md")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, []byte(ReplaceBetweenMarkers(string(b), kind, engine, md)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func startServer(t *testing.T, o ServerOptions) *Server {
	t.Helper()
	o.Root, o.WorkDir = moduleRoot(t), t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	srv, err := StartServer(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("stop server: %v", err)
		}
	})
	return srv
}

// postgresURL is OROSHI_TEST_DATABASE_URL when it answers, else "" (logged).
func postgresURL(t *testing.T) string {
	u := os.Getenv("OROSHI_TEST_DATABASE_URL")
	if u == "" {
		t.Log("PostgreSQL skipped: OROSHI_TEST_DATABASE_URL is not set")
		return ""
	}
	db, err := sql.Open("pgx", u)
	if err == nil {
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
	}
	if err != nil {
		t.Logf("PostgreSQL skipped: %v", err)
		return ""
	}
	return u
}

func moduleRoot(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func envInt(t *testing.T, k string, def int) int {
	n, err := strconv.Atoi(env(k, strconv.Itoa(def)))
	if err != nil {
		t.Fatalf("%s: %v", k, err)
	}
	return n
}

func envDuration(t *testing.T, k string, def time.Duration) time.Duration {
	d, err := time.ParseDuration(env(k, def.String()))
	if err != nil {
		t.Fatalf("%s: %v", k, err)
	}
	return d
}
