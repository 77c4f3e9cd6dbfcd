package e2e

import (
	"strings"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/demo"
)

// Journey 7: buyers of two price groups search the catalogue, open the same
// product and each sees only its own prices: 佐藤 (B001, Aランク 75 %
// 切り捨て) and 伊藤 (B003, 一般 = list price). 本醸造こいくちしょうゆ 1L lists
// at 420円 and 18L at 5,800円.
func buyersSeeTheirOwnPrices(t *testing.T, e *env) {
	for _, c := range []struct {
		email      string
		want, hide []string
	}{
		{buyerEmail, []string{"315円", "4,350円"}, []string{"420円", "5,800円"}},
		{"ito@greenkitchen.example", []string{"420円", "5,800円"}, []string{"315円", "4,350円"}},
	} {
		b := e.tab(t)
		b.open(shopBase + "/login")
		b.signIn(c.email, demo.Password)
		b.open(shopBase + "/search?q=" + "こいくち")
		b.wantContains("本醸造こいくちしょうゆ")
		b.clickXPath(`//main//a[contains(normalize-space(), "本醸造こいくちしょうゆ")]`)
		if !strings.HasPrefix(b.path(), shopBase+"/products/") {
			t.Fatalf("%s: the product link led to %s", c.email, b.path())
		}
		b.wantContains(append([]string{"本醸造こいくちしょうゆ", "税抜"}, c.want...)...)
		body := b.bodyText()
		for _, h := range c.hide {
			if strings.Contains(body, h) {
				t.Errorf("%s sees %q, another price group's price or the list price", c.email, h)
			}
		}
		b.screenshot("shop-product-" + strings.SplitN(c.email, "@", 2)[0])
	}
}
