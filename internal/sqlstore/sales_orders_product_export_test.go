package sqlstore

// SetProductSKUChunk makes the order list by product merge n SKUs per
// statement until the returned func restores it, so that small tests walk
// the merge of several statements too.
func SetProductSKUChunk(n int) (restore func()) {
	was := productSKUChunk
	productSKUChunk = n
	return func() { productSKUChunk = was }
}
