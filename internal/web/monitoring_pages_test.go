package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/slo"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// newMonitoringEnv is newEnv with the monitoring pages wired.
func newMonitoringEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Monitoring: s,
		Logger: slog.New(slog.NewTextHandler(e.log, nil))}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

func TestMonitoringPages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		e := newMonitoringEnv(t, s)
		f := e.fixture(t, 1)
		owner := e.user(t, f, identity.RoleOwner)
		op := e.user(t, f, identity.RoleOperator)
		hour := time.Now().UTC().Truncate(time.Hour)
		if err := s.AddProbes(ctx, []slo.ProbeHour{{Hour: hour, Total: 240, OK: 230}}); err != nil {
			t.Fatal(err)
		}
		var h slo.Histogram
		h[2], h[9] = 99, 1
		if err := s.AddRequestStats(ctx, []slo.HourStat{{Hour: hour, Route: "GET /{tenant}/products", Hist: h}}); err != nil {
			t.Fatal(err)
		}
		b := e.browser(t)
		b.signIn(op)
		p := b.get("/ops/slo")
		mustContain(t, "slo", p, http.StatusOK, "監視・SLO", "95.83%", "未達", "GET /{tenant}/products", "<svg class=\"chart daily availability\"",
			`href="/ops/incidents"`)

		p = b.submit("/ops/incidents", "/ops/incidents", url.Values{"started_at": {"2026-11-20T10:00"}, "ended_at": {"2026-11-20T09:00"},
			"cause": {""}, "affected": {"list"}})
		mustContain(t, "invalid incident", p, http.StatusUnprocessableEntity, "原因を入力してください。", "終了日時は開始日時より後にしてください。",
			"影響のある契約者を選んでください。")
		p = b.submit("/ops/incidents", "/ops/incidents", url.Values{"started_at": {"2026-11-20T10:00"}, "ended_at": {"2026-11-20T10:45"},
			"cause": {"ネットワーク機器の故障"}, "affected": {"list"}, "tenant": {f.tenant.ID.String()}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", p.status, p.body)
		}
		show := p.location
		p = b.get(show)
		mustContain(t, "incident", p, http.StatusOK, "ネットワーク機器の故障", f.tenant.Name, "未通知", "2026-11-20T10:45")
		p = b.submit(show, show+"/announce", nil)
		if p.status != http.StatusSeeOther {
			t.Fatalf("announce: %d\n%s", p.status, p.body)
		}
		mustContain(t, "announced", b.get(show), http.StatusOK, "通知済み")
		notices, err := s.Notices(ctx, f.tenant.ID, "admin", false, 10)
		if err != nil || len(notices) != 1 || notices[0].Title != "【oroshi】障害のお知らせ（11月20日）" {
			t.Errorf("notices %+v %v", notices, err)
		}
		outbox, err := s.Outbox(ctx, 50)
		found := false
		for _, m := range outbox {
			found = found || (m.To == owner.Email && m.Subject == "【oroshi】障害のお知らせ（11月20日）")
		}
		if err != nil || !found {
			t.Errorf("no mail to the owner %s in the outbox (%v)", owner.Email, err)
		}
		p = b.get("/ops/incidents")
		mustContain(t, "list", p, http.StatusOK, "ネットワーク機器の故障", "通知済み", "運営")
		mustContain(t, "slo per year", b.get("/ops/slo"), http.StatusOK, "<td>2026</td><td>1</td>")

		admin := e.browser(t)
		admin.signIn(owner)
		if p := admin.get("/ops/incidents"); p.status == http.StatusOK {
			t.Errorf("a seller owner sees /ops/incidents")
		}
	})
}
