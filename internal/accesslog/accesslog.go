// Package accesslog keeps who requested what, for five years: one row per
// HTTP request (pages, API, operator console) with the tenant, the user or
// API key, the route pattern (never the raw URL nor its query string, where
// link tokens travel), the status, the duration and the size.
//
// Rows are written asynchronously: the middleware appends to a bounded
// in-memory buffer and a single goroutine writes it in batches (every
// second, or as soon as a batch is full) with one multi-row INSERT. A full
// buffer drops the row and counts it in a metric instead of slowing the
// request down. Close flushes what is left.
package accesslog

import (
	"context"
	"time"

	"github.com/oroshi-jp/oroshi"
)

// Retention is how long rows are kept (SLA 7-3: five years).
const Retention = 5 * 365 * 24 * time.Hour

// Entry is one request.
type Entry struct {
	ID         oroshi.ID
	At         time.Time // when the request started, UTC
	TenantID   oroshi.TenantID
	Tenant     string // slug, as the request named it ("" for /ops and unknown tenants)
	Realm      string // "ops", "admin", "shop", "api" or "" before sign-in
	UserID     oroshi.ID
	ClientAddr string
	Method     string
	Route      string // ServeMux pattern, e.g. "GET /{tenant}/admin/orders/{id}"
	Status     int
	Duration   time.Duration
	Bytes      int64
}

// Filter selects rows for the operator's page. Zero fields match all.
type Filter struct {
	Tenant      oroshi.TenantID
	AnyTenant   bool // true: Tenant is ignored
	UserID      oroshi.ID
	From, Until time.Time // [From, Until)
	StatusClass int       // 2, 3, 4 or 5 for 2xx…5xx; 0 for all
	Before      oroshi.ID // keyset cursor: rows older than this ID
	Limit       int
}

// Store writes and reads the log.
type Store interface {
	InsertAccessLog(ctx context.Context, rows []Entry) error
	AccessLog(ctx context.Context, f Filter) ([]Entry, error)
	PurgeAccessLog(ctx context.Context, before time.Time, batch int) (int64, error)
}

// Purge deletes rows older than the retention period in small batches so
// that no statement holds locks for long; it returns the rows deleted.
func Purge(ctx context.Context, st Store, now time.Time) (int64, error) {
	const batch = 5000
	cutoff := now.Add(-Retention)
	var total int64
	for {
		n, err := st.PurgeAccessLog(ctx, cutoff, batch)
		total += n
		if err != nil || n < batch {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}
