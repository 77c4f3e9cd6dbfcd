// Package web serves the HTML pages of the three areas: the operator
// console (/ops), the seller admin (/{tenant}/admin) and the buyers' shop
// (/{tenant}/). Handlers call services; no business rule lives here.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/notify"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/salesnotify"
	"github.com/oroshi-jp/oroshi/internal/support"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/tenantexport"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// Data is what the pages read besides identity and tenants.
type Data interface {
	TenantCounts(ctx context.Context, t oroshi.TenantID) (tenancy.Counts, error)
	Notices(ctx context.Context, t oroshi.TenantID, audience string, publicOnly bool, limit int) ([]tenancy.Notice, error)
	Outbox(ctx context.Context, limit int) ([]notify.Mail, error)
	Mail(ctx context.Context, id oroshi.ID) (notify.Mail, error)
	RecordAudit(ctx context.Context, e audit.Event) error
	// InvoiceDocumentQueued: the invoice's 請求書 PDF waits for its job.
	InvoiceDocumentQueued(ctx context.Context, invoiceID oroshi.ID) (bool, error)
	// HeaderFigures counts, in one read, the user's cart lines and unread
	// notices (each only when asked for) for a page's header.
	HeaderFigures(ctx context.Context, t oroshi.TenantID, userID oroshi.ID, cart, unread bool) (int, int, error)
	// PinShopView reads a buyer company's standing with the tenant's
	// catalogue and price versions, sales settings and the user's header
	// figures, pinned for the rest of the request's reads (see sqlstore).
	PinShopView(ctx context.Context, t oroshi.TenantID, buyerID, userID oroshi.ID) (context.Context, buyers.Standing, error)
}

// TenantStore reads tenants and saves their settings.
type TenantStore interface {
	tenancy.Store
	tenancy.SettingsStore
	// PageTenant is TenantBySlug for the tenant in a page's URL, which may
	// be a moment old when another instance changed it.
	PageTenant(ctx context.Context, slug string) (tenancy.Tenant, error)
}

// Deps are the services the pages use.
type Deps struct {
	// ListingCacheBytes bounds the shop's listing cache (listing_cache.go):
	// 0 is 16 MiB, below 0 turns it off.
	ListingCacheBytes int
	Tenants           TenantStore
	Identity          *identity.Service
	Buyers            *buyers.Service
	Fields            *customfields.Service
	Catalog           *catalog.Service
	Pricing           *pricing.Service
	Sales             *sales.Service
	Quotes            *sales.QuoteService
	// Billing has invoices and balances (the dashboard's receivables).
	Billing *billing.Service
	// Documents issues and serves the PDF documents (帳票).
	Documents *documents.Service
	CSV       *dataio.Service
	// Contracts suspends, resumes and terminates tenants (ops_tenants.go).
	Contracts *tenancy.Contracts
	// Export writes a tenant's full export ZIP (tenant_export.go).
	Export   *tenantexport.Service
	Webhooks *webhooks.Service
	// Notifications are the in-site notices of sales events; nil shows no
	// badge.
	Notifications *salesnotify.Notices
	Data          Data
	Backups       BackupConsole // /ops/backups (backups.go)
	// Ops is maintenance and operator announcements; Gate caches the
	// maintenance status for the banners (ops_maintenance.go).
	Ops  *ops.Service
	Gate *ops.Gate
	// History reads the operation history (操作履歴); nil: Data, when it can.
	History HistoryStore
	// Access log, operator access grants and inquiries (access_log.go,
	// ops_grants.go, support.go); nil fields leave those pages out.
	AccessLog accesslog.Store
	Grants    *opsaccess.Service
	Support   *support.Service
	// Monitoring is the SLO figures and incidents (ops_slo.go,
	// ops_incidents.go); nil leaves those pages out.
	Monitoring MonitoringStore
	// Blocks is the abuse guard's console (ops_blocks.go); nil leaves it out.
	Blocks BlockConsole
	// VirusScan checks every upload before it is stored (virusscan.go);
	// nil: uploads are not scanned.
	VirusScan *virusscan.Guard
	Logger    *slog.Logger
	// Secure marks cookies Secure with the __Host- prefix and sends HSTS;
	// true when served over TLS (directly or behind a TLS proxy).
	Secure  bool
	Version string
}

// Server holds the parsed templates and the dependencies.
type Server struct {
	Deps
	pages   pageSet
	csrf    *http.CrossOriginProtection
	exports chan struct{} // export_gate.go: downloads streaming now
	// listings is the shop's listing cache (listing_cache.go); nil: off.
	listings *listingCache
	navs     *navCache // the layout's navigation (nav_cache.go)
	// The order lists' rows, kept rendered (row_cache.go).
	orderRows     *rowCache[orderRow]
	shopOrderRows *rowCache[shopOrderRow]
	cartRows      *rowCache[cartRow]
	frames        *frameCache // the layout's frame (frame_cache.go)
}

// New parses every template once, at start-up.
func New(d Deps) (*Server, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &Server{Deps: d, pages: pages, csrf: http.NewCrossOriginProtection(), exports: make(chan struct{}, maxExports),
		listings: newListingCache(d.ListingCacheBytes), navs: newNavCache(),
		orderRows: newRowCache[orderRow](defaultRowCacheRows), shopOrderRows: newRowCache[shopOrderRow](defaultRowCacheRows),
		cartRows: newRowCache[cartRow](defaultRowCacheRows), frames: newFrameCache(defaultFrameCacheFrames)}, nil
}

// Handler is the web UI with its security headers; the caller mounts the
// API and the operations endpoints beside it.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	static := staticHandler()
	pages := s.csrf.Handler(mux)
	// /static/ is dispatched before the mux: a "/static/" pattern would
	// conflict with "/{tenant}/login" (neither is more specific).
	return s.securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/static/"):
			static.ServeHTTP(w, r)
			return
		case r.URL.Path == "/favicon.ico":
			http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
			return
		case r.URL.Path == "/robots.txt": // a closed B2B site: nothing to index
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /\n"))
			return
		}
		pages.ServeHTTP(w, r)
	}))
}
