package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// benchOrders is the size the ordering issue asks the order list to stay
// fast at.
const benchOrders = 1_000_000

// BenchmarkOrderList: seller and buyer order lists, first page, with
// 1,000,000 orders (one line each) over 1,000 buyer companies in the
// tenant. Target: p99 under 50 ms for the first page.
func BenchmarkOrderList(b *testing.B) {
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			w, firstBuyer := orderBenchWorld(b, engine)
			cases := []struct {
				name string
				f    sales.Filter
				buy  oroshi.ID
			}{
				{"seller-all", sales.Filter{}, 0},
				{"seller-received", sales.Filter{Status: sales.StatusReceived}, 0},
				{"seller-buyer", sales.Filter{BuyerID: firstBuyer}, 0},
				{"seller-month", sales.Filter{From: dateOf(2025, 3, 1), To: dateOf(2025, 3, 31)}, 0},
				{"seller-number", sales.Filter{Number: "B-0000777"}, 0},
				{"seller-po", sales.Filter{PONumber: "PO-424242"}, 0},
				{"seller-product", sales.Filter{Product: "BNC-0042"}, 0},
				{"buyer-own", sales.Filter{}, firstBuyer},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					timeOrderList(b, func() (sales.OrderList, error) {
						if c.buy != 0 {
							return w.svc.BuyerOrders(ctx, w.tn, c.buy, c.f)
						}
						return w.svc.Orders(ctx, w.tn, c.f)
					})
				})
			}
		})
	}
}

