package sqlstore_test

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/loadgen"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// productWorld is a sales world with 36 orders of two buyers over several
// JST days (three at each instant, so keysets meet ties), in three
// statuses, with lines of one or several SKUs, and every order with lines
// as the store returns it.
type productWorld struct {
	*salesWorld
	orders []sales.Order
}

func newProductWorld(t *testing.T, s *sqlstore.Store) *productWorld {
	t.Helper()
	ctx := context.Background()
	w := &productWorld{salesWorld: newSalesWorld(t, s, "orderproduct")}
	cat := &catalog.Service{Store: s}
	all := catalog.Visibility{Mode: catalog.VisibleToAll}
	for name, codes := range map[string][]string{"煎茶 上級": {"SEN-1"}, "多品番セット": {"MLT-1", "MLT-2"}} {
		var skus []catalog.SKU
		for _, c := range codes {
			skus = append(skus, catalog.SKU{Code: c, ListPrice: 300})
		}
		p, err := cat.CreateProduct(ctx, w.tn, catalog.Product{Name: name, TaxClass: catalog.TaxStandard,
			Status: catalog.StatusPublished, Visibility: all, SKUs: skus}, catActor)
		if err != nil {
			t.Fatalf("product %s: %v", name, err)
		}
		for _, k := range p.SKUs {
			w.sku[k.Code] = k.ID
		}
	}
	lineSets := [][]string{{"STD-1"}, {"SEN-1"}, {"MLT-1", "MLT-2"}, {"MLT-2", "STD-1"}, {"SEN-1", "MLT-1"}, {"LOT-6"}}
	now := salesNow
	w.svc.Now = func() time.Time { return now }
	for i := range 36 {
		now = salesNow.Add(time.Duration(i/3) * 9 * time.Hour)
		var lines []sales.LineInput
		for _, code := range lineSets[i%len(lineSets)] {
			lines = append(lines, w.line(code, 12))
		}
		in := w.proxyOrder(lines...)
		in.PONumber = fmt.Sprintf("PO-%d", i%4)
		if i%3 == 0 {
			in.BuyerID, in.ShipToID = w.other, w.otherShip
		}
		o := w.place(in)
		var err error
		switch i % 5 {
		case 1:
			_, err = w.svc.Approve(ctx, w.tn, o.ID, salesStaff)
		case 2:
			_, err = w.svc.Cancel(ctx, w.tn, o.ID, "テスト", salesStaff)
		}
		if err != nil {
			t.Fatal(err)
		}
		if o, err = s.Order(ctx, w.tn, o.ID); err != nil {
			t.Fatal(err)
		}
		w.orders = append(w.orders, o)
	}
	return w
}

