package web

import (
	"context"
	"encoding/json"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/oroshi-jp/oroshi/internal/ops"
)

// MaintenanceMode answers 503 with Retry-After while the service is in
// maintenance (the operators' switch, or a window marked 停止する in
// progress): a Japanese page for pages, a JSON error for the API. What
// keeps working: health and metrics, static files, the operator console,
// sign-in pages, and the exports of one's own data (SPEC 11), which still
// need the database. The status is cached by g for ops.CacheTTL.
func MaintenanceMode(g *ops.Gate, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if maintenanceExempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		st := g.Status(r.Context())
		if !st.Maintenance {
			next.ServeHTTP(w, r)
			return
		}
		wait := st.RetryAfter(g.Now())
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		w.Header().Set("Cache-Control", "no-store")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeMaintenanceJSON(w, st, wait)
			return
		}
		maintenanceHeaders.ServeHTTP(w, r.WithContext(withStatus(r.Context(), st)))
	})
}

// maintenanceHeaders gives the maintenance page the site's security
// headers (HSTS is left to the pages: browsers keep it anyway).
var maintenanceHeaders = (&Server{}).securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	writeMaintenancePage(w, r, r.Context().Value(statusKey{}).(ops.Status))
}))

type statusKey struct{}

func withStatus(ctx context.Context, st ops.Status) context.Context {
	return context.WithValue(ctx, statusKey{}, st)
}

// exemptExact are paths that answer during maintenance.
var exemptExact = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/favicon.ico": true,
	"/robots.txt": true, "/lang": true, "/ops": true}

// exemptSuffixes are the sign-in pages of every area.
var exemptSuffixes = []string{"/login", "/logout", "/mfa", "/mfa/setup", "/password/forgot", "/password/reset", "/invite"}

func maintenanceExempt(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case exemptExact[p], strings.HasPrefix(p, "/static/"), strings.HasPrefix(p, "/ops/"):
		return true
	case strings.HasPrefix(p, "/api/"):
		return false
	}
	for _, s := range exemptSuffixes {
		if strings.HasSuffix(p, s) {
			return true
		}
	}
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && isExport(p)
}

// isExport tells the CSV export routes: /{t}/admin/csv (the export page),
// /{t}/admin/csv/export/{kind}, /{t}/admin/csv/orders, and the …/export
// lists (/{t}/orders/export, /{t}/admin/quotes/export, /{t}/quotes/export).
func isExport(p string) bool {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) >= 3 && parts[1] == "admin" && parts[2] == "csv" {
		return len(parts) == 3 || parts[3] == "orders" || (parts[3] == "export" && len(parts) == 5)
	}
	return len(parts) >= 3 && parts[len(parts)-1] == "export"
}

func writeMaintenanceJSON(w http.ResponseWriter, st ops.Status, wait time.Duration) {
	msg := "ただいまメンテナンス中です。しばらくしてから再度お試しください。"
	if st.Message != "" {
		msg += " " + st.Message
	}
	body := map[string]any{"error": map[string]any{"code": "maintenance", "message": msg,
		"retry_after": int(math.Ceil(wait.Seconds()))}}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(body)
}

var maintenancePage = template.Must(template.New("maintenance").Parse(`<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>メンテナンス中 | oroshi</title><link rel="stylesheet" href="/static/app.css"><link rel="stylesheet" href="/static/maintenance.css"></head>
<body class="area-public"><main id="main" class="maintenance"><section class="card">
<h1>ただいまメンテナンス中です</h1>
<p>ご不便をおかけして申し訳ございません。サービスを一時的に停止しております。</p>
{{with .Until}}<p>終了予定: <strong>{{.}}</strong>（日本時間）</p>{{end}}
{{with .Message}}<p>{{.}}</p>{{end}}
{{with .Export}}<p>メンテナンス中も、ご自身のデータのエクスポートはご利用いただけます: <a href="{{.}}">データのエクスポート</a></p>{{end}}
<p lang="en" class="muted">The service is under maintenance. Please try again later.</p>
</section></main></body></html>
`))

func writeMaintenancePage(w http.ResponseWriter, r *http.Request, st ops.Status) {
	v := struct{ Until, Message, Export string }{Message: st.Message}
	if st.Until != nil {
		j := st.Until.In(ops.JST)
		v.Until = ops.DateJST(j) + " " + j.Format("15:04")
	}
	if parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); len(parts) >= 2 && parts[1] == "admin" {
		v.Export = "/" + parts[0] + "/admin/csv"
	} else if len(parts) >= 1 && parts[0] != "" {
		v.Export = "/" + parts[0] + "/orders/export"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = maintenancePage.Execute(w, v)
}
