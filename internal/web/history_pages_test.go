package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// historyScene is a tenant's history: entries by a buyer admin of the
// fixture's buyer, by a user of another company and by a staff admin.
type historyScene struct {
	admin, buyerAdmin user
	other             identity.User
	mine, theirs, own oroshi.ID // an entry of the buyer admin, of the other company, of the admin
}

func newHistoryScene(t *testing.T, e *env, f *fixture) historyScene {
	t.Helper()
	ctx := context.Background()
	sc := historyScene{admin: e.user(t, f, identity.RoleAdmin), buyerAdmin: e.user(t, f, identity.RoleBuyerAdmin)}
	b2, err := (&buyers.Service{Store: e.s}).Create(ctx, buyers.Buyer{Tenant: f.tenant.ID, Code: "B002", Name: "有限会社よそ商会"},
		audit.Actor{Realm: audit.RealmSystem})
	if err != nil {
		t.Fatal(err)
	}
	sc.other, err = e.s.CreateUser(ctx, identity.User{Tenant: f.tenant.ID, Realm: identity.RealmShop, BuyerID: b2.ID,
		Email: fmt.Sprintf("yoso.%d@example.jp", f.n), Name: "余所 花子", Role: identity.RoleBuyerAdmin,
		PasswordHash: passwordHash(), Status: identity.StatusActive}, audit.Event{Tenant: f.tenant.ID, ActorRealm: audit.RealmSystem, Action: "ユーザー（作成）"})
	if err != nil {
		t.Fatal(err)
	}
	record := func(realm string, actor oroshi.ID, action, typ, id string, detail map[string]any) oroshi.ID {
		ev := audit.Actor{Realm: realm, ID: actor, ClientAddr: "203.0.113.5"}.Event(action, typ, id)
		ev.Tenant, ev.ID, ev.Detail = f.tenant.ID, e.s.NewID(), detail
		if err := e.s.RecordAudit(ctx, ev); err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	for i := range 52 { // more than a page
		sc.mine = record(audit.RealmShop, sc.buyerAdmin.ID, "注文（作成）", "order", fmt.Sprintf("N%d", 7000+i), nil)
	}
	sc.theirs = record(audit.RealmShop, sc.other.ID, "注文（作成）", "order", "N555", nil)
	sc.own = record(audit.RealmAdmin, sc.admin.ID, "顧客データ（更新）", "buyer", "=HYPERLINK(1)", map[string]any{
		"name":  audit.Change{Before: "旧商店", After: "新商店"},
		"terms": audit.Change{Before: map[string]any{"closing_day": 20}, After: nil},
	})
	return sc
}

// historyStart is a scene in fixture n and a browser signed in as who.
func historyStart(t *testing.T, s *sqlstore.Store, n int, who func(historyScene) user) (*env, *fixture, historyScene, *browser) {
	t.Helper()
	e := newCSVEnv(t, s) // the history store is its Data store
	f := e.fixture(t, n)
	sc := newHistoryScene(t, e, f)
	b := e.browser(t)
	b.signIn(who(sc))
	return e, f, sc, b
}

func historyAdmin(sc historyScene) user { return sc.admin }

func TestHistoryPages(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		_, f, sc, b := historyStart(t, s, 1, historyAdmin)
		base := "/" + f.tenant.Slug
		p := b.get(base + "/admin/history")
		mustContain(t, "admin list", p, http.StatusOK, "操作履歴", "顧客データ（更新）", "余所 花子", "桜井 一郎",
			"管理画面", "取引先", base+"/admin/orders/N7051", "次のページ", time.Now().In(jstTest).Format("2006.01.02"))
		p = b.get(base + "/admin/history?action=" + "顧客データ（更新）")
		mustContain(t, "by action", p, http.StatusOK, "=HYPERLINK(1)")
		if strings.Contains(p.body, "N7051") {
			t.Errorf("action filter shows orders")
		}
		p = b.get(base + "/admin/history?target_type=order&target_id=N555&actor=" + sc.other.ID.String())
		mustContain(t, "by target and actor", p, http.StatusOK, base+"/admin/orders/N555")
		if strings.Contains(p.body, "N7051") || strings.Contains(p.body, "次のページ") {
			t.Errorf("target filter shows other entries")
		}
		p = b.get(base + "/admin/history?actor=" + sc.buyerAdmin.ID.String())
		next := hrefAfter(t, p.body, "pager")
		p = b.get(next)
		mustContain(t, "second page", p, http.StatusOK, base+"/admin/orders/N7000", base+"/admin/orders/N7001")
		mustContain(t, "bad date", b.get(base+"/admin/history?from=2026-13-01"), http.StatusUnprocessableEntity, "日付が正しくありません")
		p = b.get(base + "/admin/history/" + sc.own.String())
		mustContain(t, "detail", p, http.StatusOK, "旧商店", "新商店", "変更前", "改ざんなし", "&#34;closing_day&#34;: 20",
			"203.0.113.5", "桜井 一郎")
	})
}