// want is the reference: f applied in Go to every order, with the SKUs
// the product words find given by the test, newest first.
func (w *productWorld) want(f sales.Filter, codes []string) []oroshi.ID {
	jst := time.FixedZone("JST", 9*60*60)
	day := func(at time.Time) pricing.Date { return pricing.DateOf(at.In(jst)) }
	var got []sales.Order
	for _, o := range w.orders {
		ok := slices.ContainsFunc(o.Lines, func(l sales.Line) bool { return slices.Contains(codes, l.Code) }) &&
			(f.Status == "" || o.Status == f.Status) && (f.BuyerID == 0 || o.BuyerID == f.BuyerID) &&
			(f.From.IsZero() || day(o.PlacedAt).Compare(f.From) >= 0) && (f.To.IsZero() || day(o.PlacedAt).Compare(f.To) <= 0) &&
			strings.HasPrefix(o.PONumber, f.PONumber) && strings.HasPrefix(o.Number, f.Number)
		if ok {
			got = append(got, o)
		}
	}
	slices.SortFunc(got, func(a, b sales.Order) int {
		if c := b.PlacedAt.Compare(a.PlacedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	var ids []oroshi.ID
	for _, o := range got {
		ids = append(ids, o.ID)
	}
	return ids
}

// pages walks the seller's list for f page by page, following cursors.
func (w *productWorld) pages(t *testing.T, f sales.Filter) []oroshi.ID {
	t.Helper()
	var ids []oroshi.ID
	for n := 0; ; n++ {
		l, err := w.svc.Orders(context.Background(), w.tn, f)
		if err != nil {
			t.Fatal(err)
		}
		if l.NextCursor != "" && len(l.Orders) != f.Limit {
			t.Fatalf("page %d: %d orders and a next page, want %d", n, len(l.Orders), f.Limit)
		}
		for _, o := range l.Orders {
			ids = append(ids, o.ID)
		}
		if f.Cursor = l.NextCursor; f.Cursor == "" || n > len(w.orders) {
			return ids
		}
	}
}

func TestOrdersByProductMatchReference(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newProductWorld(t, s)
		day := pricing.DateOf(salesNow.In(time.FixedZone("JST", 9*60*60)))
		set, sen, wrap := []string{"MLT-1", "MLT-2"}, []string{"SEN-1"}, []string{"STD-1"}
		cases := map[string]struct {
			f     sales.Filter
			codes []string
		}{
			"two SKUs of a product":      {sales.Filter{Product: "多品番"}, set},
			"by one code, whole product": {sales.Filter{Product: "mlt-2"}, set},
			"one SKU":                    {sales.Filter{Product: "煎茶"}, sen},
			"words of two products":      {sales.Filter{Product: "セット 煎茶"}, nil},
			"status":                     {sales.Filter{Product: "多品番", Status: sales.StatusApproved}, set},
			"cancelled":                  {sales.Filter{Product: "ラップ", Status: sales.StatusCancelled}, wrap},
			"buyer":                      {sales.Filter{Product: "多品番", BuyerID: w.other}, set},
			"dates":                      {sales.Filter{Product: "多品番", From: day.AddDays(1), To: day.AddDays(3)}, set},
			"from":                       {sales.Filter{Product: "ラップ", From: day.AddDays(2)}, wrap},
			"po prefix":                  {sales.Filter{Product: "多品番", PONumber: "PO-1"}, set},
			"number prefix":              {sales.Filter{Product: "多品番", Number: w.orders[20].Number[:len(w.orders[20].Number)-1]}, set},
			"buyer and status":           {sales.Filter{Product: "煎茶", BuyerID: w.buyer, Status: sales.StatusReceived}, sen},
			"no such product":            {sales.Filter{Product: "存在しない商品"}, nil},
		}
		for name, c := range cases {
			for _, chunk := range []int{200, 1} {
				for _, limit := range []int{1, 2, 5, 50} {
					t.Run(fmt.Sprintf("%s/chunk%d/limit%d", name, chunk, limit), func(t *testing.T) {
						defer sqlstore.SetProductSKUChunk(chunk)()
						f := c.f
						f.Limit = limit
						if want, got := w.want(f, c.codes), w.pages(t, f); !slices.Equal(want, got) {
							t.Errorf("orders\n got %v\nwant %v", got, want)
						}
					})
				}
			}
		}
		if len(w.want(sales.Filter{Product: "多品番", Status: sales.StatusApproved}, set)) == 0 {
			t.Error("the world has no approved order of the set: the status case proves nothing")
		}
	})
}

// TestOrderLinesPlacedAt: lines written by placing an order carry the
// order's placed_at, and the backfill of migration 00027 sets them from
// their orders.
func TestOrderLinesPlacedAt(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		w := newProductWorld(t, s)
		if n := w.count("order_lines"); n < len(w.orders) {
			t.Fatalf("%d lines for %d orders", n, len(w.orders))
		}
		if n := scopedCount(t, s, w.tn, fmt.Sprintf(linesOffOrder, w.tn)); n != 0 {
			t.Fatalf("%d placed lines without their order's placed_at", n)
		}
		ctx := context.Background()
		backfill := migrationSection(t, s.Engine(), "00027_order_lines_placed_at.sql", "backfill")
		corrupt := `UPDATE order_lines SET placed_at = ? WHERE tenant_id = ?`
		if s.Engine() == "postgres" {
			corrupt = `UPDATE order_lines SET placed_at = $1 WHERE tenant_id = $2`
		}
		err := scopedTx(ctx, s, w.tn, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, corrupt, time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC), int64(w.tn)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, backfill)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := scopedCount(t, s, w.tn, fmt.Sprintf(linesOffOrder, w.tn)); n != 0 {
			t.Fatalf("%d lines without their order's placed_at after the backfill", n)
		}
	})
}

// TestLoadOrderLinesPlacedAt: the large-data generator writes each order
// line with its order's placed_at (COPY on PostgreSQL, INSERTs on SQLite).
func TestLoadOrderLinesPlacedAt(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if _, err := loadgen.Run(ctx, s, loadgen.Spec{Tenants: 1, SKUs: 30, Buyers: 5, Orders: 200}, nil); err != nil {
			t.Fatal(err)
		}
		tn, err := s.TenantBySlug(ctx, loadgen.Slug(0))
		if err != nil {
			t.Fatal(err)
		}
		if n := scopedCount(t, s, tn.ID, fmt.Sprintf(`SELECT count(*) FROM order_lines WHERE tenant_id = %d`, tn.ID)); n < 200 {
			t.Fatalf("%d generated lines, want at least 200", n)
		}
		if n := scopedCount(t, s, tn.ID, fmt.Sprintf(linesOffOrder, tn.ID)); n != 0 {
			t.Fatalf("%d generated lines without their order's placed_at", n)
		}
	})
}

// linesOffOrder counts a tenant's lines whose placed_at is not their order's.
const linesOffOrder = `SELECT count(*) FROM order_lines l JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id
	WHERE l.tenant_id = %d AND (l.placed_at IS NULL OR l.placed_at <> o.placed_at)`

// migrationSection is the SQL between "-- name:begin" and "-- name:end"
// in a migration of engine.
func migrationSection(t *testing.T, engine, file, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("migrations", engine, file))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(src), "-- "+name+":begin\n")
	body, _, ok := strings.Cut(rest, "-- "+name+":end")
	if !ok {
		t.Fatalf("%s markers missing in %s", name, file)
	}
	return body
}
