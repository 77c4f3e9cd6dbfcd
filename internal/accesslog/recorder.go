package accesslog

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

// Options tune a Recorder; zero fields take the defaults.
type Options struct {
	Buffer   int           // rows held in memory at most (default 10,000)
	Batch    int           // rows per INSERT (default 500)
	Interval time.Duration // flush at least this often (default 1 s)
	NewID    func() oroshi.ID
	Logger   *slog.Logger
}

// Recorder buffers entries and writes them in batches.
type Recorder struct {
	st      Store
	opt     Options
	mu      sync.Mutex
	buf     []Entry
	kick    chan struct{}
	done    chan struct{}
	stopped chan struct{}
	once    sync.Once
	dropped atomic.Int64
	written prometheus.Counter
	failed  prometheus.Counter
}

// New starts a Recorder writing to st. Call Close on shutdown.
func New(st Store, o Options) *Recorder {
	if o.Buffer <= 0 {
		o.Buffer = 10000
	}
	if o.Batch <= 0 {
		o.Batch = 500
	}
	if o.Interval <= 0 {
		o.Interval = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Recorder{st: st, opt: o, kick: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{}),
		written: prometheus.NewCounter(prometheus.CounterOpts{Name: "oroshi_access_log_written_total",
			Help: "Access log rows written to the database."}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{Name: "oroshi_access_log_write_failures_total",
			Help: "Access log batches that could not be written (their rows are lost)."}),
	}
	go r.loop()
	return r
}

// Collectors are the recorder's metrics, for the private registry.
func (r *Recorder) Collectors() []prometheus.Collector {
	dropped := prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "oroshi_access_log_dropped_total",
		Help: "Access log rows dropped because the in-memory buffer was full."},
		func() float64 { return float64(r.Dropped()) })
	return []prometheus.Collector{dropped, r.written, r.failed}
}

// Dropped is how many rows were dropped because the buffer was full.
func (r *Recorder) Dropped() int64 { return r.dropped.Load() }

// Add queues one entry; it never blocks on the database.
func (r *Recorder) Add(e Entry) {
	if e.ID == 0 && r.opt.NewID != nil {
		e.ID = r.opt.NewID()
	}
	r.mu.Lock()
	if len(r.buf) >= r.opt.Buffer {
		r.mu.Unlock()
		r.dropped.Add(1)
		return
	}
	r.buf = append(r.buf, e)
	full := len(r.buf) >= r.opt.Batch
	r.mu.Unlock()
	if full {
		select {
		case r.kick <- struct{}{}:
		default:
		}
	}
}

func (r *Recorder) loop() {
	defer close(r.stopped)
	t := time.NewTicker(r.opt.Interval)
	defer t.Stop()
	for {
		select {
		case <-r.done:
			r.flush()
			return
		case <-t.C:
		case <-r.kick:
		}
		r.flush()
	}
}

// flush writes everything buffered, a batch per statement.
func (r *Recorder) flush() {
	r.mu.Lock()
	rows := r.buf
	r.buf = make([]Entry, 0, min(len(rows), r.opt.Buffer))
	r.mu.Unlock()
	for len(rows) > 0 {
		n := min(len(rows), r.opt.Batch)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := r.st.InsertAccessLog(ctx, rows[:n])
		cancel()
		if err != nil {
			r.failed.Inc()
			r.opt.Logger.Error("access log: write batch", slog.Int("rows", n), slog.String("error", err.Error()))
		} else {
			r.written.Add(float64(n))
		}
		rows = rows[n:]
	}
}

// Close stops the writer after flushing what is buffered. Safe to call
// more than once; ctx bounds the wait.
func (r *Recorder) Close(ctx context.Context) error {
	r.once.Do(func() { close(r.done) })
	select {
	case <-r.stopped:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Middleware records every request that passes through it. Place it inside
// logging.Middleware (which puts the RequestInfo that authentication fills
// in the context) and outside the router (which sets r.Pattern).
func (r *Recorder) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		ctx, info := logging.WithInfo(req.Context())
		if ctx != req.Context() {
			req = req.WithContext(ctx)
		}
		sw := logging.NewStatusWriter(w)
		finished := false
		defer func() {
			status := sw.Status()
			if !finished {
				status = http.StatusInternalServerError
			} else if status == 0 {
				status = http.StatusOK
			}
			r.Add(Entry{At: start.UTC(), TenantID: oroshi.TenantID(info.TenantID), Tenant: info.Tenant,
				Realm: info.Realm, UserID: parseID(info.UserID), ClientAddr: logging.ClientAddr(req),
				Method: req.Method, Route: logging.Route(req), Status: status,
				Duration: time.Since(start), Bytes: sw.Bytes()})
		}()
		next.ServeHTTP(sw, req)
		finished = true
	})
}

func parseID(s string) oroshi.ID {
	n, _ := strconv.ParseInt(s, 10, 64)
	return oroshi.ID(n)
}
