// Package app assembles oroshi from a configuration: the store, the
// services, the job runner and the HTTP handler. cmd/oroshi and the
// end-to-end tests both build the application through it.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/api"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/backup"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/config"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/health"
	"github.com/oroshi-jp/oroshi/internal/holiday"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/jobs"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/mail"
	"github.com/oroshi-jp/oroshi/internal/metrics"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/pdf"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/tenantexport"
	"github.com/oroshi-jp/oroshi/internal/transport"
	"github.com/oroshi-jp/oroshi/internal/watchdog"
	"github.com/oroshi-jp/oroshi/internal/web"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// Version is set at build time (-ldflags "-X …/internal/app.Version=…").
var Version = "dev"

// App is a wired oroshi.
type App struct {
	Config      config.Config
	Log         *slog.Logger
	Store       *sqlstore.Store
	Tenants     *tenancy.Service
	Identity    *identity.Service
	Buyers      *buyers.Service
	Fields      *customfields.Service
	Pricing     *pricing.Service
	Catalog     *catalog.Service
	Sales       *sales.Service
	Quotes      *sales.QuoteService
	Billing     *billing.Service
	Documents   *documents.Service
	CSV         *dataio.Service
	Keys        *apikeys.Service
	Mail        notify.Service
	Webhooks    *webhooks.Service
	Notices     *salesnotify.Notices
	Ops         *ops.Service // maintenance windows, maintenance mode, announcements
	Readiness   *health.Readiness
	Backup      *backup.Service    // backup.go
	Requests    *slo.Recorder      // watchdog.go
	Watchdog    *watchdog.Watchdog // watchdog.go
	jobs        *jobs.Runner
	jobsStarted bool

	accessLog *accesslog.Recorder // access.go

	// Guard is the abuse guard: rate limits and automatic blocks (abuse.go).
	Guard *abuse.Guard

	// Web is the pages server, set by Handler (internal/isolationtest lists its routes).
	Web *web.Server
}

// Open migrates when asked, connects and builds the services. It does not
// start background jobs (see StartJobs): CLI commands do not need them.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, migrate bool) (*App, error) {
	if err := cfg.EnsureSecretKey(); err != nil {
		return nil, err
	}
	opts := sqlstore.Options{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, AuditKey: audit.ChainKey(cfg.SecretKey), Key: cfg.DBKey}
	if migrate {
		if err := sqlstore.Migrate(ctx, opts, cfg.MigrateDatabaseURL); err != nil {
			return nil, err
		}
	}
	st, err := sqlstore.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, Store: st, Tenants: &tenancy.Service{Store: st}}
	a.Identity = identity.NewService(st, cfg.SecretKey, cfg.PublicURL(), cfg.SessionIdle, cfg.SessionAbsolute)
	a.Buyers = &buyers.Service{Store: st, Identity: a.Identity}
	a.Identity.ShopAccess = a.Buyers.CheckSignIn
	a.Fields = &customfields.Service{Store: st}
	a.Pricing = &pricing.Service{Store: st, Now: time.Now}
	a.CSV = &dataio.Service{Store: st, Now: time.Now}
	a.Catalog = &catalog.Service{Store: st, ValidateCustom: func(ctx context.Context, t oroshi.TenantID, v map[string]any) (map[string]any, error) {
		return a.Fields.Check(ctx, t, customfields.EntityProduct, v)
	}}
	a.Sales = &sales.Service{Store: st, Pricing: a.Pricing, Now: time.Now, BusinessDay: holiday.IsBusinessDay}
	a.Quotes = &sales.QuoteService{Sales: a.Sales, Store: st}
	a.Sales.Credit = st // credit limits at checkout (sales/credit.go)
	// Closings queue their 請求書 PDFs as jobs (serve renders them) and
	// close several buyers at once on PostgreSQL.
	a.Billing = &billing.Service{Store: st, Sales: a.Sales, Now: time.Now, Workers: st.WriteWorkers(), QueueDocuments: true}
	a.Documents = &documents.Service{Store: st, Renderer: documents.RendererFor(loadFonts(cfg.FontDir, log)), Now: time.Now,
		BaseURL: cfg.PublicURL()}
	a.Billing.Documents = a.Documents // 請求書 of each new invoice, 返還請求書 of each credit note
	a.Keys = &apikeys.Service{Store: st}
	a.Mail = notify.Service{Store: st}
	a.Webhooks = webhooks.NewService(st, a.Identity.Sealer("webhook"),
		webhooks.Options{AllowLoopbackHTTP: cfg.WebhookAllowLoopback})
	// The job client exists in every command so that mail queued by the CLI
	// gets its send job at once; only serve starts working the queue.
	sender, err := mail.New(cfg.SMTP)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("smtp: %w", err)
	}
	a.Notices = &salesnotify.Notices{Store: st}
	a.Ops = &ops.Service{Store: st, Now: time.Now, Gate: &ops.Gate{Source: st, Now: time.Now}}
	a.newWatchdog(sender)
	if a.Backup, err = newBackup(cfg, st); err != nil {
		st.Close()
		return nil, err
	}
	if a.jobs, err = jobs.New(ctx, st, jobs.Deps{Sender: sender, Webhooks: a.Webhooks,
		Dispatchers: salesDispatchers(st, a.Webhooks, cfg.PublicURL()), Billing: a.Billing, InvoiceDocuments: a.Documents,
		Backup: backupJob(cfg, a.Backup), Tuning: jobs.Tuning{SweepInterval: cfg.JobsSweepInterval}}, log); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// StartJobs starts working the job queue (mail delivery, periodic work).
