package isolationtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/api"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// actor is one of tenant A's people or its API key.
type actor struct {
	name string
	c    *client
	key  string
}

// tally counts attempts and collects the ones that were not refused.
type tally struct {
	n      int
	status map[int]int
	bad    []string
	input  []string // refused for their body, before any lookup
}

func (ty *tally) record(who string, r route, path string, status int, loc string) {
	ty.n++
	ty.status[status]++
	line := fmt.Sprintf("%s: %s %s → %d %s", who, r.method, path, status, loc)
	switch {
	case refused(status, loc) || ownScoped[r.String()] == status:
	case rejectedInput(status):
		ty.input = append(ty.input, line)
	default:
		ty.bad = append(ty.bad, line)
	}
}

// rejectedInput answers refuse the request body before any object is
// looked up (the API decodes strictly; forms are checked first): nothing
// is shown, and the checksums prove nothing changed.
func rejectedInput(status int) bool {
	return status == 400 || status == 409 || status == 415 || status == 422
}

// ownScoped routes act only on the caller's own data whatever the path
// names, and answer this status for any SKU not in the caller's cart
// (foreign or nonexistent alike, so no oracle): removing goes back to the
// cart, changing a quantity shows the cart with "changed meanwhile".
var ownScoped = map[string]int{"POST /{tenant}/cart/items/{sku}/delete": 303, "POST /{tenant}/cart/items/{sku}": 409}

// unsummed tables are logs of requests filed under the URL's tenant, not
// tenant data: attempts on B's URLs are rightly recorded in B's access log.
var unsummed = map[string]bool{"access_log": true}

func allRoutes(t *testing.T, e *env) []route {
	return append(parseRoutes(t, e.a.Web.RoutePatterns(), false), parseRoutes(t, api.RoutePatterns(), true)...)
}

// TestTenantIsolation attacks every route of tenant B as tenant A's owner,
// buyer and API key, and buyer Y as buyer X of the same tenant.
func TestTenantIsolation(t *testing.T) {
	for _, engine := range sqlstoretest.Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel() // the engines share nothing: overlap their seeding
			start := time.Now()
			e := newEnv(t, engine)
			setup := time.Since(start)
			routes := allRoutes(t, e)
			if u := uncovered(routes); len(u) > 0 {
				t.Fatalf("routes with parameters the suite cannot fill (add them to objects in routes_test.go):\n%s",
					strings.Join(u, "\n"))
			}
			ty := &tally{status: map[int]int{}}
			e.attackTenant(t, routes, ty)
			e.attackBuyer(t, routes, ty)
			if engine == "postgres" {
				e.rlsOnly(t)
			}
			for _, b := range ty.bad {
				t.Error("not refused: " + b)
			}
			t.Logf("refused for their body before any lookup (nothing changed, see the checksums):\n%s",
				strings.Join(ty.input, "\n"))
			web, apis := 0, 0
			for _, r := range routes {
				if r.api {
					apis++
				} else {
					web++
				}
			}
			t.Logf("%s: %d web routes, %d API routes, %d attempts (statuses %v); setup %v, attacks %v",
				engine, web, apis, ty.n, ty.status, setup.Round(time.Millisecond), (time.Since(start) - setup).Round(time.Millisecond))
		})
	}
}

// attackTenant tries every route with B's slug and objects, and every route
// naming objects with A's slug and B's objects.
func (e *env) attackTenant(t *testing.T, routes []route, ty *tally) {
	before := e.checksums(t, int64(e.tB.ID), 0)
	staff := e.signIn(t, identity.RealmAdmin, "owner@sakura-foods.example")
	buyer := e.signIn(t, identity.RealmShop, "kobayashi@kamome.example")
	actors := []actor{{"owner", staff, ""}, {"buyer", buyer, ""}, {"api-key", e.newClient(t), e.keyA}}
	f, own := e.filler(int64(e.tB.ID), 0), e.filler(int64(e.tA.ID), 0)
	for _, r := range routes {
		if isPublic(r) || r.api && r.objectParams() == 0 {
			continue // the API names no tenant in the path: only foreign objects attack it
		}
		paths := []string{f.fill(r, e.tB.Slug)}
		if r.api {
			paths = paths[:0]
		}
		if r.objectParams() > 0 && !r.ops() {
			paths = append(paths, f.fill(r, demo.Slug)) // A's slug, B's objects
		}
		if r.objectParams() > 1 && !r.ops() {
			paths = append(paths, f.fillMixed(r, demo.Slug, own)) // A's parent, B's child
		}
		for _, path := range slices.Compact(paths) {
			for _, a := range actors {
				status, loc := e.send(t, a.c, a.key, r, path)
				ty.record(a.name, r, path, status, loc)
			}
		}
	}
	e.noteMissing(t, "tenant B", f)
	compareSums(t, "tenant B", before, e.checksums(t, int64(e.tB.ID), 0))
}

// attackBuyer tries the shop's routes naming buyer-owned objects as buyer
// X with buyer Y's objects.
func (e *env) attackBuyer(t *testing.T, routes []route, ty *tally) {
	before := e.checksums(t, int64(e.tA.ID), int64(e.buyerY))
	x := e.signIn(t, identity.RealmShop, "kobayashi@kamome.example")
	f := e.filler(int64(e.tA.ID), int64(e.buyerY))
	for _, r := range routes {
		if r.api || r.ops() || strings.HasPrefix(r.path, "/{tenant}/admin") || !e.buyerOwned(r) {
			continue
		}
		path := f.fill(r, demo.Slug)
		status, loc := e.send(t, x, "", r, path)
		ty.record("buyer X", r, path, status, loc)
	}
	e.noteMissing(t, "buyer Y", f)
	compareSums(t, "buyer Y", before, e.checksums(t, int64(e.tA.ID), int64(e.buyerY)))
}

// buyerOwned tells whether a route names an object that belongs to one buyer.
func (e *env) buyerOwned(r route) bool {
	for _, k := range r.params() {
		if tbl, ok := objects[k]; ok && (e.hasColumn(tbl, "buyer_id") || tbl == "users") {
			return true
		}
	}
	return false
}

// isPublic routes are for people not signed in (sign-in, reset and invite
// links): they name no object, and a tenant's sign-in page is public.
func isPublic(r route) bool {
	for _, s := range []string{"/login", "/logout", "/mfa", "/mfa/setup", "/password/forgot", "/password/reset", "/invite"} {
		if strings.HasSuffix(r.path, s) {
			return true
		}
	}
	return r.path == "/" || r.path == "/lang" || r.path == "/api/v1/openapi.json"
}

func (e *env) noteMissing(t *testing.T, who string, f *filler) {
	var miss []string
	for tbl := range f.miss {
		miss = append(miss, tbl)
	}
	sort.Strings(miss)
	if len(miss) > 0 {
		t.Logf("%s has no rows in %v: those parameters got an ID that exists nowhere", who, miss)
	}
}
