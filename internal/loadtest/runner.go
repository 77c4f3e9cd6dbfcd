// Package loadtest drives a real `oroshi serve` over HTTP like people do:
// buyers sign in, browse categories, search, open products, add to the cart
// and check out; seller staff list and filter orders, approve in bulk,
// download PDFs and export CSV; API clients page through orders. It ramps
// the number of virtual users step by step and reports throughput and
// latency per step and per page, errors, the server's CPU and memory, and
// the machine's limit measured in the same run (a constant 4 KB handler and
// a handler reading 20 SQLite rows, driven by the same client).
//
// The entry point is TestBenchLoad (OROSHI_BENCH_LOAD=1, `make bench-load`).
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Options shape a run.
type Options struct {
	Steps         []int         // virtual users per step, e.g. 10, 50, 200, 1000
	Duration      time.Duration // measured time per step
	Think         time.Duration // pause after each request (0: flat-out)
	Baseline      time.Duration // time per baseline page per step (0: no baselines)
	CheckoutEvery int           // a buyer checks out every n-th loop
	SignIns       int           // sign-ins at once before a step (people arrive over time)
	WorkDir       string        // for the baseline's SQLite file
	ProfileDir    string        // save the server's CPU and allocation profiles per step here ("" = none)
}

// mix assigns journeys to virtual users in this repeating order: seven
// buyers, two staff, one API client in ten, interleaved so that a few
// users already exercise all three.
var mix = []string{"buyer", "staff", "api", "buyer", "buyer", "staff", "buyer", "buyer", "buyer", "buyer"}

// StepResult is one step's figures.
type StepResult struct {
	VUs       int                   `json:"vus"`
	Seconds   float64               `json:"seconds"`
	Total     PageResult            `json:"total"`
	Pages     []PageResult          `json:"pages"`
	SignIn    PageResult            `json:"sign_in"` // sign-ins of the users added before the step
	Server    ServerUsage           `json:"server"`
	Baselines map[string]PageResult `json:"baselines,omitempty"`
	LoadAvg   string                `json:"load_average"`
	// ProfileError says why a step's profiles are missing (Options.ProfileDir).
	ProfileError string `json:"profile_error,omitempty"`
}

type runner struct {
	srv   *Server
	opt   Options
	cat   *Catalogue
	tr    *http.Transport
	rec   *recorder
	mu    sync.Mutex
	vus   []*user
	kinds map[string]int // users created per journey
	base  *baseline
	prof  *profiler
}

type user struct {
	v        *vu
	j        journey
	signedIn bool
}

func (r *runner) current() *recorder {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rec
}

func (r *runner) setRecorder(rec *recorder) {
	r.mu.Lock()
	r.rec = rec
	r.mu.Unlock()
}

// Run ramps through opt.Steps against srv and returns the report.
func Run(ctx context.Context, srv *Server, opt Options) (*Report, error) {
	if len(srv.Buyers) == 0 || len(srv.Staff) == 0 {
		return nil, fmt.Errorf("loadtest: the server has no extra buyer or staff users")
	}
	maxVUs := 0
	for _, n := range opt.Steps {
		maxVUs = max(maxVUs, n)
	}
	r := &runner{srv: srv, opt: opt, tr: newTransport(maxVUs), rec: newRecorder(), kinds: map[string]int{}}
	defer r.tr.CloseIdleConnections()
	cat, err := discover(ctx, r)
	if err != nil {
		return nil, err
	}
	r.cat = cat
	if opt.Baseline > 0 {
		if r.base, err = startBaseline(opt.WorkDir); err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		defer r.base.Close()
	}
	if opt.ProfileDir != "" {
		if srv.DebugBase == "" {
			return nil, fmt.Errorf("loadtest: profiles asked for, but the server has no debug listener (ServerOptions.Profile)")
		}
		r.prof = &profiler{debugBase: srv.DebugBase, dir: opt.ProfileDir, engine: srv.Engine}
	}
	rep := newReport(srv, opt)
	for _, n := range opt.Steps {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		rep.Steps = append(rep.Steps, r.step(ctx, n))
	}
	rep.finish()
	return rep, nil
}

