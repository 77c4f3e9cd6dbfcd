package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// BenchmarkListPages: the order lists that the load scenario's staff and
// buyers open most, and a cart of 12 lines, through the real handler with
// a signed-in session, each list showing a full first page (the demo
// tenant plus 60 orders placed by one purchaser first). One op is one page.
func BenchmarkListPages(b *testing.B) {
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			a, h := openDemo(b, engine)
			t := seedDemoGoods(b, a)
			skus := benchOrderSKUs(b, a, t)
			sh := newBenchShopper(b, a, h, t, 0)
			for i := range 60 {
				sh.post(b, "/sakura/cart/items", url.Values{"sku_id": {skus[i%len(skus)]}, "quantity": {"1"}}, http.StatusSeeOther)
				if form, ok := sh.review(b); ok {
					sh.post(b, "/sakura/checkout", form, http.StatusSeeOther)
				}
			}
			for i := range 12 {
				sh.post(b, "/sakura/cart/items", url.Values{"sku_id": {skus[i%len(skus)]}, "quantity": {"1"}}, http.StatusSeeOther)
			}
			csrf, token := loginForm(b, h, "/sakura/admin/login")
			staff := signIn(b, h, "/sakura/admin/login", "tanaka@sakura-foods.example", csrf, token)
			pages := []struct {
				name, path string
				sess       *http.Cookie
				rows       string // in each row of the list
				min        int
			}{
				{"seller", "/sakura/admin/orders", staff, `<td class="code">`, 50},
				{"seller-received", "/sakura/admin/orders?status=received", staff, `<td class="code">`, 50},
				{"buyer", "/sakura/orders", sh.sess, `/sakura/orders/`, 20},
				{"cart", "/sakura/cart", sh.sess, `class="qty-form"`, 12},
				{"catalog", "/sakura/products", sh.sess, `action="/sakura/cart/items"`, 20},
			}
			for _, p := range pages {
				b.Run(p.name, func(b *testing.B) {
					body := getPage(b, h, p.path, p.sess)
					if n := strings.Count(body, p.rows); n < p.min {
						b.Fatalf("%s lists %d orders, want at least %d", p.path, n, p.min)
					}
					b.ReportAllocs()
					for b.Loop() {
						getPage(b, h, p.path, p.sess)
					}
				})
			}
		})
	}
}

func getPage(tb testing.TB, h http.Handler, path string, sess *http.Cookie) string {
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(sess)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		tb.Fatalf("GET %s: %d", path, rec.Code)
	}
	var sb strings.Builder
	_, _ = io.Copy(&sb, rec.Body)
	return sb.String()
}
