// Package logging builds the process logger and the per-request access log.
// Secrets never reach a log line: query strings and credential headers are
// not logged, and attributes with credential-like names are redacted.
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// New returns a logger writing to w. format is "json", "text" or "auto"
// (text on a terminal, JSON otherwise, so that log collectors get JSON);
// level is debug, info, warn or error. config.Load has already validated
// both; anything unknown falls back to JSON at info rather than failing.
func New(w io.Writer, format, level string, isTerminal bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: parseLevel(level), ReplaceAttr: redact}
	if format == "text" || (format == "auto" && isTerminal) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func parseLevel(level string) slog.Level {
	switch strings.ToLower(level) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}

// secretKeys are attribute names whose values are never written, whatever
// the caller passed: a second wall behind "don't log secrets" in review.
var secretKeys = map[string]bool{
	"password": true, "passwd": true, "secret": true, "token": true,
	"authorization": true, "cookie": true, "set-cookie": true,
	"api_key": true, "apikey": true, "session": true, "csrf": true,
	"totp": true, "otp": true, "x-api-key": true,
}

// Redacted replaces the value of a secret attribute.
const Redacted = "[REDACTED]"

func redact(_ []string, a slog.Attr) slog.Attr {
	if secretKeys[strings.ToLower(a.Key)] {
		return slog.String(a.Key, Redacted)
	}
	return a
}

// RequestInfo says who is calling. The access log middleware puts an empty
// one in the request context; authentication fills it in as it learns the
// caller, and the access log line reports it when the request ends. A
// request is served by one goroutine, so no lock is needed.
type RequestInfo struct {
	Tenant   string // tenant slug or ID; "" before the tenant is known
	TenantID int64  // the tenant's ID once known (access log); 0 otherwise
	UserID   string
	Realm    string // "operator", "seller", "buyer" or "api"
}

type infoKey struct{}

// WithInfo returns ctx carrying a RequestInfo and that record. When ctx
// already carries one it is reused, so every layer fills the same record.
func WithInfo(ctx context.Context) (context.Context, *RequestInfo) {
	if info, ok := ctx.Value(infoKey{}).(*RequestInfo); ok {
		return ctx, info
	}
	info := &RequestInfo{}
	return context.WithValue(ctx, infoKey{}, info), info
}

// Info returns the request's record, never nil: outside a request (jobs,
// tests) it returns a throwaway record, so callers need no nil checks.
func Info(ctx context.Context) *RequestInfo {
	if info, ok := ctx.Value(infoKey{}).(*RequestInfo); ok {
		return info
	}
	return &RequestInfo{}
}

type requestIDKey struct{}

// RequestID returns the request's ID (also sent as X-Request-ID), or "".
// Error handlers log it so a 5xx line can be matched to the access line.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func withRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}
