package loadtest

import (
	"slices"
	"testing"
)

func TestUntrackedAdds(t *testing.T) {
	row := func(stock, sku string) string {
		return `<tr><td><code>X</code></td><td>` + stock + `</td><td class="add"><form method="post" action="/s/cart/items" class="add-form">` +
			`<input type="hidden" name="csrf_token" value="tok"><input type="hidden" name="sku_id" value="` + sku + `">` +
			`<input type="number" name="quantity" value="2"></form></td></tr>`
	}
	for _, tc := range []struct {
		name, page string
		want       []string // sku ids
	}{
		{"untracked rows only",
			`<table><thead><tr><th>品番</th></tr></thead><tbody>` + row(`<span class="muted">—</span>`, "1") +
				row(`<span class="stock ok">在庫あり</span>`, "2") + row(`<span class="muted">—</span>`, "3") + `</tbody></table>`,
			[]string{"1", "3"}},
		{"an out-of-stock row has no form", `<tr><td><span class="stock out">在庫なし</span></td><td><span class="muted">—</span></td></tr>`, nil},
		{"no table", `<p>該当する商品が見つかりませんでした。</p>`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range untrackedAdds(tc.page) {
				if f.Has("csrf_token") || f.Get("quantity") != "2" {
					t.Errorf("form %v: the page's token must go, the quantity stay", f)
				}
				got = append(got, f.Get("sku_id"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestListPages(t *testing.T) {
	page := `<li class="depth-1"><a href="/s/products">すべての商品</a></li>
<li class="depth-1"><a href="/s/products?category=11">調味料</a> <small class="count">45</small></li>
<li class="depth-1"><a href="/s/products?category=12" aria-current="page">乾物</a> <small class="count">3</small></li>
<li class="depth-1"><a href="/s/products?category=13">米</a> <small class="count">500</small></li>
<li class="depth-1"><a href="/s/products?category=14">空</a> <small class="count">0</small></li>`
	want := []string{"/s/products?category=11", "/s/products?category=11&page=2", "/s/products?category=11&page=3",
		"/s/products?category=12",
		"/s/products?category=13", "/s/products?category=13&page=2", "/s/products?category=13&page=3",
		"/s/products?category=13&page=4", "/s/products?category=13&page=5"}
	if got := listPages(page); !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
