package web

import (
	"bytes"
	"html/template"
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
	adminRows, shopRows := newRowCache[orderRow](1000), newRowCache[shopOrderRow](1000)
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
