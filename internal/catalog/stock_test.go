package catalog

import "testing"

func TestStockClassOf(t *testing.T) {
	tests := []struct {
		sku  SKU
		want StockClass
	}{
		{SKU{TrackStock: false, Stock: 0}, StockUntracked},
		{SKU{TrackStock: false, Stock: 500}, StockUntracked},
		{SKU{TrackStock: true, Stock: -1}, StockOut},
		{SKU{TrackStock: true, Stock: 0}, StockOut},
		{SKU{TrackStock: true, Stock: 1}, StockLow},
		{SKU{TrackStock: true, Stock: LowStock}, StockLow},
		{SKU{TrackStock: true, Stock: LowStock + 1}, StockOK},
	}
	for _, tt := range tests {
		if got := StockClassOf(tt.sku); got != tt.want {
			t.Errorf("StockClassOf(tracked %v, stock %d) = %d, want %d", tt.sku.TrackStock, tt.sku.Stock, got, tt.want)
		}
	}
}