// BenchmarkPlaceOrder50Buyers: 50 purchasers of 50 companies place
// 10-line orders from their carts at the same time, as the checkout
// request does. Each op is one placed order; p50/p99 are of PlaceOrder
// alone (the cart is filled first). Target: p99 under 100 ms.
func BenchmarkPlaceOrder50Buyers(b *testing.B) {
	const buyersN, linesN = 50, 10
	ctx := context.Background()
	for _, engine := range sqlstoretest.Engines {
		b.Run(engine, func(b *testing.B) {
			s := sqlstoretest.Open(b, engine)
			w := newSalesWorld(b, s, "placebench")
			codes := orderBenchSKUs(b, w, 100)
			type shopper struct {
				u      identity.User
				shipTo oroshi.ID
			}
			shoppers := make([]shopper, buyersN)
			for i := range shoppers {
				buyer := w.newBuyer(fmt.Sprintf("P%03d", i))
				shoppers[i] = shopper{
					u:      w.newUser(identity.RealmShop, identity.RolePurchaser, fmt.Sprintf("p%d@bench.example", i), buyer),
					shipTo: w.newShipTo(buyer)}
			}
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
			for _, sh := range shoppers {
				wg.Go(func() {
					bu := sales.BuyerUser{Tenant: w.tn, BuyerID: sh.u.BuyerID, UserID: sh.u.ID}
					for i := range next {
						var v sales.Cart
						var err error
						for l := range linesN {
							if v, err = w.svc.AddToCart(ctx, bu, w.sku[codes[(i+l*7)%len(codes)]], 1+int64(l%3)); err != nil {
								b.Error(err)
								return
							}
						}
						in := sales.PlaceInput{Tenant: w.tn, BuyerID: sh.u.BuyerID, UserID: sh.u.ID, ShipToID: sh.shipTo,
							FromCart: true, CartRevision: v.Revision, IdemKey: fmt.Sprintf("bench-%d", i)}
						t0 := time.Now()
						_, err = w.svc.PlaceOrder(ctx, in)
						d := time.Since(t0)
						if err != nil {
							b.Error(err)
							return
						}
						mu.Lock()
						durs = append(durs, d)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			reportPercentiles(b, durs)
		})
	}
}

// orderBenchSKUs adds n published SKUs (every third with tracked, ample stock)
// and returns their codes.
func orderBenchSKUs(b *testing.B, w *salesWorld, n int) []string {
	b.Helper()
	var codes []string
	for i := range n {
		code := fmt.Sprintf("BNC-%04d", i)
		w.addSKU(code, i%3 == 0)
		codes = append(codes, code)
	}
	return codes
}

func dateOf(y int, m time.Month, d int) pricing.Date { return pricing.NewDate(y, m, d) }

// addSKU adds a published product with one SKU of the code, visible to all.
func (w *salesWorld) addSKU(code string, tracked bool) {
	w.t.Helper()
	p, err := (&catalog.Service{Store: w.s}).CreateProduct(context.Background(), w.tn, catalog.Product{
		Name: "ベンチ商品 " + code, TaxClass: catalog.TaxStandard, Status: catalog.StatusPublished,
		Visibility: catalog.Visibility{Mode: catalog.VisibleToAll},
		SKUs:       []catalog.SKU{{Code: code, ListPrice: 480, TrackStock: tracked, Stock: 1_000_000}}}, catActor)
	if err != nil {
		w.t.Fatalf("product %s: %v", code, err)
	}
	w.sku[code] = p.SKUs[0].ID
}

// benchOrderSQL seeds 1,000 buyers (IDs 1…1000) and n orders with one
// line each, of SKU BNC-00xx where xx are the order's last two digits; every statement takes the tenant and n. Times run every 90 s
// from 2023-11-26, so 1,000,000 orders span almost three years.
func benchOrderSQL(engine string) []string {
	series, ts, pad, head := "generate_series(1, $2) AS g(i)", "to_timestamp(1700956800 + i * 90)",
		"lpad(i::text, 7, '0')", ""
	p1, p2 := "$1", "$2"
	if engine == "sqlite" {
		head = "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ?2) "
		series, ts, pad = "g", "strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1700956800 + i * 90, 'unixepoch')", "printf('%07d', i)"
		p1, p2 = "?1", "?2"
	}
	buyers := head + `INSERT INTO buyers (tenant_id, id, code, name, status, created_at, updated_at)
		SELECT ` + p1 + `, i, 'BB' || i, '取引先' || i, 'active', ` + ts + `, ` + ts + ` FROM ` + series + `
		WHERE i <= 1000 AND i <= ` + p2
	orders := head + `INSERT INTO orders (tenant_id, id, number, buyer_id, status, placed_by, placed_by_realm,
		ship_to_id, po_number, tax_rounding, subtotal10, tax10, total, line_count, placed_at, updated_at)
		SELECT ` + p1 + `, 10000000 + i, 'B-' || ` + pad + `, 1 + i % 1000,
		CASE i % 10 WHEN 0 THEN 'received' WHEN 1 THEN 'approved' ELSE 'shipped' END,
		1, 'shop', 1, 'PO-' || i, 'floor', 1000, 100, 1100, 1, ` + ts + `, ` + ts + ` FROM ` + series
	lines := head + `INSERT INTO order_lines (tenant_id, order_id, line_no, sku_id, code, product_name,
		quantity, unit_price, tax_rate, amount, placed_at)
		SELECT ` + p1 + `, 10000000 + i, 1, k.id, k.code, '業務用ラップ', 1, 1000, 10, 1000, ` + ts + `
		FROM ` + series + ` JOIN skus k ON k.tenant_id = ` + p1 + ` AND k.code = 'BNC-00' || substr(` + pad + `, 6, 2)`
	return []string{buyers, orders, lines}
}

// seedBenchOrders inserts n received/approved/shipped orders, one line
// each, spread over 1,000 new buyer companies and the last three years,
// in one statement per table; it returns the first buyer's ID.
func seedBenchOrders(b *testing.B, s *sqlstore.Store, t oroshi.TenantID, n int) oroshi.ID {
	b.Helper()
	ctx := context.Background()
	q := benchOrderSQL(s.Engine())
	err := scopedTx(ctx, s, t, func(tx *sql.Tx) error {
		for _, stmt := range q {
			if _, err := tx.ExecContext(ctx, stmt, int64(t), n); err != nil {
				return fmt.Errorf("%.60s…: %w", stmt, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if s.Engine() == "postgres" {
		if _, err := s.DB().ExecContext(ctx, "ANALYZE orders; ANALYZE order_lines"); err != nil {
			b.Fatal(err)
		}
	}
	return 1
}

// scopedTx runs fn in a transaction scoped to tenant t (row-level
// security on PostgreSQL).
func scopedTx(ctx context.Context, s *sqlstore.Store, t oroshi.TenantID, fn func(*sql.Tx) error) error {
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, t.String()); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