// step signs in the users added for this step (opt.SignIns at a time: a
// thousand argon2id hashes at once is a flood, not a ramp), runs all users
// for the step's duration while sampling the server, then runs the
// baselines.
func (r *runner) step(ctx context.Context, n int) StepResult {
	signRec := newRecorder()
	r.setRecorder(signRec)
	for len(r.vus) < n {
		r.vus = append(r.vus, r.newUser(len(r.vus)))
	}
	sem := make(chan struct{}, max(1, r.opt.SignIns))
	r.forEach(ctx, func(ctx context.Context, u *user) {
		if !u.signedIn {
			sem <- struct{}{}
			u.signedIn = u.j.signIn(ctx, u.v) == nil
			<-sem
		}
	})
	_, signIn := signRec.results(0)
	signIn.Page = "sign-in"

	rec := newRecorder()
	r.setRecorder(rec)
	load := loadAverage()
	smp := startSampler(r.srv.PID)
	start := time.Now()
	stepCtx, cancel := context.WithTimeout(ctx, r.opt.Duration)
	waitCPU := func() error { return nil }
	if r.prof != nil {
		waitCPU = r.prof.cpu(stepCtx, n, r.opt.Duration)
	}
	r.forEach(stepCtx, func(ctx context.Context, u *user) {
		for ctx.Err() == nil && u.signedIn {
			_ = u.j.loop(ctx, u.v) // failures are recorded per page; go on
		}
	})
	profErr := waitCPU()
	cancel()
	if r.prof != nil {
		profErr = errors.Join(profErr, r.prof.allocs(ctx, n))
	}
	usage := smp.Stop()
	window := time.Since(start)
	pages, total := rec.results(window)
	res := StepResult{VUs: n, Seconds: round(window.Seconds()), Total: total, Pages: pages,
		SignIn: signIn, Server: usage, LoadAvg: load}
	if profErr != nil {
		res.ProfileError = profErr.Error()
	}
	if r.base != nil {
		res.Baselines = r.base.run(ctx, r.tr, n, r.opt.Baseline)
	}
	return res
}

// forEach runs f for every user at once and waits.
func (r *runner) forEach(ctx context.Context, f func(context.Context, *user)) {
	var wg sync.WaitGroup
	for _, u := range r.vus {
		wg.Go(func() { f(ctx, u) })
	}
	wg.Wait()
}

func (r *runner) newUser(i int) *user {
	v := newVU(r.srv.Base, r.tr, r.current, uint64(i)+1)
	v.think = r.opt.Think
	shop, kind := "/"+r.srv.Tenant, mix[i%len(mix)]
	n := r.kinds[kind] // accounts are shared only when users outnumber them
	r.kinds[kind]++
	switch kind {
	case "staff":
		filters := []string{"status=received", "buyer=B001", "product=" + pick(v.rng, r.cat.Searches), "status=shipped"}
		return &user{v: v, j: &staff{admin: shop + "/admin", account: r.srv.Staff[n%len(r.srv.Staff)], filters: filters}}
	case "api":
		return &user{v: v, j: &apiClient{key: r.srv.APIKey}}
	default:
		return &user{v: v, j: &buyer{shop: shop, account: r.srv.Buyers[n%len(r.srv.Buyers)], cat: r.cat, every: r.opt.CheckoutEvery}}
	}
}

// discover signs in one buyer and reads the catalogue's first page for
// category and product links; search words are a few everyday ones.
func discover(ctx context.Context, r *runner) (*Catalogue, error) {
	v := newVU(r.srv.Base, r.tr, r.current, 0)
	shop := "/" + r.srv.Tenant
	if err := signIn(ctx, v, shop, r.srv.Buyers[0]); err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	page, err := v.get(ctx, "discover", shop+"/products")
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	c := &Catalogue{Categories: links(page, categoryRe), Products: links(page, productRe),
		Searches: []string{"醤油", "米", "油", "だし", "茶", "みそ", "酢", "塩"}}
	if len(c.Categories) == 0 || len(c.Products) == 0 {
		return nil, fmt.Errorf("discover: no category or product links on %s/products", shop)
	}
	return c, nil
}
