package web

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/identity"
	"github.com/oroshi-jp/oroshi/internal/sales"
)

// TestRowCacheSameBytes: an order list whose rows come from the row cache
// (rendered, then kept) is byte for byte the page that renders its rows
// itself, in both languages, for the seller's list and the buyer's, with
// text that must be escaped.
func TestRowCacheSameBytes(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	admin := benchOrderList()
	admin.Orders[0].BuyerName = `<script>alert("x")</script> & 株式会社`
	admin.Orders[1].PONumber = `"PO" <1>`
	shop := shopOrdersView{URL: "/sakura/orders"}
	for i := range 20 {
		o := benchOrder(i + 1)
		o.ShipTo.Label = "本社 <倉庫>"
		if i%2 == 0 {
			o.DesiredDate.Year, o.DesiredDate.Month, o.DesiredDate.Day = 2026, 12, 1+i
		}
		shop.Orders = append(shop.Orders, newShopOrderRow("/sakura", "", o))
	}
	cart := benchCart()
	cart.Lines[2].Name = `<img src=x onerror=alert(1)>`
	cart.Lines[3].Problems = []string{"在庫がありません", "発注単位は6です"}
	cart.Lines[4].Error = "数量は半角または全角の数字で入力してください"
	adminRows, shopRows := newRowCache[orderRow](1000), newRowCache[shopOrderRow](1000)
	cartRows := newRowCache[cartRow](1000)
	for _, lang := range []string{langJA, langEN} {
		for _, c := range []struct {
			name, area, role string
			data             any
			fill             func(data any) (any, error)
		}{
			{"admin/orders/index", "admin", identity.RoleAdmin, admin, func(data any) (any, error) {
				v := data.(orderListView)
				var err error
				v.Rows, err = adminRows.render(pages, lang, "admin/orders/index", "order-row", v.Orders)
				return v, err
			}},
			{"shop/orders/index", "shop", identity.RolePurchaser, shop, func(data any) (any, error) {
				v := data.(shopOrdersView)
				var err error
				v.Rows, err = shopRows.render(pages, lang, "shop/orders/index", "order-row", v.Orders)
				return v, err
			}},
			{"shop/cart/show", "shop", identity.RolePurchaser, cart, func(data any) (any, error) {
				v := data.(shopCartView)
				var err error
				v.Rows, err = cartRows.render(pages, lang, "shop/cart/show", "cart-row", v.CartRows)
				return v, err
			}},
		} {
			h := hotPage{name: c.name, area: c.area, role: c.role, title: "一覧", data: c.data}
			want := renderHot(t, pages, h, lang)
			if !strings.Contains(string(want), "&lt;") || strings.Contains(string(want), "<script>") {
				t.Fatalf("%s (%s): the rows' text is not escaped", c.name, lang)
			}
			for _, pass := range []string{"rendered", "kept"} {
				p := benchPage(h, lang)
				if p.Data, err = c.fill(p.Data); err != nil {
					t.Fatal(err)
				}
				buf, err := executePage(pages, c.name, p)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s (%s, rows %s) differs from the page rendering its rows at byte %d",
						c.name, lang, pass, firstDiff(buf.Bytes(), want))
				}
				releaseBuffer(buf)
			}
		}
	}
	if n := len(adminRows.cur); n != 2*sales.DefaultPageSize {
		t.Errorf("seller rows kept: %d, want %d (each row once per language)", n, 2*sales.DefaultPageSize)
	}
}

// TestRowCacheGenerations: a full generation becomes the old one; a row
// found there comes back into the current one; the rest go with the next
// turn.
func TestRowCacheGenerations(t *testing.T) {
	c := newRowCache[string](2)
	put := func(k string) { c.put(k, template.HTML("<"+k+">")) }
	put("a")
	put("b")
	put("c") // cur {a b} is full: old {a b}, cur {c}
	if h, ok := c.get("a"); !ok || h != "<a>" {
		t.Fatalf("a after one turn: %q %v", h, ok)
	}
	// a came back: cur {c a}. d turns again: old {c a}, cur {d}; b is gone.
	put("d")
	for _, tc := range []struct {
		key  string
		kept bool
	}{{"a", true}, {"b", false}, {"c", true}, {"d", true}} {
		if _, ok := c.get(tc.key); ok != tc.kept {
			t.Errorf("%s kept: %v, want %v", tc.key, ok, tc.kept)
		}
	}
}

// BenchmarkOrderListRows: the seller's order list of 50 rows, rendered
// whole (no row cache) and with its rows kept.
func BenchmarkOrderListRows(b *testing.B) {
	pages, err := parsePages()
	if err != nil {
		b.Fatal(err)
	}
	h := hotPage{name: "admin/orders/index", area: "admin", role: identity.RoleAdmin, title: "受注一覧", data: benchOrderList()}
	for _, kept := range []bool{false, true} {
		name := map[bool]string{false: "rendered", true: "kept"}[kept]
		rows := newRowCache[orderRow](defaultRowCacheRows)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p := benchPage(h, langJA)
				if kept {
					v := p.Data.(orderListView)
					if v.Rows, err = rows.render(pages, langJA, h.name, "order-row", v.Orders); err != nil {
						b.Fatal(err)
					}
					p.Data = v
				}
				buf, err := executePage(pages, h.name, p)
				if err != nil {
					b.Fatal(err)
				}
				releaseBuffer(buf)
			}
		})
	}
}

// TestCartRowCoversLine: a cart row holds every field of shopLine that a
// cart line shows (the row is the cache's key: a field left out would let
// two different lines share one kept row).
func TestCartRowCoversLine(t *testing.T) {
	notInCart := map[string]bool{"Shipped": true, "ShippedText": true, "Remaining": true} // order lines only
	row := reflect.TypeFor[cartRow]()
	line := reflect.TypeFor[shopLine]()
	for i := range line.NumField() {
		f := line.Field(i)
		if notInCart[f.Name] {
			continue
		}
		if _, ok := row.FieldByName(f.Name); !ok {
			t.Errorf("shopLine.%s is not in cartRow", f.Name)
		}
	}
	// And each field reaches the row: set them all, then compare.
	l := shopLine{SKUID: "1", ProductURL: "/p", Name: "n", Variant: "v", Code: "c", Unit: "u", CaseQty: "1", Lot: "2",
		MinQty: "3", Quantity: 4, QuantityText: "4", UnitPrice: 5, Amount: 6, Priced: true, TaxRate: 8, Reduced: true,
		Problems: []string{"a", "b"}, Error: "e", UpdateURL: "/u", RemoveURL: "/r"}
	got := newCartRows([]shopLine{l}, "tok", langEN)[0]
	want := cartRow{SKUID: "1", ProductURL: "/p", Name: "n", Variant: "v", Code: "c", Unit: "u", CaseQty: "1", Lot: "2",
		MinQty: "3", Quantity: 4, QuantityText: "4", UnitPrice: 5, Amount: 6, Priced: true, TaxRate: 8, Reduced: true,
		Problems: "a\nb", Error: "e", UpdateURL: "/u", RemoveURL: "/r", CSRF: "tok", Lang: langEN}
	if got != want {
		t.Errorf("cart row\n got %+v\nwant %+v", got, want)
	}
	if p := got.ProblemList(); len(p) != 2 || p[1] != "b" {
		t.Errorf("problems %q", p)
	}
}
