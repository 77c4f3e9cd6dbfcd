package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/abuse"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
	"github.com/oroshi-jp/oroshi/internal/web"
)

// newGuardedEnv is newEnv with the abuse guard in front and its console.
func newGuardedEnv(t *testing.T, s *sqlstore.Store) (*env, *abuse.Guard) {
	t.Helper()
	e := &env{s: s, log: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(e.log, nil))
	e.svc = identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", 30*time.Minute, 12*time.Hour)
	g := &abuse.Guard{Store: s, Policy: abuse.DefaultPolicy, Now: time.Now, Log: log}
	srv, err := web.New(withShop(web.Deps{Tenants: s, Identity: e.svc, Data: s, History: s, Logger: log, Blocks: g}, s))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(g.Wrap(srv.Handler()))
	t.Cleanup(e.srv.Close)
	return e, g
}

// TestOperatorLiftsBlock: the operators' page lists the blocks in force
// and the rate limits exceeded; lifting one (with the CSRF token) ends it at
// once and is recorded in the operators' history.
func TestOperatorLiftsBlock(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		e, g := newGuardedEnv(t, s)
		now := time.Now()
		if err := s.BlockAddress(ctx, abuse.Block{Address: "203.0.113.50", Reason: "sql-injection",
			Since: now, Until: now.Add(time.Hour), Hits: 30}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CountHits(ctx, []abuse.Hit{{Key: "search:198.51.100.9", Window: now.Truncate(time.Minute), N: 61, Max: 60}}); err != nil {
			t.Fatal(err)
		}
		op := e.user(t, e.fixture(t, 1), identity.RoleOperator)
		b := e.browser(t)
		b.signIn(op)
		p := b.get("/ops/blocks")
		mustContain(t, "blocks page", p, http.StatusOK, "203.0.113.50", "SQLインジェクションの試行", "198.51.100.9", "検索（?q=）", `href="/ops/blocks"`)
		if p := b.post("/ops/blocks/lift", url.Values{"address": {"203.0.113.50"}}); p.status != http.StatusForbidden {
			t.Errorf("lift without the CSRF token: %d", p.status)
		}
		p = b.submit("/ops/blocks", "/ops/blocks/lift", url.Values{"address": {"203.0.113.50"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("lift: %d %s", p.status, p.body)
		}
		active, err := g.Store.ActiveBlocks(ctx, time.Now())
		if err != nil || len(active) != 0 {
			t.Errorf("blocks after the lift: %+v %v", active, err)
		}
		mustContain(t, "after the lift", b.get("/ops/blocks"), http.StatusOK, "ブロックを解除しました。", "ブロック中のアドレスはありません。", "桜井 一郎")
		if n := e.count(t, 0, `SELECT count(*) FROM audit_events WHERE tenant_id = 0 AND action = 'アクセス制限（解除）' AND target_id = '203.0.113.50'`); n != 1 {
			t.Errorf("history entries of the lift: %d", n)
		}
	})
}
