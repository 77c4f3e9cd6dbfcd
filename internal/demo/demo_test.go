package demo_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/buyers"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/demo"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }

// seeder wires the services the way internal/app does.
func seeder(s *sqlstore.Store) *demo.Seeder {
	id := identity.NewService(s, []byte("0123456789abcdef0123456789abcdef"), "http://example.test", time.Hour, 12*time.Hour)
	return &demo.Seeder{Store: s, Identity: id, BaseURL: "http://example.test",
		Buyers:  &buyers.Service{Store: s, Identity: id},
		Catalog: &catalog.Service{Store: s},
		Pricing: &pricing.Service{Store: s},
		Sales:   &sales.Service{Store: s, Pricing: &pricing.Service{Store: s}}}
}

// tables whose rows the demo makes; audit_events records every change, so
// an unchanged count there means a run wrote nothing at all.
var tables = []string{"audit_events", "categories", "products", "skus", "product_visibility", "buyers",
	"ship_tos", "price_groups", "price_lists", "price_list_items", "buyer_prices", "users", "notices",
	"orders", "order_lines", "shipments"}

func TestDemoCatalogue(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		sd := seeder(s)
		start := time.Now()
		first, err := sd.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: first run %v, %+v", s.Engine(), time.Since(start).Round(time.Millisecond), first.Counts)
		tn, err := s.TenantBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		before := counts(t, s, tn.ID)

		start = time.Now()
		second, err := sd.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: second run %v", s.Engine(), time.Since(start).Round(time.Millisecond))
		if !reflect.DeepEqual(first, second) {
			t.Errorf("second run reports differently:\n%+v\n%+v", first, second)
		}
		if after := counts(t, s, tn.ID); !reflect.DeepEqual(before, after) {
			t.Errorf("second run wrote rows: before %v, after %v", before, after)
		}
		if before["products"] != first.Counts.Products || before["skus"] != first.Counts.SKUs ||
			before["buyers"] != first.Counts.Buyers || before["buyer_prices"] != first.Counts.BuyerPrices {
			t.Errorf("rows %v do not match the reported counts %+v", before, first.Counts)
		}

		e := env{t: t, ctx: ctx, sd: sd, tn: tn.ID}
		e.checkCatalogue()
		e.checkBuyers()
		e.checkPrices()
	})
}

type env struct {
	t   *testing.T
	ctx context.Context
	sd  *demo.Seeder
	tn  oroshi.TenantID
}

