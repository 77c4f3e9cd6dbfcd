package logging

import (
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// RequestIDHeader carries the request ID in and out.
const RequestIDHeader = "X-Request-ID"

// Unmatched is the route of a request no ServeMux pattern matched.
const Unmatched = "unmatched"

// Middleware writes one access log line per request when it ends. It never
// logs the query string or request headers: both may carry credentials.
func Middleware(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = rand.Text()
		}
		w.Header().Set(RequestIDHeader, id)
		ctx, _ := WithInfo(withRequestID(r.Context(), id))
		inner := r.WithContext(ctx)
		sw := NewStatusWriter(w)
		finished := false
		// Deferred so that a panicking handler still gets its line (as a
		// 500); the panic itself goes on to net/http, which logs the stack.
		defer func() {
			// ServeMux writes the matched pattern on the request it got, our
			// copy; hand it outward so an outer middleware (metrics) sees it.
			r.Pattern = inner.Pattern
			status := sw.Status()
			if !finished {
				status = http.StatusInternalServerError
			} else if status == 0 {
				status = http.StatusOK // nothing written: net/http sends 200
			}
			logRequest(log, inner, status, sw.Bytes(), time.Since(start))
		}()
		next.ServeHTTP(sw, inner)
		finished = true
	})
}

func logRequest(log *slog.Logger, r *http.Request, status int, bytes int64, d time.Duration) {
	ctx := r.Context()
	info := Info(ctx)
	log.LogAttrs(ctx, levelOf(status), "http request",
		slog.String("method", r.Method),
		slog.String("route", Route(r)),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		slog.String("client", ClientAddr(r)),
		slog.String("tenant", info.Tenant),
		slog.String("user_id", info.UserID),
		slog.String("realm", info.Realm),
		slog.String("request_id", RequestID(ctx)),
	)
}

// Route is the ServeMux pattern that matched r, or Unmatched. Read it after
// the handler ran: the mux sets it while routing.
func Route(r *http.Request) string {
	if r.Pattern == "" {
		return Unmatched
	}
	return r.Pattern
}

// levelOf: 5xx are our failures; 4xx other than 404 may be attacks or bugs
// in clients, worth a look; 404s are mostly scanners and would drown them.
func levelOf(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400 && status != http.StatusNotFound:
		return slog.LevelWarn
	default:
		return slog.LevelInfo
	}
}

// ClientAddr is the address of the client: the peer's, which
// transport.RealClient has already replaced by X-Forwarded-For's client
// when the peer is a trusted proxy (OROSHI_TRUSTED_PROXIES).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// validRequestID accepts a caller's ID only when it is short and plain, so
// that a hostile header cannot forge log lines or bloat them.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}
