package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi/internal/sales"
)

// encBench is one SQLite store, plain or encrypted, with a sales world.
type encBench struct {
	w     *salesWorld
	codes []string
	n     int
	spent time.Duration
}

func newEncBench(b *testing.B, key []byte) *encBench {
	s, err := openEncrypted(b, b.TempDir(), key)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	w := newSalesWorld(b, s, "encbench")
	return &encBench{w: w, codes: orderBenchSKUs(b, w, 50)}
}

// placeOrder fills the cart with 10 lines and places it, as checkout does.
func (e *encBench) placeOrder(b *testing.B) {
	ctx, w := context.Background(), e.w
	t0 := time.Now()
	var v sales.Cart
	var err error
	for l := range 10 {
		if v, err = w.svc.AddToCart(ctx, w.shopper(w.purchaser), w.sku[e.codes[(e.n+l*7)%len(e.codes)]], 1); err != nil {
			b.Fatal(err)
		}
	}
	in := w.cartOrder(w.purchaser, v.Revision)
	in.IdemKey = fmt.Sprintf("enc-%d", e.n)
	if _, err := w.svc.PlaceOrder(ctx, in); err != nil {
		b.Fatal(err)
	}
	e.n++
	e.spent += time.Since(t0)
}

func (e *encBench) orderList(b *testing.B) {
	t0 := time.Now()
	if l, err := e.w.svc.Orders(context.Background(), e.w.tn, sales.Filter{}); err != nil || len(l.Orders) == 0 {
		b.Fatalf("%d orders, %v", len(l.Orders), err)
	}
	e.spent += time.Since(t0)
}

// BenchmarkSQLiteEncryption: the cost of encryption at rest (Adiantum,
// OROSHI_DB_KEY_FILE) on SQLite. Each op runs the same work on a plain
// and on an encrypted store, one after the other, so that the load of a
// shared machine falls on both alike; ratio = encrypted / plain.
//   - place-order: a 10-line cart placed as an order (11 transactions)
//   - order-list:  the seller's first order-list page (reads)
func BenchmarkSQLiteEncryption(b *testing.B) {
	for _, c := range []struct {
		name string
		op   func(*encBench, *testing.B)
	}{{"place-order", (*encBench).placeOrder}, {"order-list", (*encBench).orderList}} {
		b.Run(c.name, func(b *testing.B) {
			plain, enc := newEncBench(b, nil), newEncBench(b, testKey(7))
			plain.placeOrder(b) // the list has an order to show
			enc.placeOrder(b)
			plain.spent, enc.spent = 0, 0
			ops := 0
			for b.Loop() {
				c.op(plain, b)
				c.op(enc, b)
				ops++
			}
			b.ReportMetric(float64(plain.spent.Microseconds())/float64(ops), "plain-µs/op")
			b.ReportMetric(float64(enc.spent.Microseconds())/float64(ops), "adiantum-µs/op")
			b.ReportMetric(float64(enc.spent)/float64(plain.spent), "ratio")
		})
	}
}
