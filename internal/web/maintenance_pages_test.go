package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/ops"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// newMaintenanceEnv is the page server with the maintenance service, behind
// the maintenance-mode middleware as the application mounts it.
func newMaintenanceEnv(t *testing.T, s *sqlstore.Store) *env {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	gate := &ops.Gate{Source: s, Now: time.Now}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		CSV: &dataio.Service{Store: s, Now: time.Now}, Ops: &ops.Service{Store: s, Now: time.Now, Gate: gate}, Gate: gate}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(web.MaintenanceMode(gate, srv.Handler()))
	t.Cleanup(e.srv.Close)
	return e
}

func TestMaintenancePages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newMaintenanceEnv(t, s)
		f1, f2 := e.fixture(t, 1), e.fixture(t, 2)
		// Owners and admins are told by mail; staff (no second factor to
		// replay within one TOTP step) look at the pages.
		e.user(t, f1, identity.RoleOwner)
		e.user(t, f1, identity.RoleAdmin)
		e.user(t, f2, identity.RoleAdmin)
		staff1, staff2 := e.user(t, f1, identity.RoleStaff), e.user(t, f2, identity.RoleStaff)
		buyer1 := e.user(t, f1, identity.RolePurchaser)
		op := e.browser(t)
		op.signIn(e.user(t, f1, identity.RoleOperator))
		t.Run("Schedule", func(t *testing.T) { testMaintenanceSchedule(t, e, op, f1.tenant.Slug) })
		t.Run("Banners", func(t *testing.T) { testMaintenanceBanners(t, e, op, staff1, buyer1, f2.tenant.Slug) })
		t.Run("Announcements", func(t *testing.T) { testAnnouncementsAudience(t, e, op, staff1, staff2, buyer1, f2) })
	})
}

var cancelRE = regexp.MustCompile(`action="/ops/maintenance/([0-9]+)/cancel"`)

// jstField formats t for a datetime-local input in JST.
func jstField(t time.Time) string { return t.In(ops.JST).Format("2006-01-02T15:04") }

