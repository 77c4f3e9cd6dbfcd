package abuse

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// signInSuffixes are the pages that check a password or send mail.
var signInSuffixes = []string{"/login", "/mfa", "/password/forgot", "/password/reset", "/invite"}

// limit counts the request against the rate limits that apply to it, in one
// unit of work; only the API, searches and sign-in POSTs touch the
// database. It returns how long to wait when one limit is exceeded.
func (g *Guard) limit(r *http.Request, addr string, now time.Time) (time.Duration, bool) {
	hits, rules := g.hits(r, addr, now)
	if len(hits) == 0 {
		return 0, false
	}
	g.prune(r, now)
	n, err := g.Store.CountHits(r.Context(), hits)
	if err != nil {
		g.Log.Warn("abuse: rate limit", "err", err)
		return 0, false
	}
	var wait time.Duration
	for i, h := range hits {
		if n[i] > h.Max {
			wait = max(wait, h.Window.Add(rules[i].Per).Sub(now))
		}
	}
	return wait, wait > 0
}

// hits are the counters r counts against, with their rules.
func (g *Guard) hits(r *http.Request, addr string, now time.Time) ([]Hit, []Rule) {
	var hits []Hit
	var rules []Rule
	add := func(key string, rule Rule) {
		hits = append(hits, Hit{Key: key, Window: now.Truncate(rule.Per), N: 1, Max: rule.Max})
		rules = append(rules, rule)
	}
	p := g.Policy
	path := r.URL.Path
	if strings.HasPrefix(path, "/api/") {
		add("api:addr:"+addr, p.API)
		if k := apiKeyID(r); k != "" {
			add("api:key:"+k, p.API)
		}
	}
	if strings.TrimSpace(r.URL.Query().Get("q")) != "" {
		add("search:"+addr, p.Search)
	}
	if r.Method == http.MethodPost {
		for _, s := range signInSuffixes {
			if strings.HasSuffix(path, s) {
				add("signin:"+addr, p.SignIn)
				break
			}
		}
	}
	return hits, rules
}

// apiKeyID names the caller's key without a database lookup: a hash of the
// bearer token (never the token itself, which would land in the database
// and the console).
func apiKeyID(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if h == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(h)))
	return hex.EncodeToString(sum[:8])
}

// pruneEvery is how often an instance deletes old counter windows.
const pruneEvery = 10 * time.Minute

func (g *Guard) prune(r *http.Request, now time.Time) {
	g.mu.Lock()
	due := time.Since(g.prunedAt) > pruneEvery
	if due {
		g.prunedAt = time.Now()
	}
	g.mu.Unlock()
	if !due {
		return
	}
	keep := max(g.Policy.ProbeWindow, time.Hour)
	if err := g.Store.PruneWindows(r.Context(), now.Add(-keep)); err != nil {
		g.Log.Warn("abuse: prune", "err", err)
	}
}

// deny answers 403 (blocked) or 429 (rate limited) with Retry-After: JSON
// for the API, a small Japanese page otherwise.
func deny(w http.ResponseWriter, r *http.Request, status int, wait time.Duration) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	code, msg, title := "rate_limited", "リクエストが多すぎます。しばらく待ってからもう一度お試しください。", "リクエストが多すぎます"
	if status == http.StatusForbidden {
		code, msg, title = "blocked", "不審なリクエストが続いたため、このアドレスからのアクセスを一時的に制限しています。しばらく待ってからもう一度お試しください。", "アクセスを一時的に制限しています"
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		h.Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":{"code":"` + code + `","message":"` + msg + `"}}` + "\n"))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>` + title +
		`｜oroshi</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow"><h1>` + title +
		`</h1><p>` + msg + `</p><p class="muted">Too many requests or access temporarily restricted. Please try again later.</p></main></body></html>`))
}
