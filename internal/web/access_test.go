package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/accesslog"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/logging"
	"github.com/oroshi-jp/oroshi/internal/opsaccess"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/support"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// accessEnv is a server with the access log middleware, grants on a clock
// the test moves, and inquiries.
type accessEnv struct {
	*env
	skew *atomic.Int64 // added to the grants' clock, in nanoseconds
}

func newAccessEnv(t *testing.T, s *sqlstore.Store) *accessEnv {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	skew := &atomic.Int64{}
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	d := withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		AccessLog: s, Grants: &opsaccess.Service{Store: s, Now: now},
		Support: &support.Service{Store: s, Now: time.Now, SupportEmails: []string{"support@oroshi.example"}}}, s)
	d.Billing = &billing.Service{Store: s, Sales: d.Sales, Now: time.Now}
	srv, err := web.New(d)
	if err != nil {
		t.Fatal(err)
	}
	rec := accesslog.New(s, accesslog.Options{NewID: s.NewID, Interval: 20 * time.Millisecond})
	t.Cleanup(func() { _ = rec.Close(context.Background()) })
	log := slog.New(slog.DiscardHandler)
	e.srv = httptest.NewServer(logging.Middleware(log, rec.Middleware(srv.Handler())))
	t.Cleanup(e.srv.Close)
	return &accessEnv{env: e, skew: skew}
}

func TestAccessPages(t *testing.T) {
	scenarios := []struct {
		name string
		fn   func(*testing.T, *accessEnv, *fixture)
	}{
		{"AccessLog", testAccessLogRecords},
		{"GrantLifecycle", testGrantLifecycle},
		{"Inquiries", testInquiries},
	}
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newAccessEnv(t, s)
		for i, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) { sc.fn(t, e, e.fixture(t, 700+i)) })
		}
	})
}

