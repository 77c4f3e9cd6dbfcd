package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestReadScope: on PostgreSQL a request's reads share one connection,
// scoped to the request's tenant and read-only, and whoever takes the
// connection from the pool next, other than a read scope, finds neither
// setting left.
func TestReadScope(t *testing.T) {
	s, a, ctx := scopeStore(t, "scope-a") // SQLite reads have no transaction to save
	b := catTenant(t, s, "scope-b")
	rctx, end := s.ReadScope(ctx)

	// A read of the platform's own rows first neither claims the scope
	// nor scopes its connection.
	if p := probeRead(t, s, rctx, oroshi.PlatformTenant); p.Tenant != "0" {
		t.Errorf("platform read sees %+v", p)
	}
	first := probeRead(t, s, rctx, a)
	if first.Tenant != a.String() || first.ReadOnly != "on" {
		t.Errorf("scoped read for %s sees %+v", a, first)
	}
	if again := probeRead(t, s, rctx, a); again.PID != first.PID {
		t.Errorf("two reads of one request ran on connections %d and %d", first.PID, again.PID)
	}
	if other := probeRead(t, s, rctx, b); other.Tenant != b.String() || other.PID == first.PID {
		t.Errorf("a read for another tenant in the scope sees %+v (scoped connection %d)", other, first.PID)
	}
	outer, inner, err := s.ProbeNested(rctx, a)
	if err != nil || outer.PID != first.PID || inner.PID == first.PID || inner.Tenant != a.String() {
		t.Errorf("nested read: outer %+v inner %+v, %v", outer, inner, err)
	}
	if err := s.WriteInRead(rctx, a); err == nil {
		t.Error("a write on the scoped connection succeeded")
	}
	if err := s.WriteInRead(ctx, a); err == nil {
		t.Error("a write in an unscoped read succeeded")
	}
	end()

	if after := probeRead(t, s, rctx, a); after.Tenant != a.String() || after.ReadOnly != "on" {
		t.Errorf("a read after the scope ended sees %+v", after)
	}
	// The scoped connection is idle in the pool again; taken, it is reset.
	wantIdleReset(t, s, ctx, first.PID)
}

// TestReadScopeKept: a scoped connection goes back to the pool scoped; the
// next request of the same tenant reads on it without scoping it again,
// another tenant's request scopes it to its own, and a read outside any
// scope finds it reset.
func TestReadScopeKept(t *testing.T) {
	s, a, ctx := scopeStore(t, "kept-a")
	b := catTenant(t, s, "kept-b")
	request := func(tn oroshi.TenantID) (sqlstore.ReadProbe, int64) {
		t.Helper()
		rctx, end := s.ReadScope(ctx)
		defer end()
		before := s.ScopeSets()
		p := probeRead(t, s, rctx, tn)
		return p, s.ScopeSets() - before
	}
	first, _ := request(a)
	steps := []struct {
		name   string
		tenant oroshi.TenantID
		sets   int64
	}{
		{"same tenant", a, 0},
		{"same tenant again", a, 0},
		{"another tenant", b, 1},
		{"back to the first", a, 1},
	}
	for _, st := range steps {
		p, sets := request(st.tenant)
		if p.PID != first.PID { // the pool hands out its most recently used connection
			t.Fatalf("%s: read on connection %d, not %d", st.name, p.PID, first.PID)
		}
		if p.Tenant != st.tenant.String() || p.ReadOnly != "on" || sets != st.sets {
			t.Errorf("%s: sees %+v after %d scope statements, want tenant %s read-only after %d", st.name, p, sets, st.tenant, st.sets)
		}
	}
	if p := probeRead(t, s, ctx, oroshi.PlatformTenant); p.PID != first.PID || p.Tenant != "0" || p.ReadOnly != "on" {
		t.Errorf("a platform read outside any scope sees %+v", p)
	}
	wantIdleReset(t, s, ctx, first.PID)
	if p, sets := request(a); p.Tenant != a.String() || p.ReadOnly != "on" || sets != 1 {
		t.Errorf("after a reset: sees %+v after %d scope statements", p, sets)
	}
}

