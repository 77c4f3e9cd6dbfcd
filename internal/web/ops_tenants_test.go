package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/api"
	"github.com/oroshi-jp/oroshi/internal/apikeys"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/customfields"
	"github.com/oroshi-jp/oroshi/internal/dataio"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/tenancy"
	"github.com/oroshi-jp/oroshi/internal/tenantexport"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// tenantEnv is a web server with the contract pages and the full export
// wired, on a store whose clock the test moves, plus the API.
type tenantEnv struct {
	*env
	clk *sqlstoretest.Clock
	api *httptest.Server
}

func newTenantEnv(t *testing.T, engine string) *tenantEnv {
	t.Helper()
	clk := sqlstoretest.NewClock(time.Now().UTC().Truncate(time.Second))
	s := sqlstoretest.OpenClock(t, engine, clk)
	e := &env{s: s, log: &syncBuffer{}}
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	csv := &dataio.Service{Store: s}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, CSV: csv,
		Logger:    slog.New(slog.NewTextHandler(e.log, nil)),
		Contracts: &tenancy.Contracts{Store: s, Now: clk.Now},
		Export:    &tenantexport.Service{Data: csv, Store: s, Now: clk.Now}}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	keys := &apikeys.Service{Store: s}
	apiSrv := httptest.NewServer(api.New(api.Deps{Keys: keys, Tenants: s, Logger: slog.New(slog.NewTextHandler(e.log, nil)),
		Buyers: &buyers.Service{Store: s, Identity: e.svc}, Fields: &customfields.Service{Store: s}}))
	t.Cleanup(apiSrv.Close)
	return &tenantEnv{env: e, clk: clk, api: apiSrv}
}

// TestOpsTenantContract: an operator suspends a tenant from its detail
// page (reason and confirmation required); then its staff, its buyers and
// its API key are refused, open sessions included; resuming lets them in
// again; a termination keeps the tenant open until its end date and shuts
// it from the day after. Each action is in both histories and mailed.
func TestOpsTenantContract(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			te := newTenantEnv(t, engine)
			f := te.fixture(t, 1)
			op, staff, buyer := te.user(t, f, identity.RoleOperator), te.user(t, f, identity.RoleOwner), te.user(t, f, identity.RolePurchaser)
			_, secret, err := (&apikeys.Service{Store: te.s}).Create(context.Background(), f.tenant.ID, "基幹連携",
				[]string{apikeys.BuyersRead}, audit.Actor{Realm: audit.RealmSystem})
			if err != nil {
				t.Fatal(err)
			}
			ob, sb, bb := te.browser(t), te.browser(t), te.browser(t)
			ob.signIn(op)
			sb.signIn(staff)
			bb.signIn(buyer)
			slug, detail := f.tenant.Slug, "/ops/tenants/"+f.tenant.Slug
			mustContain(t, "list", ob.get("/ops/tenants"), http.StatusOK, detail, "契約終了日")
			mustContain(t, "detail", ob.get(detail), http.StatusOK, "一時停止する", "解約する", staff.Email)

			p := ob.submit(detail, detail+"/suspend", url.Values{"reason": {""}, "confirm": {"1"}})
			mustContain(t, "suspend without a reason", p, http.StatusUnprocessableEntity, "理由を入力してください")
			p = ob.submit(detail, detail+"/suspend", url.Values{"reason": {"料金未払い"}})
			mustContain(t, "suspend without confirmation", p, http.StatusUnprocessableEntity, "確認のチェックを入れてください")
			suspend := ob.submit(detail, detail+"/suspend", url.Values{"reason": {"料金未払い"}, "confirm": {"1"}})
			if suspend.status != http.StatusSeeOther {
				t.Fatalf("suspend: %d\n%s", suspend.status, suspend.body)
			}
			te.checkRefused(t, sb, bb, slug, secret, true)
			resume := ob.submit(detail, detail+"/resume", url.Values{"reason": {"入金確認"}, "confirm": {"1"}})
			if resume.status != http.StatusSeeOther {
				t.Fatalf("resume: %d\n%s", resume.status, resume.body)
			}
			te.checkRefused(t, sb, bb, slug, secret, false)

			end := tenancy.Today(te.clk.Now())
			p = ob.submit(detail, detail+"/terminate", url.Values{"reason": {"解約申込"}, "confirm": {"1"}, "end": {end}})
			if p.status != http.StatusSeeOther {
				t.Fatalf("terminate: %d\n%s", p.status, p.body)
			}
			te.checkRefused(t, sb, bb, slug, secret, false) // until the end date
			te.clk.Add(24 * time.Hour)
			te.checkRefused(t, sb, bb, slug, secret, true) // from the day after
			te.checkRecorded(t, f.tenant.ID, staff.Email)
		})
	}
}

