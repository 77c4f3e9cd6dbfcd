package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/app"
	"github.com/oroshi-jp/oroshi/internal/audit"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkPlaceOrderRequest: 50 buyer users, each signed in with its own
// session, order at the same time through the real handler: per order three
// "add to cart" posts, the review post, then the place-order post, which is
// the request measured (p50/p99). One op is one order. Target: p99 under
// 100 ms on both engines.
//
// "paced": each buyer waits about half a second between its requests, as
// a person clicking through the cart does (50 buyers then send about 100
// requests a second). "flat-out": no wait at all, the server saturated;
// latency there is mostly queueing behind the other 49 buyers.
func BenchmarkPlaceOrderRequest(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			a, h := openDemo(b, engine)
			t := seedDemoGoods(b, a)
			skus := benchOrderSKUs(b, a, t)
			shoppers := make([]*benchShopper, 50)
			for i := range shoppers {
				shoppers[i] = newBenchShopper(b, a, h, t, i)
			}
			for _, pace := range []struct {
				name  string
				think time.Duration
			}{{"paced", 500 * time.Millisecond}, {"flat-out", 0}} {
				b.Run(pace.name, func(b *testing.B) { placeOrders(b, shoppers, skus, pace.think) })
			}
		})
	}
}

// placeOrders has the shoppers place b.N orders between them, each
// waiting think (staggered a little per shopper) before every request.
func placeOrders(b *testing.B, shoppers []*benchShopper, skus []string, think time.Duration) {
	const linesN = 3
	var (
		mu   sync.Mutex
		durs []time.Duration
		next = make(chan int, b.N)
		wg   sync.WaitGroup
	)
	for i := range b.N {
		next <- i
	}
	close(next)
	b.ResetTimer()
	for n, sh := range shoppers {
		wg.Go(func() {
			pause := func() { time.Sleep(think + time.Duration(n)*think/50) }
			for i := range next {
				for l := range linesN {
					pause()
					sh.post(b, "/sakura/cart/items", url.Values{"sku_id": {skus[(i*7+l)%len(skus)]}, "quantity": {"1"}}, http.StatusSeeOther)
				}
				pause()
				form, ok := sh.review(b)
				if !ok {
					return
				}
				pause()
				t0 := time.Now()
				sh.post(b, "/sakura/checkout", form, http.StatusSeeOther)
				d := time.Since(t0)
				mu.Lock()
				durs = append(durs, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	reportPercentiles(b, durs)
}

// review posts the checkout form and returns the place-order form the
// review page holds.
func (sh *benchShopper) review(b testing.TB) (url.Values, bool) {
	page := sh.post(b, "/sakura/checkout/review", url.Values{"ship_to_id": {sh.shipTo}}, http.StatusOK)
	form := url.Values{"ship_to_id": {sh.shipTo}}
	for _, f := range []string{"cart_revision", "idempotency_key"} {
		v, ok := hiddenValue(page, f)
		if !ok {
			b.Errorf("no %s on the review page", f)
			return nil, false
		}
		form.Set(f, v)
	}
	return form, true
}

// seedDemoGoods adds the demo catalogue, prices and orders to the tenant
// openDemo made, and returns the tenant.
func seedDemoGoods(tb testing.TB, a *app.App) oroshi.TenantID {
	tb.Helper()
	ctx := context.Background()
	s := &demo.Seeder{Store: a.Store, Identity: a.Identity, Buyers: a.Buyers, Catalog: a.Catalog,
		Pricing: a.Pricing, Sales: a.Sales, BaseURL: "http://x"}
	if _, err := s.Run(ctx); err != nil {
		tb.Fatal(err)
	}
	tn, err := a.Store.TenantBySlug(ctx, demo.Slug)
	if err != nil {
		tb.Fatal(err)
	}
	return tn.ID
}

// benchOrderSKUs are published SKUs every buyer sees, ordered one at a time
// (minimum and lot 1) and not short of stock.
func benchOrderSKUs(tb testing.TB, a *app.App, t oroshi.TenantID) []string {
	tb.Helper()
	l, err := a.Catalog.Products(context.Background(), t, catalog.ProductFilter{Status: catalog.StatusPublished,
		Page: catalog.Page{Limit: catalog.MaxLimit}})
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for _, p := range l.Products {
		for _, k := range p.SKUs {
			if p.Visibility.Mode == catalog.VisibleToAll && k.MinQty <= 1 && k.OrderLot <= 1 && !k.TrackStock {
				ids = append(ids, k.ID.String())
			}
		}
	}
	if len(ids) < 20 {
		tb.Fatalf("only %d SKUs to order", len(ids))
	}
	return ids
}

// benchShopper is a signed-in purchaser of a demo company.
type benchShopper struct {
	h      http.Handler
	sess   *http.Cookie
	csrf   string
	shipTo string
}

var demoCompanies = []string{"B001", "B002", "B003"}

func newBenchShopper(tb testing.TB, a *app.App, h http.Handler, t oroshi.TenantID, i int) *benchShopper {
	tb.Helper()
	ctx := context.Background()
	b, err := a.Store.BuyerByCode(ctx, t, demoCompanies[i%len(demoCompanies)])
	if err != nil {
		tb.Fatal(err)
	}
	email := fmt.Sprintf("bench%02d@buyer.example", i)
	if _, err := a.Identity.CreateUser(ctx, identity.NewUser{Tenant: t, Realm: identity.RealmShop, Email: email,
		Name: "発注 担当", Role: identity.RolePurchaser, BuyerID: b.ID, Password: demo.Password},
		audit.Actor{Realm: audit.RealmSystem}); err != nil {
		tb.Fatal(err)
	}
	sts, err := a.Store.ShipTos(ctx, t, b.ID)
	if err != nil || len(sts) == 0 {
		tb.Fatalf("ship-tos of %s: %v", b.Code, err)
	}
	csrf, token := loginForm(tb, h, "/sakura/login")
	sh := &benchShopper{h: h, sess: signIn(tb, h, "/sakura/login", email, csrf, token), shipTo: sts[0].ID.String()}
	var ok bool
	if sh.csrf, ok = hiddenValue(sh.get(tb, "/sakura/cart"), "csrf_token"); !ok {
		tb.Fatal("no csrf_token on the cart page")
	}
	return sh
}

func (sh *benchShopper) get(tb testing.TB, path string) string {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(sh.sess)
	rec := httptest.NewRecorder()
	sh.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d", path, rec.Code)
	}
	return rec.Body.String()
}

func (sh *benchShopper) post(tb testing.TB, path string, form url.Values, want int) string {
	form.Set("csrf_token", sh.csrf)
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(sh.sess)
	rec := httptest.NewRecorder()
	sh.h.ServeHTTP(rec, req)
	if rec.Code != want {
		tb.Errorf("POST %s: %d, want %d: %.300s", path, rec.Code, want, rec.Body.String())
		return ""
	}
	return rec.Body.String()
}

// hiddenValue reads a form field's value from a page.
func hiddenValue(page, name string) (string, bool) {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// reportPercentiles reports the 50th and 99th percentile of durs in ms.
func reportPercentiles(b *testing.B, durs []time.Duration) {
	b.Helper()
	if len(durs) == 0 {
		return
	}
	slices.Sort(durs)
	pct := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(float64(len(durs))*p))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