func testMaintenanceSchedule(t *testing.T, e *env, op *browser, _ string) {
	soon := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	p := op.submit("/ops/maintenance", "/ops/maintenance", url.Values{"kind": {"planned"}, "start": {jstField(soon)},
		"end": {jstField(soon.Add(2 * time.Hour))}, "message": {"サーバーの入れ替え"}, "stop": {"1"}})
	mustContain(t, "planned 10 days ahead", p, http.StatusUnprocessableEntity, "14日以上前に告知する必要があります")
	if got := maintenanceRecipients(t, e, "メンテナンスのお知らせ"); len(got) != 0 {
		t.Fatalf("a refused window mailed %v", got)
	}
	start := time.Now().Add(20 * 24 * time.Hour).Truncate(time.Minute)
	w := ops.Window{Kind: ops.KindPlanned, Start: start, End: start.Add(2 * time.Hour)}
	p = op.submit("/ops/maintenance", "/ops/maintenance", url.Values{"kind": {"planned"}, "start": {jstField(w.Start)},
		"end": {jstField(w.End)}, "message": {"サーバーの入れ替え"}, "stop": {"1"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", p.status, p.body)
	}
	want := []string{"admin.1@example.jp", "admin.2@example.jp", "owner.1@example.jp"}
	if got := maintenanceRecipients(t, e, "メンテナンスのお知らせ（"+w.Period()+"）"); !slices.Equal(got, want) {
		t.Errorf("mailed %v, want every tenant admin and owner %v", got, want)
	}
	mustContain(t, "console", op.get("/ops/maintenance"), http.StatusOK, "お知らせを登録し", w.Period(), "サーバーの入れ替え", "中止")
	if n := e.count(t, 0, `SELECT count(*) FROM audit_events WHERE tenant_id = 0 AND action = '計画メンテナンス（予定登録）'`); n != 1 {
		t.Errorf("operators' history has %d scheduling entries, want 1", n)
	}
}

// maintenanceRecipients lists the outbox's recipients of mail whose
// subject holds subject.
func maintenanceRecipients(t *testing.T, e *env, subject string) []string {
	t.Helper()
	box, err := e.s.Outbox(t.Context(), 500)
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range box {
		if strings.Contains(m.Subject, subject) {
			to = append(to, m.To)
		}
	}
	slices.Sort(to)
	return to
}

func testMaintenanceBanners(t *testing.T, e *env, op *browser, admin, buyer user, otherSlug string) {
	const banner = "【メンテナンスのお知らせ】"
	a := e.browser(t)
	a.signIn(admin)
	mustContain(t, "admin home", a.get(admin.base+"/"), http.StatusOK, banner, "サーバーの入れ替え")
	b := e.browser(t)
	b.signIn(buyer)
	mustContain(t, "shop home", b.get(buyer.base+"/"), http.StatusOK, banner)
	anon := e.browser(t)
	mustContain(t, "admin sign-in", anon.get("/"+otherSlug+"/admin/login"), http.StatusOK, banner)
	mustContain(t, "shop sign-in", anon.get("/"+otherSlug+"/login"), http.StatusOK, banner)
	mustContain(t, "ops console", op.get("/ops/"), http.StatusOK, banner)

	// Maintenance mode: the shop answers 503, the console and exports do not.
	p := op.submit("/ops/maintenance", "/ops/maintenance/mode", url.Values{"on": {"1"}, "message": {"緊急対応中"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("mode on: %d\n%s", p.status, p.body)
	}
	resp, err := b.c.Get(e.srv.URL + buyer.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	p = &page{status: resp.StatusCode, header: resp.Header, body: string(body)}
	if p.header.Get("Content-Security-Policy") == "" {
		t.Error("maintenance page without CSP")
	}
	if p.status != http.StatusServiceUnavailable || p.header.Get("Retry-After") != "300" || !strings.Contains(p.body, "緊急対応中") {
		t.Errorf("shop in maintenance: %d Retry-After %q", p.status, p.header.Get("Retry-After"))
	}
	mustContain(t, "console in maintenance", op.get("/ops/maintenance"), http.StatusOK, "停止中", "メンテナンスモードを解除")
	if p := a.get(admin.base + "/csv/export/products"); p.status != http.StatusOK {
		t.Errorf("export in maintenance: %d", p.status)
	}
	if p := op.submit("/ops/maintenance", "/ops/maintenance/mode", url.Values{"on": {"0"}}); p.status != http.StatusSeeOther {
		t.Fatalf("mode off: %d", p.status)
	}
	mustContain(t, "shop after maintenance", b.get(buyer.base+"/"), http.StatusOK, banner)

	// Canceling takes the banner down and tells the admins.
	list := op.get("/ops/maintenance")
	m := cancelRE.FindStringSubmatch(list.body)
	if m == nil {
		t.Fatalf("no cancel button:\n%s", list.body)
	}
	id := m[1]
	if p := op.post("/ops/maintenance/"+id+"/cancel", url.Values{"csrf_token": {op.csrf(list)}}); p.status != http.StatusSeeOther {
		t.Fatalf("cancel %s: %d\n%s", id, p.status, p.body)
	}
	if p := a.get(admin.base + "/"); strings.Contains(p.body, banner) {
		t.Error("banner still shown after cancel")
	}
	if got := maintenanceRecipients(t, e, "中止のお知らせ"); len(got) != 3 {
		t.Errorf("cancel mailed %v, want 3", got)
	}
}

func testAnnouncementsAudience(t *testing.T, e *env, op *browser, admin1, admin2, buyer1 user, f2 *fixture) {
	for _, f := range []url.Values{
		{"target": {"0"}, "audience": {"admin"}, "title": {"全契約者の管理画面へ"}, "body": {"管理者向けの本文"}},
		{"target": {f2.tenant.ID.String()}, "audience": {"both"}, "title": {"二社目だけへ"}, "body": {"限定"}},
		{"target": {"0"}, "audience": {"shop"}, "title": {"ショップの皆様へ"}, "body": {"取引先向け"}},
	} {
		if p := op.submit("/ops/announcements", "/ops/announcements", f); p.status != http.StatusSeeOther {
			t.Fatalf("announce %v: %d\n%s", f, p.status, p.body)
		}
	}
	mustContain(t, "list", op.get("/ops/announcements"), http.StatusOK, "全契約者の管理画面へ", "二社目だけへ", f2.tenant.Name)
	tests := []struct {
		who      user
		see, not []string
	}{
		{admin1, []string{"運営からのお知らせ", "全契約者の管理画面へ"}, []string{"二社目だけへ", "ショップの皆様へ"}},
		{admin2, []string{"全契約者の管理画面へ", "二社目だけへ"}, []string{"ショップの皆様へ"}},
		{buyer1, []string{"運営からのお知らせ", "ショップの皆様へ"}, []string{"全契約者の管理画面へ", "二社目だけへ"}},
	}
	for _, tt := range tests {
		b := e.browser(t)
		b.signIn(tt.who)
		p := b.get(tt.who.base + "/")
		mustContain(t, tt.who.Email+" home", p, http.StatusOK, tt.see...)
		for _, s := range tt.not {
			if strings.Contains(p.body, s) {
				t.Errorf("%s sees %q", tt.who.Email, s)
			}
		}
	}
	if p := op.post("/ops/announcements/1/delete", url.Values{"csrf_token": {op.csrf(op.get("/ops/announcements"))}}); p.status != http.StatusNotFound {
		t.Errorf("deleting a missing announcement: %d", p.status)
	}
}
