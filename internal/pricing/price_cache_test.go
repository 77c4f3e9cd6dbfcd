package pricing

import (
	"testing"

	"github.com/oroshi-jp/oroshi"
)

// TestPriceCacheBounds: a set stops at priceCacheSetLines; past
// priceCacheLines in all, the oldest buyers' sets go first.
func TestPriceCacheBounds(t *testing.T) {
	var c priceCache
	lines := make([]Line, priceCacheSetLines+10)
	res := make([]Result, len(lines))
	all := make([]int, len(lines))
	for i := range lines {
		lines[i], res[i], all[i] = Line{SKU: oroshi.ID(i + 1), Qty: 1}, Result{UnitPrice: oroshi.Yen(i)}, i
	}
	buyers := priceCacheLines/priceCacheSetLines + 5
	for b := 1; b <= buyers; b++ {
		c.store(priceKey{t: 1, buyer: oroshi.ID(b)}, lines, res, all)
	}
	if c.lines > priceCacheLines {
		t.Errorf("%d lines kept, bound %d", c.lines, priceCacheLines)
	}
	out := make([]Result, len(lines))
	for b, want := range map[int]int{1: len(lines), buyers: 10} { // missing lines
		if got := len(c.lookup(priceKey{t: 1, buyer: oroshi.ID(b)}, lines, out)); got != want {
			t.Errorf("buyer %d: %d lines missing, want %d", b, got, want)
		}
	}
	if out[5].UnitPrice != 5 {
		t.Errorf("kept price %d, want 5", out[5].UnitPrice)
	}
}
