// Package api is the public JSON API under /api/v1: API-key authentication
// with scopes, the route table, error and pagination conventions, and the
// OpenAPI document generated from the route table.
package api

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/documents"
	"github.com/oroshi-jp/oroshi/internal/idempotency"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/virusscan"
	"github.com/oroshi-jp/oroshi/internal/webhooks"
)

// DefaultBodyLimit is the request body limit of routes that set none.
const DefaultBodyLimit = 1 << 20

// TenantLookup finds a tenant by ID (tenancy.Store has it).
type TenantLookup interface {
	Tenant(ctx context.Context, id oroshi.TenantID) (tenancy.Tenant, error)
}

// Deps are what the API needs.
type Deps struct {
	Keys      *apikeys.Service
	Tenants   TenantLookup
	Logger    *slog.Logger // nil: discard
	BodyLimit int64        // 0: DefaultBodyLimit
	Buyers    *buyers.Service
	Fields    *customfields.Service
	Pricing   *pricing.Service
	Catalog   *catalog.Service
	// Idempotency keeps answers by Idempotency-Key; nil ignores the header.
	Idempotency *idempotency.Service
	Webhooks    *webhooks.Service
	Sales       *sales.Service
	Quotes      *sales.QuoteService
	Documents   *documents.Service
	Billing     *billing.Service
	// VirusScan checks uploads before they are stored (virusscan.go);
	// nil: not scanned.
	VirusScan *virusscan.Guard
}

type server struct {
	keys      *apikeys.Service
	tenants   TenantLookup
	log       *slog.Logger
	bodyLimit int64
	openapi   []byte // the document, generated once from the route table
	docErr    error  // why it could not be generated (a programming error)
	buyers    *buyers.Service
	fields    *customfields.Service
	pricing   *pricing.Service
	catalog   *catalog.Service
	idem      *idempotency.Service
	webhooks  *webhooks.Service
	sales     *sales.Service
	quotes    *sales.QuoteService
	documents *documents.Service
	billing   *billing.Service
	virusScan *virusscan.Guard
}

// New returns the handler of /api/v1; mount it at "/api/".
func New(d Deps) http.Handler {
	s := newServer(d)
	return s.handler(s.routes())
}

func newServer(d Deps) *server {
	s := &server{keys: d.Keys, tenants: d.Tenants, log: d.Logger, bodyLimit: d.BodyLimit,
		buyers: d.Buyers, fields: d.Fields, pricing: d.Pricing, catalog: d.Catalog,
		idem: d.Idempotency, webhooks: d.Webhooks, sales: d.Sales,
		quotes: d.Quotes, documents: d.Documents, billing: d.Billing, virusScan: d.VirusScan}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.bodyLimit <= 0 {
		s.bodyLimit = DefaultBodyLimit
	}
	return s
}

// handler serves routes, with the OpenAPI document made from them.
func (s *server) handler(routes []route) http.Handler {
	s.openapi, s.docErr = json.Marshal(openAPI(routes))
	return s.top(s.mux(routes))
}

// mux registers routes on a ServeMux. Every path also gets a pattern
// without a method, more general than the route's, so that other methods
// get a JSON 405 instead of the mux's plain-text one; "/" answers a JSON 404.
func (s *server) mux(routes []route) *http.ServeMux {
	mux := http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range routes {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		mux.Handle(path, s.methodNotAllowed(methods))
	}
	mux.Handle("/", s.adapt(func(http.ResponseWriter, *http.Request) error {
		return newError(http.StatusNotFound, "APIのパスが見つかりません（/api/v1/openapi.json を参照してください）")
	}))
	return mux
}

// handlerFunc is an API handler: it writes a success itself and returns
// any failure for adapt to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// adapt turns a handlerFunc into an http.Handler that answers errors as JSON.
func (s *server) adapt(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// wrap applies a route's body limit, authentication and scope.
func (s *server) wrap(rt route) http.Handler {
	limit := rt.maxBody
	if limit <= 0 {
		limit = s.bodyLimit
	}
	return s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if !rt.public {
			var err error
			if r, err = s.authorize(r, rt.scope); err != nil {
				return err
			}
		}
		return s.idempotent(w, r, rt.h, rt.ownIdem)
	})
}

func (s *server) methodNotAllowed(methods []string) http.Handler {
	allow := slices.Clone(methods)
	if slices.Contains(allow, http.MethodGet) && !slices.Contains(allow, http.MethodHead) {
		allow = append(allow, http.MethodHead) // ServeMux serves HEAD with GET
	}
	slices.Sort(allow)
	return s.adapt(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return newError(http.StatusMethodNotAllowed,
			fmt.Sprintf("このパスでは %s を使用できません（使用できるメソッド: %s）", r.Method, strings.Join(allow, ", ")))
	})
}

// top runs around every API request: request ID, headers that suit every
// JSON answer, and a JSON 500 instead of a dropped connection on a panic.
func (s *server) top(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := w.Header().Get(requestIDHeader) // set by an outer access log, if any
		if id == "" {
			if id = r.Header.Get(requestIDHeader); !validRequestID(id) {
				id = rand.Text()
			}
			w.Header().Set(requestIDHeader, id)
		}
		outer := r
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		h := w.Header()
		h.Set("Cache-Control", "no-store") // answers are per key and often private
		h.Set("X-Content-Type-Options", "nosniff")
		defer func() {
			// Hand the matched pattern outward, so that the access log and
			// metrics see "GET /api/v1/me" rather than the outer "/api/".
			if r.Pattern != "" {
				outer.Pattern = r.Pattern
			}
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.LogAttrs(r.Context(), slog.LevelError, "api handler panicked",
					slog.String("request_id", id), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				s.writeError(w, r, errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

const requestIDHeader = "X-Request-ID"

type requestIDKey struct{}

// requestID is the ID of the request, also sent as X-Request-ID.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// validRequestID accepts a caller's ID only when short and plain, so that a
// hostile header cannot forge log lines or bloat them.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == ""
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// The status is sent: an encoding error can only be a broken connection
	// or a programming error caught by tests, and there is nobody to tell.
	_ = json.NewEncoder(w).Encode(v)
}
