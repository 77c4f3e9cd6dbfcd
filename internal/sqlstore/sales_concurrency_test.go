package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oroshi-jp/oroshi"
	"github.com/oroshi-jp/oroshi/internal/catalog"
	"github.com/oroshi-jp/oroshi/internal/pricing"
	"github.com/oroshi-jp/oroshi/internal/sales"
	"github.com/oroshi-jp/oroshi/internal/sqlstore"
	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

// TestSalesConcurrentLastUnits: 50 orders at once for a SKU with 10 in
// stock, some for 1 unit and some for 2 or 3. Exactly the stock is sold,
// never more, and every refusal is the stock message.
func TestSalesConcurrentLastUnits(t *testing.T) {
	for _, mixed := range []bool{false, true} {
		t.Run(fmt.Sprintf("mixed=%v", mixed), func(t *testing.T) {
			sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
				testLastUnits(t, s, mixed)
			})
		})
	}
}

func testLastUnits(t *testing.T, s *sqlstore.Store, mixed bool) {
	ctx := context.Background()
	w := newSalesWorld(t, s, "rush")
	const n = 50
	ins := make([]sales.PlaceInput, n)
	for i := range ins {
		qty := int64(1)
		if mixed {
			qty = int64(1 + i%3)
		}
		ins[i] = w.proxyOrder(w.line("RED-1", qty))
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range ins {
		wg.Go(func() {
			<-start
			_, errs[i] = w.svc.PlaceOrder(ctx, ins[i])
		})
	}
	close(start)
	wg.Wait()
	var sold int64
	placed := 0
	for i, err := range errs {
		var ve *oroshi.ValidationError
		switch {
		case err == nil:
			placed++
			sold += ins[i].Lines[0].Quantity
		case errors.As(err, &ve) && ve.Fields["lines[0].quantity"] != "":
		default:
			t.Errorf("order %d: %v", i, err)
		}
	}
	stock := w.stock("RED-1")
	orders, err := w.svc.Orders(ctx, w.tn, sales.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var inOrders int64
	for _, o := range orders.Orders {
		full, _ := w.svc.Order(ctx, w.tn, o.ID)
		inOrders += full.Lines[0].Quantity
	}
	t.Logf("placed %d orders, sold %d, stock left %d", placed, sold, stock)
	if stock < 0 || sold+stock != 10 || inOrders != sold || len(orders.Orders) != placed {
		t.Errorf("sold %d (orders say %d in %d orders), stock %d", sold, inOrders, len(orders.Orders), stock)
	}
	if !mixed && sold != 10 {
		t.Errorf("sold %d, want exactly 10", sold)
	}
	if mixed && stock > 0 {
		// Every refused order asked for more than was left at the end.
		for i, err := range errs {
			if err != nil && ins[i].Lines[0].Quantity <= stock {
				t.Errorf("order %d for %d refused with %d left", i, ins[i].Lines[0].Quantity, stock)
			}
		}
	}
}

// TestSalesConcurrentDuplicates: one request sent ten times at once gives
// one order, and every answer is that order.
func TestSalesConcurrentDuplicates(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "dupes")
		in := w.proxyOrder(w.line("RED-1", 2))
		ids := make([]oroshi.ID, 10)
		errs := make([]error, 10)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				p, err := w.svc.PlaceOrder(ctx, in)
				ids[i], errs[i] = p.Order.ID, err
			})
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Errorf("request %d: order %s, %v (first %s)", i, ids[i], errs[i], ids[0])
			}
		}
		if w.count("orders") != 1 || w.stock("RED-1") != 8 {
			t.Errorf("%d orders, stock %d", w.count("orders"), w.stock("RED-1"))
		}
	})
}

// TestSalesThousandLines places, reads and cancels an order of 1,000 SKUs.
func TestSalesThousandLines(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "bulk")
		cat := &catalog.Service{Store: s}
		var lines []sales.LineInput
		for p := range 10 {
			skus := make([]catalog.SKU, 100)
			for i := range skus {
				skus[i] = catalog.SKU{Code: fmt.Sprintf("BULK-%d-%03d", p, i), ListPrice: oroshi.Yen(100 + i),
					TrackStock: i%2 == 0, Stock: 5}
			}
			prod, err := cat.CreateProduct(ctx, w.tn, catalog.Product{Name: fmt.Sprintf("まとめ買い商品%d", p),
				TaxClass: catalog.TaxClasses[p%2], Status: catalog.StatusPublished, SKUs: skus}, catActor)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range prod.SKUs {
				lines = append(lines, sales.LineInput{SKUID: k.ID, Quantity: 3})
			}
		}
		began := time.Now()
		o := w.place(w.proxyOrder(lines...))
		t.Logf("placed a %d-line order in %v", len(o.Lines), time.Since(began))
		var sum oroshi.Yen
		for _, l := range o.Lines {
			sum += l.Amount
		}
		if len(o.Lines) != 1000 || o.LineCount != 1000 || o.Totals.Subtotal != sum || len(o.Totals.ByRate) != 2 ||
			o.Lines[999].No != 1000 {
			t.Fatalf("order: %d lines, subtotal %d vs %d, %+v", len(o.Lines), o.Totals.Subtotal, sum, o.Totals.ByRate)
		}
		if _, err := w.svc.Cancel(ctx, w.tn, o.ID, "テスト", salesStaff); err != nil {
			t.Fatal(err)
		}
		p, err := s.Products(ctx, w.tn, catalog.ProductFilter{Query: "まとめ買い"})
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range p.Products {
			for _, k := range pr.SKUs {
				if k.Stock != 5 {
					t.Fatalf("%s stock %d after cancel", k.Code, k.Stock)
				}
			}
		}
	})
}