func (a *App) StartJobs(ctx context.Context) error {
	a.jobsStarted = true
	return a.jobs.Start(ctx)
}

// Handler is everything served over HTTP: pages, API, health and metrics,
// behind the request log and metrics middleware.
func (a *App) Handler() (http.Handler, error) {
	grants, sup := a.grantsAndSupport()
	pages, err := web.New(web.Deps{VirusScan: a.virusGuard(), Blocks: a.guard(), Monitoring: a.Store, AccessLog: a.Store, Grants: grants, Support: sup, Ops: a.Ops, Gate: a.Ops.Gate, Documents: a.Documents, Billing: a.Billing, Tenants: a.Store, Identity: a.Identity, Data: a.Store, History: a.Store, Logger: a.Log,
		Buyers: a.Buyers, Fields: a.Fields, Catalog: a.Catalog, Pricing: a.Pricing, Sales: a.Sales, Quotes: a.Quotes, CSV: a.CSV, Webhooks: a.Webhooks,
		Notifications: a.Notices, Secure: a.Config.Secure(), Version: Version, Backups: a.backupConsole(),
		Contracts: &tenancy.Contracts{Store: a.Store, Now: a.Store.Now}, Export: &tenantexport.Service{Data: a.CSV, Store: a.Store, Now: a.Store.Now}})
	if err != nil {
		return nil, err
	}
	a.Web = pages // its routes are listed by the isolation suite
	apiH := api.New(api.Deps{VirusScan: a.virusGuard(), Keys: a.Keys, Tenants: a.Store, Logger: a.Log,
		Buyers: a.Buyers, Fields: a.Fields, Pricing: a.Pricing, Catalog: a.Catalog,
		Idempotency: &idempotency.Service{Store: a.Store, Now: a.Store.Now}, Webhooks: a.Webhooks, Sales: a.Sales, Quotes: a.Quotes, Billing: a.Billing, Documents: a.Documents})
	healthz, readyz := health.Handler(a.Store, a.Log)
	a.Readiness = readyz
	m := metrics.New(metrics.Options{Version: Version, Engine: a.Store.Engine(), Logger: a.Log,
		Pools: a.Store.PoolStats, Jobs: a.Store.JobCounts})
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz)
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/api/", apiH)
	mux.Handle("/", pages.Handler())
	// readScoped is outermost: it gives the request a new context, and the
	// middleware inside read what the mux records on the request (its route).
	h := a.readScoped(logging.Middleware(a.Log, a.accessLogged(m, m.Middleware(web.MaintenanceMode(a.Ops.Gate, a.watchRequests(m, a.guard().Wrap(a.readsEnd(mux))))))))
	return transport.RealClient(a.Config.TLS.TrustedProxies, transport.Headers(a.Config.Secure(), h)), nil
}

// readScoped lets each request's reads share one database connection
// (PostgreSQL; see sqlstore/readscope.go), released after the response.
func (a *App) readScoped(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, end := a.Store.ReadScope(r.Context())
		defer end()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// readsEnd gives the request's reading connection back as soon as the
// handler returns, before the middleware around it finishes.
func (a *App) readsEnd(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer a.Store.EndReads(r.Context())
		next.ServeHTTP(w, r)
	})
}

// Close stops the jobs and closes the database.
func (a *App) Close(ctx context.Context) error {
	a.Watchdog.Wait(ctx) // its last figures are written before the store closes
	if a.jobsStarted {
		if err := a.jobs.Stop(ctx); err != nil {
			a.Log.Warn("stop jobs", "err", err)
		}
	}
	a.closeAccessLog(ctx) // buffered access log rows, before the store closes
	return a.Store.Close()
}

// salesDispatchers tell of every sales event: by mail, as in-site notices
// and to the seller's webhook endpoints.
func salesDispatchers(st *sqlstore.Store, hooks *webhooks.Service, baseURL string) []jobs.Dispatcher {
	return []jobs.Dispatcher{&salesnotify.Mailer{Store: st, BaseURL: baseURL}, &salesnotify.Noticer{Store: st},
		&salesnotify.Publisher{Store: st, Webhooks: hooks}}
}

// loadFonts parses the PDF fonts once. Without them the server still runs
// and documents answer with documents.ErrNoFonts; the log says why.
func loadFonts(dir string, log *slog.Logger) *pdf.Engine {
	eng, err := pdf.Load(dir)
	if err != nil {
		log.Warn("PDF documents disabled: fonts not loaded (run `make fonts` or set OROSHI_FONT_DIR)",
			slog.String("font_dir", dir), slog.String("error", err.Error()))
		return nil
	}
	return eng
}