var jstTest = time.FixedZone("JST", 9*60*60)

// hrefAfter is the first link after the marker (a class name) in body.
func hrefAfter(t *testing.T, body, marker string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, marker)
	if !ok {
		t.Fatalf("no %q in page", marker)
	}
	_, rest, ok = strings.Cut(rest, `href="`)
	link, _, _ := strings.Cut(rest, `"`)
	if !ok {
		t.Fatalf("no link after %q", marker)
	}
	return strings.ReplaceAll(link, "&amp;", "&")
}

func TestHistoryExport(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, f, sc, b := historyStart(t, s, 2, historyAdmin)
		path := "/" + f.tenant.Slug + "/admin/history/export?encoding=utf-8-bom&action=" + "顧客データ（更新）"
		p := b.get(path)
		if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.Contains(p.header.Get("Content-Disposition"), "history_") {
			t.Fatalf("export: %d %v", p.status, p.header)
		}
		lines := strings.Split(strings.TrimSpace(p.body), "\r\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "\ufeff日時,操作者の区分,操作者ID,操作者,操作,") {
			t.Fatalf("export lines:\n%s", p.body)
		}
		for _, want := range []string{"管理画面", "桜井 一郎", "顧客データ（更新）", "'=HYPERLINK(1)", "旧商店"} {
			if !strings.Contains(lines[1], want) {
				t.Errorf("row lacks %q: %s", want, lines[1])
			}
		}
		sj := b.get("/" + f.tenant.Slug + "/admin/history/export?encoding=shift_jis&actor=" + sc.other.ID.String())
		if sj.status != http.StatusOK || sj.header.Get("Content-Type") != "text/csv; charset=Shift_JIS" {
			t.Fatalf("shift_jis export: %d %v", sj.status, sj.header)
		}
		q := `SELECT count(*) FROM audit_events WHERE tenant_id = ` + f.tenant.ID.String() + ` AND action = '操作履歴（出力）'`
		if n := e.count(t, f.tenant.ID, q); n != 2 {
			t.Errorf("%d export entries recorded, want 2", n)
		}
		p = b.get("/" + f.tenant.Slug + "/admin/history/export?from=bad")
		if p.status != http.StatusSeeOther {
			t.Errorf("bad filter: %d, want a redirect back", p.status)
		}
	})
}

func TestHistoryBuyerScope(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, f, sc, b := historyStart(t, s, 3, func(sc historyScene) user { return sc.buyerAdmin })
		base := "/" + f.tenant.Slug
		p := b.get(base + "/company/history")
		mustContain(t, "company list", p, http.StatusOK, "自社のユーザーが行った操作だけを表示しています。", base+"/orders/N7051")
		for _, not := range []string{"余所 花子", "顧客データ（更新）", "N555", "/export"} {
			if strings.Contains(p.body, not) {
				t.Errorf("company list shows %q", not)
			}
		}
		p = b.get(base + "/company/history?actor=" + sc.other.ID.String())
		mustContain(t, "other company's actor", p, http.StatusOK, "条件に合う操作履歴はありません。")
		mustContain(t, "own entry", b.get(base+"/company/history/"+sc.mine.String()), http.StatusOK, "注文（作成）")
		for _, id := range []oroshi.ID{sc.theirs, sc.own} {
			if p := b.get(base + "/company/history/" + id.String()); p.status != http.StatusNotFound {
				t.Errorf("another's entry %s: %d, want 404", id, p.status)
			}
		}
		// Staff without admin.manage and a buyer's purchaser cannot open it.
		staff := e.browser(t)
		staff.signIn(e.user(t, f, identity.RoleStaff))
		if p := staff.get(base + "/admin/history"); p.status != http.StatusForbidden {
			t.Errorf("staff: %d, want 403", p.status)
		}
		// Another tenant's admin does not find this tenant's entries.
		g := e.fixture(t, 4)
		other := e.browser(t)
		other.signIn(e.user(t, g, identity.RoleAdmin))
		if p := other.get("/" + g.tenant.Slug + "/admin/history/" + sc.own.String()); p.status != http.StatusNotFound {
			t.Errorf("other tenant: %d, want 404", p.status)
		}
	})
}