func TestSalesOrderList(t *testing.T) {
	sqlstoretest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		w := newSalesWorld(t, s, "list")
		var ids []oroshi.ID
		for i := range 7 {
			in := w.proxyOrder(w.line("STD-1", int64(i+1)))
			in.PONumber = fmt.Sprintf("PO-%d", i)
			if i == 3 {
				in.Lines = append(in.Lines, w.line("RED-1", 1))
			}
			ids = append(ids, w.place(in).ID)
		}
		if _, err := w.svc.Approve(ctx, w.tn, ids[2], salesStaff); err != nil {
			t.Fatal(err)
		}
		// Pages of 3, newest first, through the cursor.
		var seen []oroshi.ID
		f := sales.Filter{Limit: 3}
		for range 5 {
			l, err := w.svc.Orders(ctx, w.tn, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range l.Orders {
				seen = append(seen, o.ID)
			}
			if l.NextCursor == "" {
				break
			}
			f.Cursor = l.NextCursor
		}
		if len(seen) != 7 || seen[0] != ids[6] || seen[6] != ids[0] {
			t.Errorf("pages %v, placed %v", seen, ids)
		}
		today := pricing.DateOf(time.Now())
		first, err := w.svc.Order(ctx, w.tn, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		number0 := first.Number // O-2026-000001
		numberFW := "ｏ－" + strings.TrimPrefix(number0, "O-")
		cases := map[string]struct {
			f    sales.Filter
			want []oroshi.ID
		}{
			"status":     {sales.Filter{Status: sales.StatusApproved}, []oroshi.ID{ids[2]}},
			"product":    {sales.Filter{Product: "鰹節"}, []oroshi.ID{ids[3]}},
			"code":       {sales.Filter{Product: "red-1"}, []oroshi.ID{ids[3]}},
			"po":         {sales.Filter{PONumber: "PO-5"}, []oroshi.ID{ids[5]}},
			"po-case":    {sales.Filter{PONumber: "po-5"}, nil}, // bytewise prefix
			"po-middle":  {sales.Filter{PONumber: "O-5"}, nil},
			"buyer":      {sales.Filter{BuyerID: w.other}, nil},
			"dates":      {sales.Filter{From: today, To: today, Number: number0}, []oroshi.ID{ids[0]}},
			"number-fw":  {sales.Filter{Number: numberFW}, []oroshi.ID{ids[0]}}, // full-width, lower case
			"number-pre": {sales.Filter{Number: number0[:len(number0)-1]}, reverse(ids)},
			"number-mid": {sales.Filter{Number: "-000001"}, nil},
			"yesterday":  {sales.Filter{To: today.AddDays(-1)}, nil},
			"percent":    {sales.Filter{PONumber: "%"}, nil},
			"buyer only": {sales.Filter{Status: sales.StatusBuyerApproval}, nil},
		}
		for name, tc := range cases {
			l, err := w.svc.Orders(ctx, w.tn, tc.f)
			var got []oroshi.ID
			for _, o := range l.Orders {
				got = append(got, o.ID)
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s: %v %v, want %v", name, got, err, tc.want)
			}
		}
		if _, err := w.svc.Orders(ctx, w.tn, sales.Filter{Cursor: "bogus"}); err == nil {
			t.Error("bad cursor accepted")
		}
		counts := []struct {
			st         sales.Status
			upTo, want int
		}{
			{sales.StatusReceived, 100, 6}, {sales.StatusReceived, 4, 4}, {sales.StatusApproved, 100, 1},
			{sales.StatusShipped, 100, 0}, {sales.StatusBuyerApproval, 100, 0}, {sales.StatusReceived, 0, 0},
		}
		for _, c := range counts {
			if n, err := w.svc.CountOrders(ctx, w.tn, c.st, c.upTo); err != nil || n != c.want {
				t.Errorf("count %s up to %d: %d, %v; want %d", c.st, c.upTo, n, err, c.want)
			}
		}
		if n, err := w.svc.CountOrders(ctx, w.tn+1, sales.StatusReceived, 100); err != nil || n != 0 {
			t.Errorf("another tenant's count: %d, %v", n, err)
		}
	})
}

// reverse is ids newest first, as lists give them.
func reverse(ids []oroshi.ID) []oroshi.ID {
	out := slices.Clone(ids)
	slices.Reverse(out)
	return out
}
