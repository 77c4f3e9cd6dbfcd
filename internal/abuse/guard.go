package abuse

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/logging"
)

// Guard is the middleware. Blocked addresses get 403, clients over a rate
// limit 429 with Retry-After; probes and bursts of 4xx block the address.
// A store failure lets the request through (logged): the guard must never
// take the service down with it.
type Guard struct {
	Store  Store
	Policy Policy
	// Exempt addresses are never scored, blocked nor rate limited:
	// OROSHI_ABUSE_EXEMPT, e.g. a monitoring host or the office network.
	Exempt []netip.Prefix
	Now    func() time.Time
	Log    *slog.Logger

	mu       sync.Mutex
	blocks   map[string]Block
	loadedAt time.Time // wall clock, for CacheTTL
	loading  bool      // a caller is reloading blocks
	lifts    int       // Lift calls: a reload begun before one is not fresh
	prunedAt time.Time
}

// unguarded are the health and metrics endpoints, and static files.
func unguarded(p string) bool {
	return p == "/healthz" || p == "/readyz" || p == "/metrics" || strings.HasPrefix(p, "/static/")
}

// Wrap guards next.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unguarded(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		addr, now := logging.ClientAddr(r), g.Now()
		if g.exempt(addr) {
			next.ServeHTTP(w, r)
			return
		}
		if b, ok := g.blocked(r.Context(), addr, now); ok {
			deny(w, r, http.StatusForbidden, b.Until.Sub(now))
			return
		}
		if b, ok := g.score(r, addr, now); ok {
			deny(w, r, http.StatusForbidden, b.Until.Sub(now))
			return
		}
		if wait, limited := g.limit(r, addr, now); limited {
			deny(w, r, http.StatusTooManyRequests, wait)
			return
		}
		sw := logging.NewStatusWriter(w)
		next.ServeHTTP(sw, r)
		if st := sw.Status(); st >= 400 && st < 500 && st != http.StatusTooManyRequests {
			g.countError(r.Context(), addr, now)
		}
	})
}

func (g *Guard) exempt(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range g.Exempt {
		if p.Contains(ip.Unmap()) {
			return true
		}
	}
	return false
}

// score counts a probe-looking request against its address and blocks the
// address when the points reach the policy's maximum.
func (g *Guard) score(r *http.Request, addr string, now time.Time) (Block, bool) {
	points, reason := Score(r.URL.EscapedPath(), r.URL.RawQuery, peekForm(r))
	if points == 0 {
		return Block{}, false
	}
	p := g.Policy
	return g.countAndBlock(r.Context(), Hit{Key: "probe:" + addr, Window: now.Truncate(p.ProbeWindow), N: points, Max: p.ProbeMax},
		addr, reason, now)
}

func (g *Guard) countError(ctx context.Context, addr string, now time.Time) {
	p := g.Policy.ErrorBurst
	g.countAndBlock(ctx, Hit{Key: "4xx:" + addr, Window: now.Truncate(p.Per), N: 1, Max: p.Max}, addr, "4xx-burst", now)
}

func (g *Guard) countAndBlock(ctx context.Context, h Hit, addr, reason string, now time.Time) (Block, bool) {
	n, err := g.Store.CountHits(ctx, []Hit{h})
	if err != nil {
		g.Log.Warn("abuse: count", "key", h.Key, "err", err)
		return Block{}, false
	}
	if n[0] < h.Max {
		return Block{}, false
	}
	b := Block{Address: addr, Reason: reason, Since: now, Until: now.Add(g.Policy.BlockFor), Hits: n[0]}
	if err := g.Store.BlockAddress(ctx, b); err != nil {
		g.Log.Warn("abuse: block", "addr", addr, "err", err)
		return Block{}, false
	}
	g.Log.Warn("abuse: client blocked", "client", addr, "reason", reason, "until", b.Until)
	g.mu.Lock()
	if g.blocks != nil {
		g.blocks[addr] = b
	}
	g.mu.Unlock()
	return b, true
}

// blocked reads the blocks in force from the cache, reloaded from the
// database at most every CacheTTL: one query per instance, not per request.
// The mutex is not held during the reload (one caller reloads, the others
// use the list it replaces): a caller waiting for a database connection
// under it could wait for requests that hold one and wait for the mutex.
func (g *Guard) blocked(ctx context.Context, addr string, now time.Time) (Block, bool) {
	g.mu.Lock()
	if (g.blocks == nil || time.Since(g.loadedAt) > CacheTTL) && !g.loading {
		g.loading = true
		lifts := g.lifts
		g.mu.Unlock()
		list, err := g.Store.ActiveBlocks(ctx, now)
		g.mu.Lock()
		g.loading = false
		switch {
		case err != nil:
			g.Log.Warn("abuse: load blocks", "err", err)
		case lifts != g.lifts: // may hold a block lifted meanwhile: read again next time
			g.loadedAt = time.Time{}
		default:
			g.blocks = make(map[string]Block, len(list))
			for _, b := range list {
				g.blocks[b.Address] = b
			}
			g.loadedAt = time.Now()
		}
	}
	b, ok := g.blocks[addr]
	g.mu.Unlock()
	return b, ok && b.Active(now)
}

// Lift ends the block of address and forgets it on this instance at once
// (others within CacheTTL).
func (g *Guard) Lift(ctx context.Context, address string, by audit.Actor) error {
	if err := g.Store.LiftBlock(ctx, address, g.Now(), by); err != nil {
		return err
	}
	g.mu.Lock()
	delete(g.blocks, address)
	g.lifts++
	g.mu.Unlock()
	return nil
}

// RecentBlocks and LimitedWindows are for the operator console.
func (g *Guard) RecentBlocks(ctx context.Context, limit int) ([]Block, error) {
	return g.Store.RecentBlocks(ctx, limit)
}

// LimitedWindows are the newest counters over their limit.
func (g *Guard) LimitedWindows(ctx context.Context, limit int) ([]Window, error) {
	return g.Store.LimitedWindows(ctx, limit)
}

// maxPeek bounds the form body the guard reads to score it; a larger body
// is scored on its first maxPeek bytes and passed on whole.
const maxPeek = 64 << 10

// peekForm reads an urlencoded body's values without consuming it: the
// handler gets the same bytes.
func peekForm(r *http.Request) url.Values {
	if r.Body == nil || r.Method == http.MethodGet ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return nil
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, maxPeek))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if err != nil {
		return nil
	}
	v, _ := url.ParseQuery(string(buf))
	return v
}