// checkRefused: the staff's and buyer's open sessions, a new sign-in and
// the API key are all refused (or all work).
func (te *tenantEnv) checkRefused(t *testing.T, sb, bb *browser, slug, secret string, refused bool) {
	t.Helper()
	want := http.StatusOK
	if refused {
		want = http.StatusForbidden
	}
	if p := sb.get("/" + slug + "/admin/"); p.status != want {
		t.Errorf("admin page: %d, want %d", p.status, want)
	}
	if p := bb.get("/" + slug + "/"); p.status != want {
		t.Errorf("shop page: %d, want %d", p.status, want)
	}
	if p := te.browser(t).get("/" + slug + "/admin/login"); p.status != want {
		t.Errorf("admin sign-in page: %d, want %d", p.status, want)
	}
	req, _ := http.NewRequest(http.MethodGet, te.api.URL+"/api/v1/buyers", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Errorf("API: %d, want %d", resp.StatusCode, want)
	}
}

// checkRecorded: every action is in the operators' and the tenant's
// history, and its owner got a mail for each.
func (te *tenantEnv) checkRecorded(t *testing.T, tn oroshi.TenantID, owner string) {
	t.Helper()
	ctx := context.Background()
	for _, action := range []string{"契約者（一時停止）", "契約者（再開）", "契約者（解約）"} {
		for _, in := range []oroshi.TenantID{oroshi.PlatformTenant, tn} {
			page, err := te.s.AuditHistory(ctx, in, audit.Filter{Action: action})
			if err != nil || len(page.Entries) != 1 || page.Entries[0].Detail["reason"] == nil || page.Entries[0].ActorRealm != "ops" {
				t.Errorf("%s in history of tenant %s: %+v, %v", action, in, page.Entries, err)
			}
		}
	}
	mails, err := te.s.Outbox(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range mails {
		if m.To == owner {
			got[m.Subject] = true
		}
	}
	for _, subject := range []string{"ご利用の一時停止のお知らせ", "ご利用再開のお知らせ", "ご契約終了（解約）のお知らせ"} {
		if !got["【oroshi 運営事務局】"+subject] {
			t.Errorf("no mail %q to %s (got %v)", subject, owner, got)
		}
	}
	if strings.Contains(te.log.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", te.log.String())
	}
}

// TestAdminFullExport: the owner downloads the full export ZIP from the
// real router (its manifest lists the buyers CSV); other staff may not.
func TestAdminFullExport(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			te := newTenantEnv(t, engine)
			f := te.fixture(t, 1)
			owner, staff := te.user(t, f, identity.RoleOwner), te.user(t, f, identity.RoleStaff)
			base := "/" + f.tenant.Slug + "/admin/export"
			ob, sb := te.browser(t), te.browser(t)
			ob.signIn(owner)
			sb.signIn(staff)
			if p := sb.get(base); p.status != http.StatusForbidden {
				t.Errorf("staff GET export: %d, want 403", p.status)
			}
			p := ob.submit(base, base, url.Values{})
			if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/zip" ||
				!strings.Contains(p.header.Get("Content-Disposition"), f.tenant.Slug+"-export-") {
				t.Fatalf("owner export: %d %q %q", p.status, p.header.Get("Content-Type"), p.header.Get("Content-Disposition"))
			}
			zr, err := zip.NewReader(strings.NewReader(p.body), int64(len(p.body)))
			if err != nil {
				t.Fatal(err)
			}
			var m tenantexport.Manifest
			for _, zf := range zr.File {
				if zf.Name == "manifest.json" {
					rc, _ := zf.Open()
					err = json.NewDecoder(rc).Decode(&m)
					rc.Close()
				}
			}
			if err != nil || m.Tenant != f.tenant.Slug || m.Counts["buyers"] != 1 || len(m.Files) != len(zr.File)-1 {
				t.Errorf("manifest %+v, %v", m, err)
			}
		})
	}
}