// wantIdleReset fails t unless the reading connection of server process
// pid is idle in the pool with neither the tenant nor read-only left set.
func wantIdleReset(t *testing.T, s *sqlstore.Store, ctx context.Context, pid int) {
	t.Helper()
	idle, err := s.ProbeIdle(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range idle {
		if p.PID == pid {
			if p.Tenant != "" || p.ReadOnly != "off" {
				t.Errorf("connection %d went back to the pool with %+v", pid, p)
			}
			return
		}
	}
	t.Errorf("connection %d not idle in the pool: %+v", pid, idle)
}

// scopeStore opens a PostgreSQL store with one tenant (the test skips
// without PostgreSQL) and a context bounded for the test.
func scopeStore(t *testing.T, slug string) (*sqlstore.Store, oroshi.TenantID, context.Context) {
	t.Helper()
	if sqlstoretest.PostgresURL(t) == "" {
		t.Skip("PostgreSQL only")
	}
	s := sqlstoretest.Open(t, "postgres")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return s, catTenant(t, s, slug), ctx
}

// TestReadScopeOverflow: when no reading connection is free within the
// wait, the request reads in transactions on the writing pool, scoped as
// ever, and does not wait again for its later reads.
func TestReadScopeOverflow(t *testing.T) {
	s, a, ctx := scopeStore(t, "overflow-a")
	release, err := s.HoldReadingPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	rctx, end := s.ReadScope(ctx)
	defer end()
	start := time.Now()
	first := probeRead(t, s, rctx, a)
	waited := time.Since(start)
	if first.Tenant != a.String() || first.ReadOnly != "on" {
		t.Errorf("read with the reading pool taken sees %+v", first)
	}
	if waited < 500*time.Millisecond {
		t.Errorf("the first read took %v: it cannot have waited for the reading pool", waited)
	}
	start = time.Now()
	if p := probeRead(t, s, rctx, a); p.Tenant != a.String() {
		t.Errorf("second read sees %+v", p)
	}
	if d := time.Since(start); d >= time.Second { // scopeWait: it would have waited that long
		t.Errorf("the second read waited %v for the reading pool again", d)
	}
}

// TestReadScopeSQLite: the scope changes nothing on SQLite.
func TestReadScopeSQLite(t *testing.T) {
	s := sqlstoretest.Open(t, "sqlite")
	a := catTenant(t, s, "scope-a")
	ctx, end := s.ReadScope(context.Background())
	defer end()
	if _, err := s.TenantBySlug(ctx, "scope-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteInRead(ctx, a); err == nil {
		t.Error("a write in a SQLite read succeeded")
	}
}

func probeRead(t *testing.T, s *sqlstore.Store, ctx context.Context, tn oroshi.TenantID) sqlstore.ReadProbe {
	t.Helper()
	p, err := s.ProbeRead(ctx, tn)
	if err != nil {
		t.Fatalf("read for %s: %v", tn, err)
	}
	return p
}

// TestReadScopeYield: a request that is about to wait in a write (placing
// an order) gives its reading connection back to the pool, reset; its
// later reads still see its tenant, read-only, in transactions.
func TestReadScopeYield(t *testing.T) {
	s, a, ctx := scopeStore(t, "yield-a")
	rctx, end := s.ReadScope(ctx)
	defer end()
	first := probeRead(t, s, rctx, a)
	s.YieldReads(rctx)
	wantIdleReset(t, s, ctx, first.PID)
	if later := probeRead(t, s, rctx, a); later.Tenant != a.String() || later.ReadOnly != "on" || later.PID == first.PID {
		t.Errorf("a read after the yield sees %+v (yielded connection %d)", later, first.PID)
	}
	s.YieldReads(rctx) // nothing held: nothing to do
	if n := s.WritingPoolInUse(); n != 0 {
		t.Errorf("%d writing connections in use after the reads", n)
	}
}