// all reads the whole catalogue.
func (e env) all() []catalog.Product {
	var out []catalog.Product
	f := catalog.ProductFilter{Page: catalog.Page{Limit: catalog.MaxLimit}}
	for {
		page, err := e.sd.Catalog.Products(e.ctx, e.tn, f)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, page.Products...)
		if page.NextCursor == "" {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

// sku finds a product and one of its SKUs by the product's name and the
// variant ("" for the first).
func (e env) sku(name, variant string) (catalog.Product, catalog.SKU) {
	e.t.Helper()
	for _, p := range e.all() {
		for _, k := range p.SKUs {
			if p.Name == name && (k.Variant == variant || variant == "") {
				return p, k
			}
		}
	}
	e.t.Fatalf("no product %s %s", name, variant)
	return catalog.Product{}, catalog.SKU{}
}

func (e env) checkCatalogue() {
	t := e.t
	products := e.all()
	if len(products) < 200 {
		t.Errorf("%d products, want at least 200", len(products))
	}
	taxes, statuses, restricted, variants, tracked := map[catalog.TaxClass]int{}, map[catalog.Status]int{}, 0, 0, 0
	for _, p := range products {
		taxes[p.TaxClass]++
		statuses[p.Status]++
		if p.Visibility.Mode == catalog.Restricted {
			restricted++
		}
		if len(p.SKUs) > 1 {
			variants++
		}
		for _, k := range p.SKUs {
			if k.TrackStock {
				tracked++
			}
			if k.JAN != "" && !catalog.ValidJAN(k.JAN) {
				t.Errorf("%s: JAN %s has a wrong check digit", k.Code, k.JAN)
			}
		}
	}
	if len(taxes) < 2 || statuses[catalog.StatusDraft] == 0 || statuses[catalog.StatusDiscontinued] != 1 {
		t.Errorf("tax classes %v, statuses %v: want both classes, drafts and one discontinued", taxes, statuses)
	}
	if restricted < 2 || variants < 10 || tracked < 50 {
		t.Errorf("%d restricted, %d with variants, %d SKUs tracking stock", restricted, variants, tracked)
	}
	cats, err := e.sd.Catalog.Categories(e.ctx, e.tn)
	if err != nil || len(cats) < 20 {
		t.Errorf("%d categories (%v)", len(cats), err)
	}
}

func (e env) buyer(code string) buyers.Buyer {
	b, err := e.sd.Buyers.Store.BuyerByCode(e.ctx, e.tn, code)
	if err != nil {
		e.t.Fatalf("buyer %s: %v", code, err)
	}
	return b
}

// checkBuyers: the demo companies have profiles and groups, and a product
// restricted to group A is seen by B001 (A) and not by B003 (一般).
func (e env) checkBuyers() {
	t := e.t
	b1, b3 := e.buyer("B001"), e.buyer("B003")
	if b1.PriceGroupID == 0 || b1.Address == "" || b3.ClosingDay != 15 || b3.PaymentTerms.MonthOffset != 2 {
		t.Errorf("demo companies lack their profiles: %+v %+v", b1, b3)
	}
	sts, err := e.sd.Buyers.ShipTos(e.ctx, e.tn, b1.ID)
	if err != nil || len(sts) != 2 {
		t.Errorf("B001 has %d ship-tos (%v), want 2", len(sts), err)
	}
	oil, _ := e.sku("大豆白絞油 16.5kg", "") // Aランクのみ
	if oil.Visibility.Mode != catalog.Restricted {
		t.Fatalf("%s is visible to all", oil.Name)
	}
	if _, err := e.sd.Catalog.BuyerProduct(e.ctx, e.tn, catalog.Viewer{BuyerID: b1.ID, GroupID: b1.PriceGroupID}, oil.ID); err != nil {
		t.Errorf("B001 cannot see %s: %v", oil.Name, err)
	}
	_, err = e.sd.Catalog.BuyerProduct(e.ctx, e.tn, catalog.Viewer{BuyerID: b3.ID, GroupID: b3.PriceGroupID}, oil.ID)
	if !errors.Is(err, oroshi.ErrNotFound) {
		t.Errorf("B003 sees %s: %v", oil.Name, err)
	}
}

// checkPrices: each rule of the demo resolves as its tables say.
func (e env) checkPrices() {
	day := pricing.NewDate(2026, 10, 1)
	b1, b2, b3 := e.buyer("B001"), e.buyer("B002"), e.buyer("B003")
	_, usukuchi := e.sku("本醸造うすくちしょうゆ 1.8L", "") // in no deal
	_, koikuchi := e.sku("本醸造こいくちしょうゆ", "1.8L")
	_, maguro := e.sku("本まぐろ 赤身 ブロック", "")
	for _, c := range []struct {
		name  string
		buyer buyers.Buyer
		sku   catalog.SKU
		qty   int
		want  oroshi.Yen
		rule  pricing.Rule
	}{
		{"A rate 75% floor", b1, usukuchi, 1, usukuchi.ListPrice * 75 / 100, pricing.RuleGroupRate},
		{"A deal, 1〜", b1, koikuchi, 1, koikuchi.ListPrice * 72 / 100, pricing.RuleGroupFixed},
		{"A deal, 50〜", b1, koikuchi, 60, koikuchi.ListPrice * 67 / 100, pricing.RuleGroupFixed},
		{"B rate 85% half up", b2, usukuchi, 1, (usukuchi.ListPrice*85 + 50) / 100, pricing.RuleGroupRate},
		{"B002 buyer price, 5〜", b2, maguro, 6, 4600, pricing.RuleBuyerPrice},
		{"一般 list price", b3, usukuchi, 1, usukuchi.ListPrice, pricing.RuleListPrice},
	} {
		r, err := e.sd.Pricing.Price(e.ctx, e.tn, c.buyer.ID, c.sku.ID, c.qty, day)
		if err != nil {
			e.t.Fatalf("%s: %v", c.name, err)
		}
		if r.UnitPrice != c.want || r.Rule != c.rule {
			e.t.Errorf("%s: %s × %d = %d円 by %s, want %d円 by %s", c.name, c.sku.Code, c.qty, r.UnitPrice, r.Rule, c.want, c.rule)
		}
	}
}

// counts counts the demo tenant's rows in every table the demo writes.
func counts(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID) map[string]int {
	t.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if s.Engine() == "postgres" { // row-level security shows one tenant's rows
		if _, err := tx.ExecContext(ctx, `SELECT set_config('app.tenant_id', $1, true)`, tn.String()); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE tenant_id = "+tn.String()).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// TestDemoOrders: the demo has orders in every state a seller works with,
// placed by buyers from their carts at their own prices.
func TestDemoOrders(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		sd := seeder(s)
		r, err := sd.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tn, err := s.TenantBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		l, err := sd.Sales.Orders(ctx, tn.ID, sales.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Orders) != r.Counts.Orders || r.Counts.Orders == 0 {
			t.Fatalf("%d orders listed, counts say %d", len(l.Orders), r.Counts.Orders)
		}
		seen := map[sales.Status]bool{}
		for _, o := range l.Orders {
			seen[o.Status] = true
			if o.Totals.Total <= 0 || o.Number == "" {
				t.Errorf("order %+v", o)
			}
		}
		for _, st := range []sales.Status{sales.StatusReceived, sales.StatusApproved, sales.StatusPartiallyShipped,
			sales.StatusShipped, sales.StatusCompleted, sales.StatusCancelled} {
			if !seen[st] {
				t.Errorf("no demo order is %s (%s)", st, st.Label())
			}
		}
	})
}
