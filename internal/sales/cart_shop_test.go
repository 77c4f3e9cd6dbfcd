package sales

import (
	"testing"

	"github.com/oroshi-jp/oroshi/internal/catalog"
)

func TestDefaultQuantity(t *testing.T) {
	for _, c := range []struct {
		min, lot int
		want     int64
	}{
		{0, 0, 1}, {1, 1, 1}, {6, 6, 6}, {12, 6, 12}, {5, 3, 6}, {0, 10, 10}, {7, 1, 7},
	} {
		sku := catalog.SKU{MinQty: c.min, OrderLot: c.lot}
		got := DefaultQuantity(sku)
		if got != c.want {
			t.Errorf("min %d lot %d: %d, want %d", c.min, c.lot, got, c.want)
		}
		if len(CheckLine(sku, got)) != 0 && c.min%max(c.lot, 1) == 0 {
			t.Errorf("min %d lot %d: the default %d has problems %v", c.min, c.lot, got, CheckLine(sku, got))
		}
	}
}
