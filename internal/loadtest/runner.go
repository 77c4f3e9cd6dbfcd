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
	// NoExport leaves the CSV export (all orders) out of the staff's loop:
	// its cost grows with the orders by nature, and long exports hold
	// database connections the hot pages then wait for.
	NoExport bool
	// Warmup is an unmeasured run of the users before each step's
	// measurement (0: none): a fresh server's caches fill first.
	Warmup time.Duration
	// Focus lists focused measurements run after the ramp ("catalog",
	// "order"), each by FocusVUs users for FocusDuration (see focus.go).
	Focus         []string
	FocusVUs      int
	FocusDuration time.Duration
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
	if len(srv.Buyers) == 0 || len(srv.Staff) == 0 || len(srv.BuyerCodes) == 0 {
		return nil, fmt.Errorf("loadtest: the server has no extra buyer or staff users, or no buyer codes")
	}
	maxVUs := 0
	if len(opt.Focus) > 0 {
		maxVUs = opt.FocusVUs
	}
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
	for _, name := range opt.Focus {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		f, err := r.focus(ctx, name)
		if err != nil {
			return rep, err
		}
		rep.Focus = append(rep.Focus, f)
	}
	rep.finish()
	return rep, nil
}

// step signs in the users added for this step (opt.SignIns at a time: a
// thousand argon2id hashes at once is a flood, not a ramp), runs all users
// for the step's duration while sampling the server, then runs the
// baselines.
func (r *runner) step(ctx context.Context, n int) StepResult {
	for len(r.vus) < n {
		r.vus = append(r.vus, r.newUser(len(r.vus)))
	}
	signIn := r.prepare(ctx, r.vus)
	var cpu func(context.Context) func() error
	if r.prof != nil {
		cpu = func(ctx context.Context) func() error { return r.prof.cpu(ctx, fmt.Sprintf("%dvu", n), r.opt.Duration) }
	}
	m := r.measure(ctx, r.vus, r.opt.Duration, cpu)
	profErr := m.err
	if r.prof != nil {
		profErr = errors.Join(profErr, r.prof.allocs(ctx, fmt.Sprintf("%dvu", n)))
	}
	res := StepResult{VUs: n, Seconds: round(m.window.Seconds()), Total: m.total, Pages: m.pages,
		SignIn: signIn, Server: m.usage, LoadAvg: m.load}
	if profErr != nil {
		res.ProfileError = profErr.Error()
	}
	if r.base != nil {
		res.Baselines = r.base.run(ctx, r.tr, n, r.opt.Baseline)
	}
	return res
}

// prepare signs in the users not signed in yet and warms them up
// (opt.Warmup); it returns the sign-ins' figures.
func (r *runner) prepare(ctx context.Context, users []*user) PageResult {
	rec := newRecorder()
	r.setRecorder(rec)
	r.signInAll(ctx, users)
	_, signIn := rec.results(0)
	signIn.Page = "sign-in"
	r.warmUp(ctx, users)
	return signIn
}

// measurement is one measured run of users: their pages and total, the
// server's usage, the load average at the start, the run's length, and
// the error of the work done meanwhile (measure's during).
type measurement struct {
	pages  []PageResult
	total  PageResult
	usage  ServerUsage
	load   string
	window time.Duration
	err    error
}

// measure runs users flat-out for d while sampling the server. during,
// when not nil, starts work of its own for the run (a CPU profile) and
// returns a function waiting for it.
func (r *runner) measure(ctx context.Context, users []*user, d time.Duration, during func(context.Context) func() error) measurement {
	rec := newRecorder()
	r.setRecorder(rec)
	m := measurement{load: loadAverage()}
	smp := startSampler(r.srv.PID)
	start := time.Now()
	mctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	wait := func() error { return nil }
	if during != nil {
		wait = during(mctx)
	}
	loopAll(mctx, users)
	m.err = wait()
	m.usage = smp.Stop()
	m.window = time.Since(start)
	m.pages, m.total = rec.results(m.window)
	return m
}

// forEach runs f for every user at once and waits.
func forEach(ctx context.Context, users []*user, f func(context.Context, *user)) {
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Go(func() { f(ctx, u) })
	}
	wg.Wait()
}

// signInAll signs in the users not signed in yet, opt.SignIns at a time.
func (r *runner) signInAll(ctx context.Context, users []*user) {
	sem := make(chan struct{}, max(1, r.opt.SignIns))
	forEach(ctx, users, func(ctx context.Context, u *user) {
		if !u.signedIn {
			sem <- struct{}{}
			u.signedIn = u.j.signIn(ctx, u.v) == nil
			<-sem
		}
	})
}

// loopAll runs every signed-in user's loop flat-out until ctx ends.
func loopAll(ctx context.Context, users []*user) {
	forEach(ctx, users, func(ctx context.Context, u *user) {
		u.v.stagger(ctx)
		for ctx.Err() == nil && u.signedIn {
			_ = u.j.loop(ctx, u.v) // failures are recorded per page; go on
		}
	})
}

// warmUp runs the users for opt.Warmup into a recorder nobody reads.
func (r *runner) warmUp(ctx context.Context, users []*user) {
	if r.opt.Warmup <= 0 {
		return
	}
	r.setRecorder(newRecorder())
	ctx, cancel := context.WithTimeout(ctx, r.opt.Warmup)
	defer cancel()
	loopAll(ctx, users)
}

func (r *runner) newUser(i int) *user {
	v := newVU(r.srv.Base, r.tr, r.current, uint64(i)+1)
	v.think = r.opt.Think
	shop, kind := "/"+r.srv.Tenant, mix[i%len(mix)]
	n := r.kinds[kind] // accounts are shared only when users outnumber them
	r.kinds[kind]++
	switch kind {
	case "staff":
		filters := []string{"status=received", "buyer=" + r.srv.BuyerCodes[0], "product=" + pick(v.rng, r.cat.Searches), "status=shipped"}
		return &user{v: v, j: &staff{admin: shop + "/admin", account: r.srv.Staff[n%len(r.srv.Staff)], filters: filters,
			noExport: r.opt.NoExport}}
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
		Searches: []string{"醤油", "米", "油", "だし", "茶", "みそ", "酢", "塩"}, ListPages: listPages(page)}
	if len(c.Categories) == 0 || len(c.Products) == 0 {
		return nil, fmt.Errorf("discover: no category or product links on %s/products", shop)
	}
	return c, nil
}
