package catalog

// LowStock is the stock at or under which a tracked SKU shows as
// 残りわずか. Migration 00031 repeats it: the catalogue version moves when
// a SKU's StockClass does, so the shop's cached listings need not read
// stock.
const LowStock = 10

// StockClass is what buyers see of a SKU's stock: never the number.
type StockClass int8

const (
	StockUntracked StockClass = iota // the seller does not track it: nothing shown
	StockOut                         // 在庫なし
	StockLow                         // 残りわずか
	StockOK                          // 在庫あり
)

// StockClassOf is the class that k's stock shows as.
func StockClassOf(k SKU) StockClass {
	switch {
	case !k.TrackStock:
		return StockUntracked
	case k.Stock <= 0:
		return StockOut
	case k.Stock <= LowStock:
		return StockLow
	}
	return StockOK
}
