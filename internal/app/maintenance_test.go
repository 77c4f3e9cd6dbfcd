package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestMaintenanceModeAnswers503 runs the assembled handler in maintenance
// mode: pages and the API answer 503 with Retry-After, while health,
// metrics, static files, sign-in pages, the operator console and the
// exports of one's own data keep working.
func TestMaintenanceModeAnswers503(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, h := openDemo(t, engine)
			csrf, token := loginForm(t, h, "/sakura/admin/login")
			admin := signIn(t, h, "/sakura/admin/login", "tanaka@sakura-foods.example", csrf, token)
			get := func(path string, c *http.Cookie) *httptest.ResponseRecorder {
				req := httptest.NewRequest("GET", path, nil)
				if c != nil {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			if rec := get("/sakura/admin/", admin); rec.Code != http.StatusOK {
				t.Fatalf("admin home before maintenance: %d", rec.Code)
			}
			until := time.Now().Add(90 * time.Minute)
			op := audit.Actor{Realm: "ops", ID: 1}
			if err := a.Ops.SetMode(context.Background(), ops.Mode{On: true, Message: "データベース移行中", Until: &until}, op); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{"/sakura/", "/sakura/admin/", "/sakura/admin/orders"} {
				rec := get(path, admin)
				ra, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
				if rec.Code != http.StatusServiceUnavailable || ra < 5390 || ra > 5400 ||
					!strings.Contains(rec.Body.String(), "ただいまメンテナンス中です") || !strings.Contains(rec.Body.String(), "データベース移行中") {
					t.Errorf("GET %s in maintenance: %d Retry-After %q\n%s", path, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
				}
			}
			rec := get("/api/v1/me", nil)
			var body struct{ Error struct{ Code string } }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 503 || body.Error.Code != "maintenance" || rec.Header().Get("Retry-After") == "" {
				t.Errorf("API in maintenance: %d %s (%v)", rec.Code, rec.Body.String(), err)
			}
			for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/static/app.css": 200,
				"/ops/login": 200, "/sakura/admin/login": 200, "/sakura/login": 200, "/ops/": 303} {
				if rec := get(path, nil); rec.Code != want {
					t.Errorf("GET %s in maintenance = %d, want %d", path, rec.Code, want)
				}
			}
			if rec := get("/sakura/admin/csv/export/products", admin); rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "csv") {
				t.Errorf("export in maintenance = %d %q", rec.Code, rec.Header().Get("Content-Type"))
			}
			if err := a.Ops.SetMode(context.Background(), ops.Mode{}, op); err != nil {
				t.Fatal(err)
			}
			if rec := get("/sakura/admin/", admin); rec.Code != http.StatusOK {
				t.Errorf("admin home after maintenance: %d", rec.Code)
			}
		})
	}
}

// TestStoppingWindowTurnsMaintenanceOn: an emergency window marked Stop
// puts the service in maintenance while it is in progress, with
// Retry-After counting down to its end.
func TestStoppingWindowTurnsMaintenanceOn(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			a, h := openDemo(t, engine)
			now := time.Now()
			w := ops.Window{Kind: ops.KindEmergency, Start: now.Add(-time.Minute), End: now.Add(20 * time.Minute), Message: "緊急の復旧作業", Stop: true}
			if _, _, err := a.Ops.Schedule(context.Background(), w, audit.Actor{Realm: "ops", ID: 1}); err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/sakura/", nil))
			ra, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
			if rec.Code != 503 || ra < 1190 || ra > 1200 {
				t.Errorf("during a stopping window: %d Retry-After %d", rec.Code, ra)
			}
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/sakura/login", nil))
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), "【緊急メンテナンスのお知らせ】") {
				t.Errorf("sign-in page during the window: %d, banner missing", rec.Code)
			}
		})
	}
}
