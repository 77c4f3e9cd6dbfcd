package loadgen_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/billing"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/loadgen"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

var small = loadgen.Spec{Tenants: 2, SKUs: 500, Buyers: 50, Orders: 2000}

type services struct {
	s       *sqlstore.Store
	t       oroshi.TenantID
	catalog *catalog.Service
	pricing *pricing.Service
	sales   *sales.Service
	billing *billing.Service
}

// TestLargeSmallScale generates a small run and reads it back through the
// services the pages use; a second run is refused.
func TestLargeSmallScale(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		r, err := loadgen.Run(ctx, s, small, nil)
		if err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int64{"orders": 2000 + 20, "skus": 500 + 50, "buyers": 50 + 5,
			"users": 2*2 + 2*(50+5)} {
			if got := r.Counts[table]; got != want {
				t.Errorf("%s: %d rows, want %d", table, got, want)
			}
		}
		tn, err := s.TenantBySlug(ctx, loadgen.Slug(0))
		if err != nil {
			t.Fatal(err)
		}
		pr := &pricing.Service{Store: s, Now: time.Now}
		sv := services{s: s, t: tn.ID, catalog: &catalog.Service{Store: s}, pricing: pr,
			sales: &sales.Service{Store: s, Pricing: pr, Now: time.Now}}
		sv.billing = &billing.Service{Store: s, Sales: sv.sales, Now: time.Now}
		t.Run("login", func(t *testing.T) { checkLogin(t, s, tn.ID, r.Big.BuyerEmail) })
		t.Run("catalogue", sv.checkCatalogue)
		t.Run("orders", sv.checkOrders)
		t.Run("dashboard", sv.checkDashboard)
		t.Run("invoices", func(t *testing.T) { sv.checkInvoices(t, r.Big.Counts["invoices"]) })
		if _, err := loadgen.Run(ctx, s, small, nil); !errors.Is(err, loadgen.ErrAlreadyGenerated) {
			t.Errorf("second run: %v, want ErrAlreadyGenerated", err)
		}
	})
}

func checkLogin(t *testing.T, s *sqlstore.Store, tn oroshi.TenantID, email string) {
	ident := identity.NewService(s, make([]byte, 32), "http://example.test", time.Hour, 12*time.Hour)
	if _, err := ident.SignIn(context.Background(), tn, identity.RealmShop, email, loadgen.Password, "192.0.2.1", false); err != nil {
		t.Errorf("sign in %s: %v", email, err)
	}
}

// checkCatalogue searches the first SKU by code and prices it for a buyer
// of group A (standing list: 90 % of ¥100) and one in no group (list price).
func (sv services) checkCatalogue(t *testing.T) {
	ctx := context.Background()
	for code, want := range map[string]oroshi.Yen{"B00001": 90, "B00004": 100} {
		b, err := sv.s.BuyerByCode(ctx, sv.t, code)
		if err != nil {
			t.Fatal(err)
		}
		l, err := sv.catalog.BuyerProducts(ctx, sv.t, catalog.Viewer{BuyerID: b.ID, GroupID: b.PriceGroupID},
			catalog.BuyerFilter{Query: "L000001"})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Products) != 1 || len(l.Products[0].SKUs) != 2 {
			t.Fatalf("%s: search L000001 found %+v", code, l.Products)
		}
		k := l.Products[0].SKUs[0]
		p, err := sv.pricing.Price(ctx, sv.t, b.ID, k.ID, 1, pricing.DateOf(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if k.ListPrice != 100 || p.UnitPrice != want {
			t.Errorf("%s: %s list ¥%d price ¥%d, want ¥100 and ¥%d", code, k.Code, k.ListPrice, p.UnitPrice, want)
		}
		// Two kanji: the short-query path of the index (grams / LIKE).
		l, err = sv.catalog.BuyerProducts(ctx, sv.t, catalog.Viewer{BuyerID: b.ID, GroupID: b.PriceGroupID},
			catalog.BuyerFilter{Query: "醤油"})
		if err != nil || l.Total == 0 || !strings.Contains(l.Products[0].Name, "醤油") {
			t.Errorf("%s: search 醤油: %d products, %v", code, l.Total, err)
		}
	}
}

func (sv services) checkOrders(t *testing.T) {
	ctx := context.Background()
	l, err := sv.sales.Orders(ctx, sv.t, sales.Filter{Status: sales.StatusShipped})
	if err != nil || len(l.Orders) == 0 {
		t.Fatalf("shipped orders: %d, %v", len(l.Orders), err)
	}
	o, err := sv.sales.Order(ctx, sv.t, l.Orders[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var sum oroshi.Yen
	for _, line := range o.Lines {
		sum += line.Amount
	}
	if len(o.Lines) != o.LineCount || len(o.Shipments) != 1 || sum != o.Totals.Subtotal {
		t.Errorf("order %s: %d lines (count %d), %d shipments, lines ¥%d vs subtotals ¥%d", o.Number, len(o.Lines),
			o.LineCount, len(o.Shipments), sum, o.Totals.Subtotal)
	}
}

// checkDashboard compares this month's figures with the orders listed.
func (sv services) checkDashboard(t *testing.T) {
	ctx := context.Background()
	d, err := sv.sales.Dashboard(ctx, sv.t)
	if err != nil {
		t.Fatal(err)
	}
	var want sales.Amount
	f := sales.Filter{From: pricing.NewDate(d.Today.Year, d.Today.Month, 1), To: d.Today, Limit: 100}
	for {
		l, err := sv.sales.Orders(ctx, sv.t, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range l.Orders {
			if sales.CountsAsSales(o.Status) {
				want.Orders++
				want.Amount += o.Totals.Subtotal
			}
		}
		if f.Cursor = l.NextCursor; f.Cursor == "" {
			break
		}
	}
	if got := d.ThisMonth().Amount; got != want || want.Orders == 0 {
		t.Errorf("dashboard this month %+v, orders listed %+v", got, want)
	}
}

func (sv services) checkInvoices(t *testing.T, want int64) {
	ctx := context.Background()
	var ivs []billing.Invoice
	f := billing.Filter{Limit: 50}
	for {
		page, err := sv.billing.Invoices(ctx, sv.t, f)
		if err != nil {
			t.Fatal(err)
		}
		ivs = append(ivs, page...)
		if len(page) < f.Limit {
			break
		}
		last := page[len(page)-1]
		f.After = &billing.Key{IssueDate: last.IssueDate, ID: last.ID}
	}
	if int64(len(ivs)) != want || want == 0 {
		t.Fatalf("%d invoices listed, %d generated", len(ivs), want)
	}
	iv, err := sv.billing.Invoice(ctx, sv.t, ivs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var sum oroshi.Yen
	for _, l := range iv.Lines {
		sum += l.Amount
	}
	if sum != iv.Sales || iv.Total != iv.Carried+iv.Sales+iv.Tax {
		t.Errorf("invoice %s: lines ¥%d, sales ¥%d, total ¥%d = %d + %d + %d?", iv.Number, sum, iv.Sales, iv.Total,
			iv.Carried, iv.Sales, iv.Tax)
	}
}