// waitAccessLog polls until the recorder has written a row matching f.
func waitAccessLog(t *testing.T, s *sqlstore.Store, f accesslog.Filter, match func(accesslog.Entry) bool) accesslog.Entry {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		rows, err := s.AccessLog(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if match(r) {
				return r
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no access log row matching %+v", f)
	return accesslog.Entry{}
}

func testAccessLogRecords(t *testing.T, e *accessEnv, f *fixture) {
	u := e.user(t, f, identity.RoleStaff)
	b := e.browser(t)
	b.signIn(u)
	p := b.get(u.base + "/?token=secret-in-query")
	mustContain(t, "admin home", p, http.StatusOK)
	row := waitAccessLog(t, e.s, accesslog.Filter{Tenant: f.tenant.ID, UserID: u.ID}, func(r accesslog.Entry) bool {
		return r.Route == "GET /{tenant}/admin/{$}"
	})
	if row.Status != 200 || row.Method != "GET" || row.Realm != string(identity.RealmAdmin) || row.ClientAddr == "" {
		t.Errorf("row = %+v", row)
	}
	b.get(u.base + "/no-such-page?token=x")
	b.get(u.base + "/buyers/999?token=x")
	waitAccessLog(t, e.s, accesslog.Filter{Tenant: f.tenant.ID, StatusClass: 4}, func(r accesslog.Entry) bool {
		return r.Status == 404 && r.Route == "GET /{tenant}/admin/buyers/{id}" && r.UserID == u.ID
	})
	if n := e.count(t, 0, `SELECT count(*) FROM access_log WHERE route LIKE '%token%' OR route LIKE '%?%'`); n != 0 {
		t.Errorf("%d access log rows carry a query string", n)
	}

	op := e.user(t, f, identity.RoleOperator)
	ob := e.browser(t)
	ob.signIn(op)
	p = ob.get("/ops/access-log?tenant=" + f.tenant.Slug + "&user=" + u.ID.String())
	mustContain(t, "ops access log", p, http.StatusOK, "GET /{tenant}/admin/{$}")
	if strings.Contains(p.body, "secret-in-query") {
		t.Error("the access log page shows a query string")
	}
	mustContain(t, "bad filter", ob.get("/ops/access-log?from=yesterday"), http.StatusOK, "YYYY-MM-DD")
	ob.get("/ops/access-log")
	waitAccessLog(t, e.s, accesslog.Filter{UserID: op.ID}, func(r accesslog.Entry) bool { return r.Route == "GET /ops/access-log" })

	// A tenant's owner sees their tenant's requests and no one else's;
	// other staff may not look.
	owner := e.user(t, f, identity.RoleOwner)
	wb := e.browser(t)
	wb.signIn(owner)
	p = wb.get(owner.base + "/access-log?tenant=-")
	mustContain(t, "owner's access log", p, http.StatusOK, "GET /{tenant}/admin/{$}", u.ID.String())
	if strings.Contains(p.body, "GET /ops/") {
		t.Error("a tenant owner sees the operators' requests")
	}
	mustContain(t, "staff may not", b.get(u.base+"/access-log"), http.StatusForbidden)
}

func testGrantLifecycle(t *testing.T, e *accessEnv, f *fixture) {
	op := e.user(t, f, identity.RoleOperator)
	ob := e.browser(t)
	ob.signIn(op)
	data := "/ops/tenants/" + f.tenant.Slug + "/data/"
	access := "/ops/tenants/" + f.tenant.Slug + "/access"
	mustContain(t, "no grant", ob.get(data+"buyers"), http.StatusForbidden, "アクセス権が必要です")

	mustContain(t, "no reason", ob.submit(access, access, url.Values{"reason": {" "}, "minutes": {"60"}}),
		http.StatusUnprocessableEntity, "理由を入力してください。")
	mustContain(t, "too long", ob.submit(access, access, url.Values{"reason": {"x"}, "minutes": {"600"}}),
		http.StatusUnprocessableEntity, "期間は8時間以内で選んでください。")
	p := ob.submit(access, access, url.Values{"reason": {"障害調査 #42"}, "minutes": {"60"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("request grant: %d\n%s", p.status, p.body)
	}
	for _, kind := range []string{"buyers", "orders", "products", "invoices"} {
		mustContain(t, "granted "+kind, ob.get(data+kind), http.StatusOK, "閲覧のみ")
	}
	mustContain(t, "buyer detail", ob.get(data+"buyers/"+f.buyer.ID.String()), http.StatusOK, f.buyer.Name)
	mustContain(t, "unknown kind", ob.get(data+"users"), http.StatusNotFound)
	views := e.count(t, f.tenant.ID, `SELECT count(*) FROM audit_events WHERE tenant_id = `+f.tenant.ID.String()+
		` AND action = '運営者アクセス（閲覧）' AND actor_id = `+op.ID.String()+` AND target_id = '`+data+`buyers'`)
	if views != 1 {
		t.Errorf("views of %sbuyers in the tenant's history = %d, want 1", data, views)
	}
	if n := e.count(t, f.tenant.ID, `SELECT count(*) FROM audit_events WHERE tenant_id = `+f.tenant.ID.String()+
		` AND action = '運営者アクセス（開始）'`); n != 1 {
		t.Errorf("grant starts in the tenant's history = %d, want 1", n)
	}
	if n := e.count(t, 0, `SELECT count(*) FROM audit_events WHERE tenant_id = 0 AND action = '運営者アクセス（開始）' AND actor_id = `+op.ID.String()); n != 1 {
		t.Errorf("grant starts in the platform history = %d, want 1", n)
	}

	admin := e.user(t, f, identity.RoleOwner)
	ab := e.browser(t)
	ab.signIn(admin)
	mustContain(t, "tenant admin sees the grant", ab.get(admin.base+"/operator-access"), http.StatusOK, "障害調査 #42", op.Name)
	staff := e.user(t, f, identity.RoleViewer)
	sb := e.browser(t)
	sb.signIn(staff)
	mustContain(t, "viewer may not", sb.get(staff.base+"/operator-access"), http.StatusForbidden)

	e.skew.Store(int64(2 * time.Hour)) // the grant expires
	mustContain(t, "expired", ob.get(data+"buyers"), http.StatusForbidden, "アクセス権が必要です")
	ob.submit(access, access, url.Values{"reason": {"再調査"}, "minutes": {"30"}})
	mustContain(t, "new grant", ob.get(data+"orders"), http.StatusOK)
	if p := ob.submit(access, access+"/end", nil); p.status != http.StatusSeeOther {
		t.Fatalf("end grant: %d", p.status)
	}
	mustContain(t, "ended", ob.get(data+"orders"), http.StatusForbidden, "アクセス権が必要です")
	e.skew.Store(0)
}

func testInquiries(t *testing.T, e *accessEnv, f *fixture) {
	staff := e.user(t, f, identity.RoleViewer)
	sb := e.browser(t)
	sb.signIn(staff)
	form := url.Values{"subject": {"請求書の再発行"}, "category": {"billing"}, "body": {"5月分をお願いします"}, "reply_email": {staff.Email}}
	supURL := staff.base + "/support"
	bad := url.Values{"subject": {""}, "category": {"x"}, "body": {""}, "reply_email": {"nope"}}
	mustContain(t, "invalid", sb.submit(supURL, supURL, bad), http.StatusUnprocessableEntity,
		"件名を入力してください。", "種類を選んでください。", "内容を入力してください。", "返信先のメールアドレスを正しく入力してください。")
	if p := sb.submit(supURL, supURL, form); p.status != http.StatusSeeOther {
		t.Fatalf("file inquiry: %d\n%s", p.status, p.body)
	}
	mails := func(tn oroshi.TenantID, to, subject string) int {
		return e.count(t, tn, `SELECT count(*) FROM mail_outbox WHERE to_addr = '`+to+`' AND subject LIKE '%`+subject+`%'`)
	}
	if mails(0, "support@oroshi.example", "請求書の再発行") != 1 || mails(0, staff.Email, "お問い合わせを受け付けました") != 1 {
		t.Error("seller inquiry: no mail to support or no acknowledgement")
	}
	op := e.user(t, f, identity.RoleOperator)
	ob := e.browser(t)
	ob.signIn(op)
	mustContain(t, "ops list", ob.get("/ops/inquiries"), http.StatusOK, "請求書の再発行")

	buyer := e.user(t, f, identity.RoleBuyerAdmin)
	owner := e.user(t, f, identity.RoleOwner)
	bb := e.browser(t)
	bb.signIn(buyer)
	bform := url.Values{"subject": {"納期の確認"}, "category": {"order"}, "body": {"いつ届きますか"}, "reply_email": {buyer.Email}}
	if p := bb.submit(buyer.base+"/support", buyer.base+"/support", bform); p.status != http.StatusSeeOther {
		t.Fatalf("buyer inquiry: %d\n%s", p.status, p.body)
	}
	if mails(f.tenant.ID, owner.Email, "納期の確認") != 1 || mails(f.tenant.ID, buyer.Email, "お問い合わせを受け付けました") != 1 {
		t.Error("buyer inquiry: no mail to the seller's owner or no acknowledgement")
	}
	if mails(0, "support@oroshi.example", "納期の確認") != 0 {
		t.Error("buyer inquiry mailed to the operators")
	}
	mustContain(t, "ops list lacks buyer inquiry", ob.get("/ops/inquiries"), http.StatusOK)
	if strings.Contains(ob.get("/ops/inquiries").body, "納期の確認") {
		t.Error("operators see a buyer's inquiry to the seller")
	}
	ab := e.browser(t)
	ab.signIn(owner)
	p := ab.get(owner.base + "/inquiries")
	mustContain(t, "seller list", p, http.StatusOK, "納期の確認")
	id := inquiryID(t, e.s, f.tenant.ID)
	mustContain(t, "seller detail", ab.get(owner.base+"/inquiries/"+id), http.StatusOK, "いつ届きますか")

	other := e.fixture(t, 790+f.n)
	oa := e.user(t, other, identity.RoleOwner)
	xb := e.browser(t)
	xb.signIn(oa)
	mustContain(t, "other tenant", xb.get(oa.base+"/inquiries/"+id), http.StatusNotFound)
	if strings.Contains(xb.get(oa.base+"/inquiries").body, "納期の確認") {
		t.Error("another tenant sees the inquiry")
	}

	for i := 1; i < support.RateLimit; i++ {
		sb.submit(supURL, supURL, form)
	}
	mustContain(t, "rate limit", sb.submit(supURL, supURL, form), http.StatusTooManyRequests, "多すぎます")
}

func inquiryID(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) string {
	t.Helper()
	list, err := s.Inquiries(context.Background(), tn, "", 10)
	if err != nil || len(list) != 1 {
		t.Fatalf("inquiries of %d: %v %v", tn, list, err)
	}
	return list[0].ID.String()
}
